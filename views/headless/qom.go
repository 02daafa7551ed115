package headless

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/qmpdash/qmpdash/app/qom"
	"github.com/qmpdash/qmpdash/app/termtext"
)

// PrintQOM writes rows (qom.Model.Subtree) as an indented tree, one line
// a node: its name, its type and, for a property, " = " and its value or
// " ! " and why it could not be read. Server text is escaped.
func PrintQOM(w io.Writer, rows []qom.Row, refused int) error {
	var b strings.Builder
	for _, r := range rows {
		b.WriteString(strings.Repeat("  ", r.Depth))
		name := r.Name
		if r.Depth == 0 {
			name = r.Path
		}
		b.WriteString(termtext.EscapeText(name))
		if r.Type != "" {
			b.WriteString("  " + termtext.EscapeText(r.Type))
		}
		switch {
		case r.Err != "":
			b.WriteString("  ! " + termtext.EscapeText(r.Err))
		case r.Value != "":
			b.WriteString(" = " + string(termtext.EscapeJSON([]byte(r.Value))))
		}
		if r.Partial {
			b.WriteString("  (more properties than the node cap)")
		}
		b.WriteByte('\n')
	}
	if refused > 0 {
		fmt.Fprintf(&b, "(%d nodes left out: the node cap was reached)\n", refused)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// qomNode is a node of PrintQOMJSON's output.
type qomNode struct {
	Path     string          `json:"path"`
	Type     string          `json:"type,omitempty"`
	Value    json.RawMessage `json:"value,omitempty"`
	Error    string          `json:"error,omitempty"`
	Partial  bool            `json:"partial,omitempty"`
	Children []*qomNode      `json:"children,omitempty"`
}

// PrintQOMJSON writes rows (qom.Model.Subtree) as one JSON document: the
// first row's node with its children nested, each with its path, type,
// value or error. Server text is escaped.
func PrintQOMJSON(w io.Writer, rows []qom.Row) error {
	if len(rows) == 0 {
		return nil
	}
	var stack []*qomNode
	for _, r := range rows {
		n := &qomNode{Path: r.Path, Type: r.Type, Error: r.Err, Partial: r.Partial}
		if r.Value != "" {
			n.Value = json.RawMessage(r.Value)
		}
		stack = stack[:min(r.Depth, len(stack))]
		if len(stack) > 0 {
			parent := stack[len(stack)-1]
			parent.Children = append(parent.Children, n)
		}
		stack = append(stack, n)
	}
	var out bytes.Buffer
	enc := json.NewEncoder(&out)
	enc.SetEscapeHTML(false) // child<...> reads as typed
	if err := enc.Encode(stack[0]); err != nil {
		return err
	}
	_, err := w.Write(termtext.EscapeJSON(out.Bytes()))
	return err
}
