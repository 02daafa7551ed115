package keymap

// Keymap answers which action a key triggers in a context. It is not safe
// for concurrent use: the dashboard reads and changes it on the UI
// goroutine only.
type Keymap struct {
	bindings []Binding
	index    map[Context]map[Key]Action
}

// New builds a keymap from a table. Where the table binds one key twice in
// one context the later binding wins; Customize and Check keep such
// tables out.
func New(bindings []Binding) *Keymap {
	km := &Keymap{}
	km.SetBindings(bindings)
	return km
}

// SetBindings replaces the table, as the keys overlay does after a
// rebinding; everyone holding the keymap sees the new keys.
func (km *Keymap) SetBindings(bindings []Binding) {
	km.bindings = bindings
	km.index = map[Context]map[Key]Action{}
	for _, b := range bindings {
		if km.index[b.Context] == nil {
			km.index[b.Context] = map[Key]Action{}
		}
		for _, k := range b.Keys {
			km.index[b.Context][k] = b.Action
		}
	}
}

// Lookup finds the action for k, trying contexts in order (most specific
// first) and Global last.
func (km *Keymap) Lookup(k Key, contexts ...Context) (Action, bool) {
	for _, c := range append(contexts, Global) {
		if a, ok := km.index[c][k]; ok {
			return a, true
		}
	}
	return "", false
}

// LookupIn finds the action for k in context c and the contexts it lies
// within, as the context table says. In a typing context an unmodified
// printable key only triggers that context's own bindings: elsewhere it is
// text.
func (km *Keymap) LookupIn(k Key, c Context) (Action, bool) {
	for i, ctx := range c.Chain() {
		if i > 0 && k.Printable() && c.Info().Typing {
			break
		}
		if a, ok := km.index[ctx][k]; ok {
			return a, true
		}
	}
	return "", false
}

// Bindings returns the table, in order. The caller must not change it.
func (km *Keymap) Bindings() []Binding { return km.bindings }

// KeysOf returns the keys bound to an action, for hints.
func (km *Keymap) KeysOf(a Action) []Key {
	if b, ok := km.Binding(a); ok {
		return b.Keys
	}
	return nil
}

// Binding returns the table's entry for an action.
func (km *Keymap) Binding(a Action) (Binding, bool) {
	for _, b := range km.bindings {
		if b.Action == a {
			return b, true
		}
	}
	return Binding{}, false
}

// Macro returns the macro an action runs, nil for built-in actions.
func (km *Keymap) Macro(a Action) *Macro {
	if b, ok := km.Binding(a); ok {
		return b.Macro
	}
	return nil
}

// Rebound returns a copy of table with a's keys replaced; nil keys unbind
// it.
func Rebound(table []Binding, a Action, keys []Key) []Binding {
	out := make([]Binding, len(table))
	copy(out, table)
	for i := range out {
		if out[i].Action == a {
			out[i].Keys = keys
		}
	}
	return out
}
