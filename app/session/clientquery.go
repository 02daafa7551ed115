package session

import (
	"context"
	"encoding/json"

	"github.com/qmpdash/qmpdash/app/send"
	"github.com/qmpdash/qmpdash/qmp"
)

// ClientPoller sends automatic requests on a bare client, as Poll does on
// a session's: for the headless commands, which hold no session.
type ClientPoller struct {
	// Client is the connection; the caller closes it.
	Client *qmp.Client
}

// Poll sends command with args (a JSON object, or nil) with an auto: id
// and returns its "return" value; send.ErrNotConnected once the
// connection has ended; ctx bounds the wait.
func (p ClientPoller) Poll(ctx context.Context, command string, args json.RawMessage) (json.RawMessage, error) {
	if p.Client.Err() != nil {
		return nil, send.ErrNotConnected
	}
	return executeAutoWith(ctx, p.Client, command, args)
}
