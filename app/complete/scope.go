package complete

import (
	"encoding/json"
	"slices"

	"github.com/qmpdash/qmpdash/app/cmdline"
	"github.com/qmpdash/qmpdash/docs"
)

// txOpen is how the command language opens a transaction.
const txOpen = "transaction("

// scope is the object that the key or value under the cursor belongs to —
// a command's arguments, a transaction action's data or a transaction's
// properties — together with the pairs typed there so far.
type scope struct {
	// command is the schema command whose arguments hold the scope, and
	// base the path from those arguments down to it.
	command string
	base    []string
	// args are the pairs typed in the scope, without the one under the
	// cursor where it could be left out; nil when the line did not parse.
	args []cmdline.Arg
	// json is the arguments of command built from args, for ArgType.
	json json.RawMessage
}

// scopeOf finds the scope of a key or value at ctx. continued says that
// text continues a transaction opened on an earlier line.
func scopeOf(text string, ctx cmdline.Context, continued bool) scope {
	args := typedArgs(text, ctx, continued)
	switch {
	case !ctx.InTransaction:
		l := cmdline.Line{Kind: cmdline.Command, Args: args}
		return scope{command: ctx.Command, args: args, json: l.Arguments()}
	case ctx.Command == "":
		l := cmdline.Line{Kind: cmdline.Transaction, Properties: args}
		return scope{command: "transaction", base: []string{"properties"}, args: args, json: l.Arguments()}
	}
	// One action is enough: its type selects the union variant holding
	// its data, whichever place it has in the transaction.
	l := cmdline.Line{Kind: cmdline.Transaction, Actions: []cmdline.Action{{Type: ctx.Command, Args: args}}}
	return scope{command: "transaction", base: []string{"actions", "[0]", "data"}, args: args, json: l.Arguments()}
}

// typeAt returns the type at path inside the scope, or nil.
func (sc *scope) typeAt(s *docs.Schema, path []string) *docs.Type {
	full := path
	if len(sc.base) > 0 {
		full = append(slices.Clip(sc.base), path...)
	}
	return s.ArgType(sc.command, full, sc.json)
}

// tagValue returns the string typed for the key path.tag, which selects
// the variant of the union at path.
func (sc *scope) tagValue(path []string, tag string) (string, bool) {
	for _, a := range sc.args {
		n := len(a.Path)
		if n != len(path)+1 || a.Path[n-1] != tag || !slices.Equal(a.Path[:n-1], path) {
			continue
		}
		var v string
		if a.Value.Kind != cmdline.Bare && a.Value.Kind != cmdline.String || json.Unmarshal(a.Value.JSON, &v) != nil {
			return "", false
		}
		return v, true
	}
	return "", false
}

// typedArgs parses the line around the cursor leniently: the word under
// the cursor is half-typed, so it is left out, and an open transaction is
// closed, until the parser accepts the line. It tries the line without
// that word first, keeping what follows the cursor (a union's tag may be
// typed later on the line), then only what precedes it. It returns the
// pairs of the command, action or properties at ctx, or nil.
func typedArgs(text string, ctx cmdline.Context, continued bool) []cmdline.Arg {
	lead := ""
	if continued {
		// Parsed on its own, the line needs the opening it continues.
		lead = txOpen + " "
	}
	start, end := wordSpan(text, lead, ctx)
	for _, t := range []string{lead + text[:start] + " " + text[end:], lead + text[:start]} {
		for _, tail := range []string{"", " )"} {
			if tail != "" && !ctx.InTransaction {
				break
			}
			if l, err := cmdline.Parse(t + tail); err == nil {
				return pick(l, ctx, start+len(lead))
			}
		}
	}
	return nil
}

// wordSpan returns the span of the key=value word under the cursor.
// Locate reports a key only up to its '=' and a value only from it, so
// the other half is found by asking again, or for a key by scanning back;
// lead is what makes text parse as it would in the parser's state.
func wordSpan(text, lead string, ctx cmdline.Context) (start, end int) {
	if ctx.Target == cmdline.TargetKey {
		if ctx.End < len(text) && text[ctx.End] == '=' {
			v := cmdline.Locate(lead+text, len(lead)+ctx.End+1)
			return ctx.Start, min(max(v.End-len(lead), ctx.End), len(text))
		}
		return ctx.Start, ctx.End
	}
	// A value's key is the run of key characters before its '='.
	start = ctx.Start - 1
	for start > 0 && isKeyByte(text[start-1]) {
		start--
	}
	return start, ctx.End
}

// isKeyByte reports whether c may appear in a key.
func isKeyByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' ||
		c == '-' || c == '_' || c == '.'
}

// pick returns the pairs of the scope ctx names from the parsed line l;
// cursor is the cursor word's start in l's coordinates.
func pick(l *cmdline.Line, ctx cmdline.Context, cursor int) []cmdline.Arg {
	switch {
	case l.Kind == cmdline.Command && !ctx.InTransaction && l.Command == ctx.Command:
		return l.Args
	case l.Kind != cmdline.Transaction || !ctx.InTransaction:
		return nil
	case ctx.Command == "":
		return l.Properties
	}
	// The cursor's action is the last one starting before the cursor;
	// positions before it are the same in l as in the text.
	var args []cmdline.Arg
	for _, a := range l.Actions {
		if a.TypePos < cursor && a.Type == ctx.Command {
			args = a.Args
		}
	}
	return args
}
