package send

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/qmpdash/qmpdash/app/cmdline"
	"github.com/qmpdash/qmpdash/docs"
	"github.com/qmpdash/qmpdash/qmp"
	"github.com/tidwall/gjson"
)

// Prepared is a parsed line made ready to send.
type Prepared struct {
	Request qmp.Request
	// HMP is set for human-monitor-command lines: the reply is text.
	HMP bool
	// Warnings are deprecation and stability notes that did not block it.
	Warnings []docs.Problem
	// File is the local file the line passes with the request, nil if
	// none; Do opens it.
	File *cmdline.PassFile
}

// Target returns the command name and arguments object, also for a raw
// JSON message (from its "execute" and "arguments").
func (p *Prepared) Target() (name string, args []byte) {
	if p.Request.Raw != nil {
		return gjson.GetBytes(p.Request.Raw, "execute").String(), []byte(gjson.GetBytes(p.Request.Raw, "arguments").Raw)
	}
	return p.Request.Command, p.Request.Arguments
}

// ValidationError lists why the schema rejects a line. Nothing was sent.
type ValidationError struct {
	// Line is the text the offsets refer to; "" for multi-line input.
	Line   string
	Issues []Issue
}

// Issue is one problem with the byte offset of the part it is about, or
// -1 when it cannot be placed on the line.
type Issue struct {
	docs.Problem
	Offset int
}

// Error lists the problems, one per line.
func (e *ValidationError) Error() string {
	msgs := make([]string, len(e.Issues))
	for i, is := range e.Issues {
		msgs[i] = is.Problem.String()
	}
	return strings.Join(msgs, "\n")
}

// Caret renders each problem under the line with a caret at its place.
func (e *ValidationError) Caret() string {
	var b strings.Builder
	for i, is := range e.Issues {
		if i > 0 {
			b.WriteByte('\n')
		}
		if e.Line != "" && is.Offset >= 0 {
			col := cmdline.Column(e.Line, is.Offset)
			b.WriteString(cmdline.Caret(e.Line, col))
			b.WriteByte(' ')
		}
		b.WriteString(is.Problem.String())
	}
	return b.String()
}

// Prepare turns a parsed line into a request. With a schema it first reads
// unquoted values the way the schema wants them — device=1 becomes the
// string "1" where the argument is a string — and then validates, unless
// the line is forced with '!'. text is the line the offsets refer to ("" for
// a multi-line transaction). schema may be nil.
func Prepare(line *cmdline.Line, text string, schema *docs.Schema) (*Prepared, error) {
	if line.Kind == cmdline.Empty {
		return nil, fmt.Errorf("nothing to send")
	}
	if line.Kind == cmdline.RawJSON {
		return &Prepared{Request: qmp.Request{Raw: line.Raw}}, nil
	}
	if schema != nil {
		line = coerce(line, schema)
	}
	name, args := line.Request()
	p := &Prepared{Request: qmp.Request{Command: name, Arguments: args}, HMP: line.Kind == cmdline.HMP, File: line.File}
	if schema == nil || line.Force {
		return p, nil
	}
	verr := &ValidationError{Line: text}
	for _, prob := range schema.Validate(name, args) {
		if prob.Severity == docs.SeverityWarning {
			p.Warnings = append(p.Warnings, prob)
			continue
		}
		off := offsetOf(line, prob)
		if off < 0 && line.Kind == cmdline.Command && len(prob.Path) > 0 {
			off = len(strings.TrimRight(text, " \t")) + 1 // where it is missing: at the end
		}
		verr.Issues = append(verr.Issues, Issue{Problem: prob, Offset: min(off, len(text))})
	}
	if len(verr.Issues) > 0 {
		return nil, verr
	}
	return p, nil
}

// coerce returns a copy of line whose unquoted scalar values are strings
// wherever the schema wants a string and would not take them as typed.
func coerce(line *cmdline.Line, schema *docs.Schema) *cmdline.Line {
	name, args := line.Request()
	out := *line
	fix := func(arg cmdline.Arg, path []string) cmdline.Arg {
		if !unquotedScalar(arg.Value.Kind) {
			return arg
		}
		t := schema.ArgType(name, path, args)
		if t == nil || t.Accepts(jsonTypeOf(arg.Value.Kind)) || !t.Accepts("string") {
			return arg
		}
		quoted, _ := json.Marshal(arg.Value.Text)
		arg.Value.JSON = quoted
		arg.Value.Kind = cmdline.String
		return arg
	}
	switch line.Kind {
	case cmdline.Command:
		out.Args = make([]cmdline.Arg, len(line.Args))
		for i, a := range line.Args {
			out.Args[i] = fix(a, a.Path)
		}
	case cmdline.Transaction:
		out.Actions = make([]cmdline.Action, len(line.Actions))
		for i, act := range line.Actions {
			act.Args = slices.Clone(act.Args)
			for j, a := range act.Args {
				act.Args[j] = fix(a, append([]string{"actions", fmt.Sprintf("[%d]", i), "data"}, a.Path...))
			}
			out.Actions[i] = act
		}
		out.Properties = slices.Clone(line.Properties)
		for i, a := range line.Properties {
			out.Properties[i] = fix(a, append([]string{"properties"}, a.Path...))
		}
	}
	return &out
}

func unquotedScalar(k cmdline.ValueKind) bool {
	return k == cmdline.Int || k == cmdline.Float || k == cmdline.Bool || k == cmdline.Null || k == cmdline.Bare
}

// jsonTypeOf names the JSON type of a value kind as docs.Type.Accepts does.
func jsonTypeOf(k cmdline.ValueKind) string {
	switch k {
	case cmdline.Int:
		return "int"
	case cmdline.Float:
		return "number"
	case cmdline.Bool:
		return "boolean"
	case cmdline.Null:
		return "null"
	case cmdline.Array:
		return "array"
	case cmdline.Object:
		return "object"
	}
	return "string"
}

// offsetOf places a problem on the line: at the value of the argument its
// path names (or the key, for unknown or misplaced arguments), at the
// command name when it has no path, and -1 when it cannot tell.
func offsetOf(line *cmdline.Line, p docs.Problem) int {
	if len(p.Path) == 0 {
		if line.Kind == cmdline.Command {
			return line.CommandPos
		}
		return -1
	}
	args, path := line.Args, p.Path
	if line.Kind == cmdline.Transaction {
		var i int
		if len(path) < 2 || path[0] != "actions" || sscanIndex(path[1], &i) != nil || i >= len(line.Actions) {
			return -1
		}
		if len(path) == 2 || path[2] != "data" {
			return line.Actions[i].TypePos
		}
		args, path = line.Actions[i].Args, path[3:]
	}
	best, bestLen := -1, 0
	for _, a := range args {
		n := commonPrefix(a.Path, path)
		if n == 0 || n < len(a.Path) && n < len(path) || n <= bestLen {
			continue
		}
		best, bestLen = a.Value.Pos, n
		if strings.HasPrefix(p.Msg, "unknown argument") || strings.HasPrefix(p.Msg, "not valid for") {
			best = a.KeyPos
		}
	}
	return best
}

func commonPrefix(a, b []string) int {
	n := 0
	for n < len(a) && n < len(b) && a[n] == b[n] {
		n++
	}
	return n
}

func sscanIndex(s string, i *int) error {
	_, err := fmt.Sscanf(s, "[%d]", i)
	return err
}
