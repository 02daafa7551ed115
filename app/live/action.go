package live

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/qmpdash/qmpdash/app/cmdline"
	"github.com/tidwall/gjson"
)

// Action is a command a row offers, as a template filled from the row.
type Action struct {
	// Name is what the action is called ("cancel").
	Name string
	// Command is the command sent.
	Command string
	// Args fill the command's arguments from the row, in order.
	Args []Arg
	// When lists the statuses (View.Status) that allow the action; empty
	// allows it in any.
	When []string
	// Edit puts the line in the input line for the user to finish (a new
	// speed, say) instead of sending it.
	Edit bool
	// Ask is appended to an Edit line: the arguments the user fills in
	// ("size=").
	Ask string
	// ForgetsGone makes the action, on a row that left the server's reply
	// (View.Keep), forget the row instead of sending anything.
	ForgetsGone bool
}

// Arg is one argument of an action's command.
type Arg struct {
	// Name is the argument's name; Path is where the row holds its value.
	Name, Path string
}

// Allows reports whether the action applies to r: its status allows it,
// and a row that left the reply offers only what forgets it.
func (a Action) Allows(r Row) bool {
	if r.Gone {
		return a.ForgetsGone
	}
	return len(a.When) == 0 || slices.Contains(a.When, r.Status)
}

// Line is the command line the action sends for r, in the input line's
// language, so that it goes through the one send path like a typed line.
// It fails when the row lacks an argument's value.
func (a Action) Line(r Row) (string, error) {
	var b strings.Builder
	b.WriteByte('{')
	for i, arg := range a.Args {
		v := gjson.GetBytes(r.Data, arg.Path)
		if !v.Exists() {
			return "", fmt.Errorf("%s: not for this row, which has no %s", a.Name, arg.Path)
		}
		if i > 0 {
			b.WriteByte(',')
		}
		name, _ := json.Marshal(arg.Name)
		b.Write(name)
		b.WriteByte(':')
		b.WriteString(v.Raw)
	}
	b.WriteByte('}')
	line, ok := cmdline.FormatCommand(a.Command, json.RawMessage(b.String()))
	if !ok {
		return "", fmt.Errorf("%s: cannot write %s with the row's values as a command line", a.Name, a.Command)
	}
	if a.Ask != "" {
		line += " " + a.Ask
	}
	return line, nil
}

// Action returns the view's action named name.
func (v *View) Action(name string) (Action, bool) {
	for _, a := range v.Actions {
		if a.Name == name {
			return a, true
		}
	}
	return Action{}, false
}
