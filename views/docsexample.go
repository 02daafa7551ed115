package views

import (
	"bytes"
	"encoding/json"

	"github.com/qmpdash/qmpdash/app/cmdline"
	"github.com/qmpdash/qmpdash/docs"
	"github.com/qmpdash/qmpdash/views/widget"
	"github.com/tidwall/gjson"
)

// maxExampleLines bounds one example message as the overlay shows it.
const maxExampleLines = 200

// exampleLines renders an example exchange: each message after its
// direction arrow, as expanded and highlighted JSON when it is JSON (the
// documentation elides parts with "..." at times; those stay text), and
// comment lines dimmed.
func exampleLines(ex docs.RefExample, th widget.Theme) []widget.Line {
	var out []widget.Line
	for _, l := range ex.Lines {
		if l.Dir == "" {
			out = append(out, widget.Line{{Text: "  " + l.Text, Style: th.Dim}})
			continue
		}
		arrow := widget.Span{Text: "  " + l.Dir + " ", Style: th.OK}
		if l.Dir == "<-" {
			arrow.Style = th.Pending
		}
		if !json.Valid([]byte(l.Text)) {
			out = append(out, widget.Line{arrow, {Text: l.Text, Style: th.Base}})
			continue
		}
		doc := widget.NewJSONDoc([]byte(l.Text), widget.Expanded, th)
		for i, jl := range doc.Lines(0, maxExampleLines) {
			lead := widget.Span{Text: "     "}
			if i == 0 {
				lead = arrow
			}
			out = append(out, append(widget.Line{lead}, jl...))
		}
	}
	return out
}

// exampleCommand is the first request of the entry's examples as a line
// for the input line: the qmp-shell form where cmdline.FormatCommand can
// write it, else the compact JSON message, which the input line sends as
// typed. It reports false when no example has a request in JSON.
func exampleCommand(r *docs.Ref) (string, bool) {
	if r == nil {
		return "", false
	}
	for _, ex := range r.Examples {
		for _, l := range ex.Lines {
			if l.Dir != "->" || !gjson.Valid(l.Text) {
				continue
			}
			msg := gjson.Parse(l.Text)
			name := msg.Get("execute")
			if !msg.IsObject() || name.Type != gjson.String {
				continue
			}
			if line, ok := cmdline.FormatCommand(name.String(), json.RawMessage(msg.Get("arguments").Raw)); ok {
				return line, true
			}
			var buf bytes.Buffer
			if json.Compact(&buf, []byte(l.Text)) == nil {
				return buf.String(), true
			}
		}
	}
	return "", false
}
