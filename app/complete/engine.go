package complete

import (
	"strings"

	"github.com/qmpdash/qmpdash/app/cmdline"
	"github.com/qmpdash/qmpdash/docs"
)

// Kind says what a candidate completes.
type Kind int

const (
	// Command is a command name, or the hmp pseudo-command.
	Command Kind = iota
	// Argument is a top-level argument name of a command or action.
	Argument
	// Value is a value after '=': an enum value, true, false or null.
	Value
	// Member is a nested member name after a dot (file.driver).
	Member
	// Event is an event name.
	Event
	// Action is a transaction's action type.
	Action
	// Dashboard is a dashboard command, typed after ':'.
	Dashboard
)

// String returns a short lower-case name, for popups and messages.
func (k Kind) String() string {
	switch k {
	case Command:
		return "command"
	case Argument:
		return "argument"
	case Value:
		return "value"
	case Member:
		return "member"
	case Event:
		return "event"
	case Action:
		return "action"
	case Dashboard:
		return "dashboard command"
	}
	return "invalid kind"
}

// Candidate is one completion. Replacing text[Start:End] with Text gives
// the completed line; 0 <= Start <= End <= len(text) always holds.
type Candidate struct {
	// Text is what to insert: a name, "name=" for an argument (or
	// "name." for one whose type is an object, so its members come
	// next), or a value quoted if the command language needs it quoted.
	Text string
	// Display is what a popup shows: the bare name or value.
	Display string
	// Kind says what the candidate is.
	Kind Kind
	// Type describes the argument's or value's type (docs.Type.Describe),
	// or is "" for commands, actions and events.
	Type string
	// Summary is one line: the Summaries hook's sentence where it has one,
	// else a generated one such as "required · int".
	Summary string
	// Required marks arguments that must be given; Deprecated and
	// Unstable come from the schema's features.
	Required, Deprecated, Unstable bool
	// Start and End are the byte span of the text to replace.
	Start, End int
}

// Summaries gives the first sentence of the documentation of a command or
// event (action types share their commands' names). It returns "" when it
// has none; the engine then generates a summary from the schema. It is
// called during Complete, so it may be filled in after New.
type Summaries interface {
	Summary(name string) string
}

// Engine completes input lines against one schema. Build it with New; it
// is immutable and safe for concurrent use if its Summaries are.
type Engine struct {
	schema   *docs.Schema
	sum      Summaries
	commands []entry // commands and pseudo-commands
	actions  []entry // transaction action types
	events   []entry
	types    map[*docs.Type]*typeInfo
	live     Live // nil: no live values (see WithLive)
}

// New prepares an engine for s, which may be a fallback schema (command
// names only). sum may be nil.
func New(s *docs.Schema, sum Summaries) *Engine {
	e := &Engine{schema: s, sum: sum}
	e.index()
	return e
}

// Complete returns the candidates for the word under the cursor (a byte
// offset, clamped to text), best first; nil when there is nothing to
// offer. text is one line on its own; for lines inside a multi-line
// transaction use CompleteIn.
func (e *Engine) Complete(text string, cursor int) []Candidate {
	return e.complete(text, cmdline.Locate(text, cursor), false)
}

// CompleteIn is Complete for the line that will next be fed to p: while p
// holds an open multi-line transaction, text holds actions; in HMP mode
// nothing is offered. It does not change p.
func (e *Engine) CompleteIn(p *cmdline.Parser, text string, cursor int) []Candidate {
	return e.complete(text, p.Locate(text, cursor), p.Pending())
}

// Events returns the event names matching prefix, best first, as for an
// event filter input. Glob characters (* ? [ ]) are dropped, and what
// remains is matched like a command name, so BLOCK_JOB_* and *JOB* both
// find BLOCK_JOB_COMPLETED. The span is the whole of prefix.
func (e *Engine) Events(prefix string) []Candidate {
	q := strings.Map(func(r rune) rune {
		if strings.ContainsRune("*?[]", r) {
			return -1
		}
		return r
	}, prefix)
	return e.rank(q, span{0, len(prefix)}, byCloseness, e.events)
}

// complete dispatches on what the cursor is in. continued says that text
// continues a transaction opened on an earlier line.
func (e *Engine) complete(text string, ctx cmdline.Context, continued bool) []Candidate {
	switch ctx.Target {
	case cmdline.TargetCommand:
		list := e.commands
		if ctx.InTransaction {
			list = e.actions
		}
		return e.rank(ctx.Prefix, span{ctx.Start, ctx.End}, byCloseness, list)
	case cmdline.TargetKey:
		return e.keys(text, ctx, continued)
	case cmdline.TargetValue:
		return e.values(text, ctx, continued)
	}
	return nil
}
