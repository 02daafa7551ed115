package keymap

import "fmt"

// Conflict is a key two bindings want. Either both are in one context (a
// clash: only one can have it), or Action's context lies within Other's
// (a shadow: Action wins there, and Other is left with no key that works
// in that context).
type Conflict struct {
	Key     Key
	Context Context // where Action is bound, and where the conflict is
	Action  Action  // the binding that has the key in Context
	// Other is the binding that loses; OtherContext is where it is bound:
	// Context for a clash, an outer context for a shadow.
	Other        Action
	OtherContext Context
}

// Shadow reports whether the conflict is a shadow rather than a clash.
func (c *Conflict) Shadow() bool { return c.Context != c.OtherContext }

// Error says which key, which actions and where.
func (c *Conflict) Error() string {
	where := c.Context.Info().Where
	if c.Shadow() {
		return fmt.Sprintf("%s is %s %s, which hides %s (%s): it has no other key there",
			c.Key, c.Action, where, c.Other, c.OtherContext.Info().Where)
	}
	if c.Other == c.Action {
		return fmt.Sprintf("%s has two macros", c.Key)
	}
	return fmt.Sprintf("%s is bound to both %s and %s %s", c.Key, c.Other, c.Action, where)
}

// Check returns the conflicts of a table, each a *Conflict: every clash,
// and every shadow that base does not have too. A shadow matters when an
// outer action loses all its keys in a context; the presets shadow on
// purpose (Tab completes in the input line instead of changing panes), so
// passing the preset as base reports only what a change brought.
func Check(table, base []Binding) []error {
	var errs []error
	owner := map[Context]map[Key]int{} // the index of the binding with the key
	for i, b := range table {
		if owner[b.Context] == nil {
			owner[b.Context] = map[Key]int{}
		}
		for _, k := range b.Keys {
			if j, ok := owner[b.Context][k]; ok && j != i {
				errs = append(errs, &Conflict{Key: k, Context: b.Context, Action: b.Action, Other: table[j].Action, OtherContext: b.Context})
				continue
			}
			owner[b.Context][k] = i
		}
	}
	designed := map[shadowID]bool{}
	for _, c := range shadows(base) {
		designed[c.id()] = true
	}
	for _, c := range shadows(table) {
		if !designed[c.id()] {
			errs = append(errs, c)
		}
	}
	return errs
}

// shadowID is what makes two shadows the same one, whatever the key.
type shadowID struct {
	ctx   Context
	other Action
}

func (c *Conflict) id() shadowID { return shadowID{c.Context, c.Other} }

// shadows finds, for every context, the outer actions none of whose keys
// work there because inner bindings took them.
func shadows(table []Binding) []*Conflict {
	bound := map[Context]map[Key]Action{}
	for _, b := range table {
		if bound[b.Context] == nil {
			bound[b.Context] = map[Key]Action{}
		}
		for _, k := range b.Keys {
			if _, dup := bound[b.Context][k]; !dup {
				bound[b.Context][k] = b.Action
			}
		}
	}
	var out []*Conflict
	for _, ci := range contexts {
		for i, outer := range ci.Within {
			inner := append([]Context{ci.Context}, ci.Within[:i]...)
			for _, b := range table {
				if b.Context != outer {
					continue
				}
				if c := shadowOf(b, inner, ci.Typing, bound); c != nil {
					out = append(out, c)
				}
			}
		}
	}
	return out
}

// shadowOf returns the shadow that the inner contexts cast on the outer
// binding b: nil when one of b's keys still works, or when no binding of
// inner[0] itself took one (the shadow is then reported where it is cast).
func shadowOf(b Binding, inner []Context, typing bool, bound map[Context]map[Key]Action) *Conflict {
	var found *Conflict
	for _, k := range b.Keys {
		if typing && k.Printable() {
			continue // text there, by the context's nature
		}
		taken := false
		for _, ctx := range inner {
			if a, ok := bound[ctx][k]; ok {
				if found == nil && ctx == inner[0] {
					found = &Conflict{Key: k, Context: ctx, Action: a, Other: b.Action, OtherContext: b.Context}
				}
				taken = true
				break
			}
		}
		if !taken {
			return nil
		}
	}
	return found
}
