package send

import (
	"strings"

	"github.com/qmpdash/qmpdash/app/termtext"
	"github.com/tidwall/gjson"
)

// Outgoing is a line checked and ready to send.
type Outgoing struct {
	Prepared *Prepared
	// Name and Args are the command and its arguments, also for raw JSON.
	Name string
	Args []byte
	// Text is the line as typed.
	Text string
	// Broadcast is the number of the broadcast this send is part of, 0 if
	// none (see session.Fleet.Broadcast).
	Broadcast uint64
	// From names the client the line came from when it is not the one
	// sending it here (store.CommandEntry.From); "" for the sender's own.
	From string
}

// Label names what out does for a question to the user: the command name,
// or "hmp" and the HMP command line, escaped.
func (o *Outgoing) Label() string {
	if o.Prepared != nil && o.Prepared.HMP {
		return "hmp " + termtext.EscapeControls(strings.TrimSpace(gjson.GetBytes(o.Args, "command-line").String()))
	}
	return o.Name
}
