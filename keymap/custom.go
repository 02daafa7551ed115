package keymap

import (
	"errors"
	"fmt"
)

// Override is the user's keys for one action, as a configuration file's
// [keys] entry gives them; no keys unbinds the action.
type Override struct {
	Action Action
	Keys   []Key
}

// Problem is what is wrong with one of the user's entries. Customize
// leaves a clashing key out (the preset's binding keeps it) and an entry
// naming no action out entirely; a shadow is kept, since the user may mean
// it, and reported so that they know.
type Problem struct {
	// Override is the index of the override at fault, -1 for a macro.
	Override int
	// Macro is the index of the macro at fault, -1 for an override.
	Macro int
	// Err is a *Conflict, or ErrUnknownAction wrapped with the name.
	Err error
}

// Error renders the cause.
func (p *Problem) Error() string { return p.Err.Error() }

// Unwrap returns the cause.
func (p *Problem) Unwrap() error { return p.Err }

// ErrUnknownAction is the cause of a Problem whose override names no
// action of the table.
var ErrUnknownAction = errors.New("unknown action")

// Customize derives the user's table from a preset: the overrides replace
// their actions' keys, then the macros are added, each in the order given.
// A key can be taken only once per context: a key the preset keeps for
// another action, or an earlier entry took, is left out and reported.
// Every problem is returned; the table is always usable.
func Customize(preset []Binding, overrides []Override, macros []Macro) ([]Binding, []*Problem) {
	table := append([]Binding(nil), preset...)
	at := map[Action]int{}
	for i, b := range table {
		at[b.Action] = i
	}
	var problems []*Problem
	user := map[Action]int{} // action → override index
	for i, o := range overrides {
		if _, ok := at[o.Action]; !ok {
			problems = append(problems, &Problem{Override: i, Macro: -1, Err: fmt.Errorf("%w %q", ErrUnknownAction, o.Action)})
			continue
		}
		user[o.Action] = i
	}
	// The preset's keys of untouched actions are taken first: an override
	// cannot take them, whatever the order in the file.
	owner := map[Context]map[Key]Action{}
	claim := func(c Context, k Key, a Action) *Conflict {
		if owner[c] == nil {
			owner[c] = map[Key]Action{}
		}
		if other, ok := owner[c][k]; ok {
			if other == a {
				return nil
			}
			return &Conflict{Key: k, Context: c, Action: a, Other: other, OtherContext: c}
		}
		owner[c][k] = a
		return nil
	}
	for _, b := range table {
		if _, changed := user[b.Action]; !changed {
			for _, k := range b.Keys {
				claim(b.Context, k, b.Action)
			}
		}
	}
	for i, o := range overrides {
		if _, ok := at[o.Action]; !ok {
			continue
		}
		b := &table[at[o.Action]]
		keys := []Key{}
		for _, k := range o.Keys {
			if c := claim(b.Context, k, b.Action); c != nil {
				problems = append(problems, &Problem{Override: i, Macro: -1, Err: c})
				continue
			}
			if !containsKey(keys, k) {
				keys = append(keys, k)
			}
		}
		b.Keys = keys
	}
	for i, m := range macros {
		mb := m.Binding()
		if other, ok := owner[mb.Context][m.Key]; ok && other == mb.Action {
			problems = append(problems, &Problem{Override: -1, Macro: i, Err: &Conflict{Key: m.Key, Context: mb.Context, Action: other, Other: other, OtherContext: mb.Context}})
			continue
		}
		if c := claim(mb.Context, m.Key, mb.Action); c != nil {
			problems = append(problems, &Problem{Override: -1, Macro: i, Err: c})
			continue
		}
		table = append(table, mb)
	}
	return table, append(problems, shadowProblems(table, preset, user, macros)...)
}

// shadowProblems reports the shadows the user's entries cast, blaming the
// entry that moved a key: the outer action's if the user changed it, else
// the inner one's.
func shadowProblems(table, preset []Binding, user map[Action]int, macros []Macro) []*Problem {
	macro := map[Action]int{}
	for i, m := range macros {
		macro[MacroAction(m.Key)] = i
	}
	var problems []*Problem
	for _, err := range Check(table, preset) {
		c := err.(*Conflict)
		p := &Problem{Override: -1, Macro: -1, Err: c}
		for _, a := range []Action{c.Other, c.Action} {
			if i, ok := user[a]; ok && p.Macro < 0 && p.Override < 0 {
				p.Override = i
			}
			if i, ok := macro[a]; ok && p.Macro < 0 && p.Override < 0 {
				p.Macro = i
			}
		}
		problems = append(problems, p)
	}
	return problems
}

func containsKey(keys []Key, k Key) bool {
	for _, x := range keys {
		if x == k {
			return true
		}
	}
	return false
}
