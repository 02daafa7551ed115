package headless

import (
	"context"
	"encoding/json"
	"io"

	"github.com/qmpdash/qmpdash/app/send"
	"github.com/qmpdash/qmpdash/app/termtext"
	"github.com/qmpdash/qmpdash/qmp"
	"github.com/tidwall/pretty"
)

// Send sends a checked line and waits for what the client returns.
func Send(ctx context.Context, p *send.Sender, out *send.Outgoing) (*qmp.Response, error) {
	sent, err := p.Send(ctx, out)
	if err != nil {
		return nil, err
	}
	return sent.Response()
}

// PrintReturn writes a return value: HMP text as text, JSON compact or
// indented with sorted keys, both escaped (termtext.EscapeText, termtext.EscapeJSON)
// so nothing the server sent steers the terminal. It makes one Write of
// whole lines, which the interactive shell's writer needs to keep its
// prompt intact.
func PrintReturn(w io.Writer, ret []byte, hmp, indent bool) {
	var out []byte
	var text string
	switch {
	case hmp && json.Unmarshal(ret, &text) == nil:
		out = []byte(termtext.EscapeText(text))
	case indent:
		out = termtext.EscapeJSON(pretty.PrettyOptions(ret, &pretty.Options{Indent: "  ", SortKeys: true, Width: 80}))
	default:
		out = termtext.EscapeJSON(pretty.Ugly(ret))
	}
	if len(out) > 0 && out[len(out)-1] != '\n' {
		out = append(out, '\n')
	}
	w.Write(out)
}
