package complete

import (
	"github.com/qmpdash/qmpdash/app/cmdline"
	"github.com/qmpdash/qmpdash/docs"
)

// typeInfo is what completion offers inside one type, prepared by New.
type typeInfo struct {
	// members are an object's common members; the members a union's
	// variant adds are found through the variant's own typeInfo.
	members []entry
	// values are an enum's values, true and false, null, or for an
	// alternate all of those its branches offer.
	values []entry
}

// hmpEntry is the pseudo-command that sends an HMP command line.
var hmpEntry = entry{folded: "hmp", cand: Candidate{
	Text: "hmp", Display: "hmp", Kind: Command,
	Summary: "HMP command line, sent with human-monitor-command",
}}

// index fills the engine's name lists and type table.
func (e *Engine) index() {
	e.types = make(map[*docs.Type]*typeInfo)
	var roots []*docs.Type
	for _, c := range e.schema.Commands() {
		e.commands = append(e.commands, commandEntry(c))
		roots = append(roots, c.Args)
	}
	if e.schema.Command("human-monitor-command") != nil {
		e.commands = append(e.commands, hmpEntry)
	}
	for _, ev := range e.schema.Events() {
		e.events = append(e.events, nameEntry(ev.Name, Event, eventSummary(ev), ev.Features))
	}
	e.actions = actionEntries(txActions(e.schema))
	e.walk(roots)
}

// commandEntry prepares a command name.
func commandEntry(c *docs.Command) entry {
	en := nameEntry(c.Name, Command, commandSummary(c), c.Features)
	if c.Name == "transaction" {
		// The command language writes it transaction( ... ), and with
		// the parenthesis typed the next word completes as an action.
		en.cand.Text = "transaction("
	}
	return en
}

// nameEntry prepares the name of a command, action or event.
func nameEntry(name string, kind Kind, summary string, features []string) entry {
	dep := docs.HasFeature(features, docs.FeatureDeprecated)
	return entry{folded: fold(name), group: boolGroup(dep), hooked: true, cand: Candidate{
		Text: name, Display: name, Kind: kind, Summary: summary,
		Deprecated: dep, Unstable: docs.HasFeature(features, docs.FeatureUnstable),
	}}
}

// txActions returns the union of transaction actions: the element type of
// the transaction command's actions array, whose tag (type) enumerates
// the action types and whose variants hold each one's data member. It is
// nil when the monitor has no transaction or the schema is a fallback.
func txActions(s *docs.Schema) *docs.Type {
	c := s.Command("transaction")
	if c == nil || c.Args == nil {
		return nil
	}
	m := c.Args.Member("actions")
	if m == nil || m.Type.Kind != docs.KindArray || m.Type.Element == nil {
		return nil
	}
	if u := m.Type.Element; u.Kind == docs.KindObject && u.Tag != "" {
		return u
	}
	return nil
}

// actionEntries prepares the action types of the union u (may be nil).
func actionEntries(u *docs.Type) []entry {
	if u == nil {
		return nil
	}
	tag := u.Member(u.Tag)
	var out []entry
	for _, v := range tag.Type.Values {
		var data *docs.Type
		if vt := u.Variant(v.Name); vt != nil {
			if m := vt.Member("data"); m != nil {
				data = m.Type
			}
		}
		out = append(out, nameEntry(v.Name, Action, actionSummary(data, v.Features), v.Features))
	}
	return out
}

// walk prepares a typeInfo for every type reachable from roots. The graph
// may have cycles; the table doubles as the visited set.
func (e *Engine) walk(roots []*docs.Type) {
	stack := roots
	for len(stack) > 0 {
		t := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if t == nil || e.types[t] != nil {
			continue
		}
		info := &typeInfo{}
		e.types[t] = info
		switch t.Kind {
		case docs.KindObject:
			info.members = memberEntries(t)
			for _, m := range t.Members {
				stack = append(stack, m.Type)
			}
			for _, v := range t.Variants {
				stack = append(stack, v.Type)
			}
		case docs.KindArray:
			stack = append(stack, t.Element)
		case docs.KindAlternate:
			info.values = alternateValues(t)
			stack = append(stack, t.Alternatives...)
		default:
			info.values = valueEntries(t)
		}
	}
}

// Member groups: the union tag first (it decides what else exists), then
// required, optional and deprecated members.
const (
	groupTag int8 = iota
	groupRequired
	groupOptional
	groupDeprecated
)

// memberEntries prepares the members of object t.
func memberEntries(t *docs.Type) []entry {
	out := make([]entry, len(t.Members))
	for i := range t.Members {
		m := &t.Members[i]
		dep := docs.HasFeature(m.Features, docs.FeatureDeprecated)
		isTag := m.Name == t.Tag
		var group int8
		switch {
		case isTag:
			group = groupTag
		case dep:
			group = groupDeprecated
		case m.Optional:
			group = groupOptional
		default:
			group = groupRequired
		}
		text := m.Name + "="
		if m.Type.Kind == docs.KindObject {
			// Dotted keys are how this language fills an object, and
			// the popup can go on with its members right away.
			text = m.Name + "."
		}
		out[i] = entry{folded: fold(m.Name), group: group, eq: m.Name + "=", cand: Candidate{
			Text: text, Display: m.Name, Kind: Argument, Type: m.Type.Describe(),
			Summary: memberSummary(m, isTag), Required: !m.Optional, Deprecated: dep,
			Unstable: docs.HasFeature(m.Features, docs.FeatureUnstable),
		}}
	}
	return out
}

// The values of booleans and null, shared by every such type.
var (
	boolValues = []entry{
		{folded: "false", cand: Candidate{Text: "false", Display: "false", Kind: Value, Type: "bool", Summary: "boolean"}},
		{folded: "true", cand: Candidate{Text: "true", Display: "true", Kind: Value, Type: "bool", Summary: "boolean"}},
	}
	nullValues = []entry{
		{folded: "null", cand: Candidate{Text: "null", Display: "null", Kind: Value, Type: "null", Summary: "null"}},
	}
)

// valueEntries prepares the values of an enum, boolean or null type; other
// types have no values worth offering.
func valueEntries(t *docs.Type) []entry {
	switch {
	case t.Kind == docs.KindEnum:
		desc := t.Describe()
		out := make([]entry, len(t.Values))
		for i, v := range t.Values {
			dep := docs.HasFeature(v.Features, docs.FeatureDeprecated)
			out[i] = entry{folded: fold(v.Name), group: boolGroup(dep), cand: Candidate{
				Text: valueText(v.Name), Display: v.Name, Kind: Value, Type: desc,
				Summary: valueSummary(v.Features), Deprecated: dep,
				Unstable: docs.HasFeature(v.Features, docs.FeatureUnstable),
			}}
		}
		return out
	case t.Kind == docs.KindBuiltin && t.JSONType == "boolean":
		return boolValues
	case t.Kind == docs.KindBuiltin && t.JSONType == "null":
		return nullValues
	}
	return nil
}

// alternateValues gathers the values of an alternate's branches, first
// branch first where two offer the same value.
func alternateValues(t *docs.Type) []entry {
	var out []entry
	seen := map[string]bool{}
	for _, alt := range t.Alternatives {
		if alt == nil || alt.Kind == docs.KindAlternate {
			continue // QAPI nests no alternates; a malformed schema may
		}
		for _, v := range valueEntries(alt) {
			if !seen[v.cand.Display] {
				seen[v.cand.Display] = true
				out = append(out, v)
			}
		}
	}
	return out
}

// boolGroup ranks deprecated names after the rest.
func boolGroup(deprecated bool) int8 {
	if deprecated {
		return 1
	}
	return 0
}

// valueText returns v as typed on the command line: bare when the parser
// reads the bare word back as that same string, else double-quoted. The
// parser is asked, rather than its rules copied, so that a value such as
// "1", "true" or "a b" is quoted exactly when it must be. The check is
// made inside a transaction, where ';' also ends a word, so the text is
// right in both places.
func valueText(v string) string {
	l, err := cmdline.Parse("transaction( a k=" + v + " )")
	if err == nil && len(l.Actions) == 1 && len(l.Actions[0].Args) == 1 {
		if a := l.Actions[0].Args[0]; a.Value.Kind == cmdline.Bare && a.Value.Text == v {
			return v
		}
	}
	return quote(v)
}

// quote writes v as a double-quoted string of the command language.
func quote(v string) string {
	b := make([]byte, 0, len(v)+2)
	b = append(b, '"')
	for i := 0; i < len(v); i++ {
		switch c := v[i]; {
		case c == '"' || c == '\\':
			b = append(b, '\\', c)
		case c < 0x20 || c == 0x7f:
			const hex = "0123456789abcdef"
			b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
		default:
			b = append(b, c)
		}
	}
	return string(append(b, '"'))
}
