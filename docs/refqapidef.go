package docs

import "strings"

// qapiMetas maps the schema keyword that starts a definition to the word
// the manual uses for it.
var qapiMetas = []struct{ keyword, meta string }{
	{"command", "Command"}, {"event", "Event"}, {"struct", "Object"},
	{"union", "Union"}, {"alternate", "Alternate"}, {"enum", "Enum"},
}

// applyDefinition completes a Ref parsed from a doc comment with what the
// definition expression that follows it says: the kind, member types and
// optionality, and the bases, boxed types and union branches whose
// members the definition has. Documented members keep their text; members
// the comment leaves out are added without one.
func applyDefinition(r *Ref, expr any) {
	o, _ := expr.(*qobject)
	if o == nil {
		return
	}
	for _, m := range qapiMetas {
		if _, ok := o.get(m.keyword).(string); ok {
			r.Meta, r.Kind = m.meta, refKindOf(m.meta)
			break
		}
	}
	if r.Meta == "" {
		return
	}
	var members []RefMember
	switch data := o.get("data").(type) {
	case string:
		r.Includes = append(r.Includes, RefInclude{Type: data})
	case []any:
		members = enumMembers(data)
	case *qobject:
		if r.Meta == "Union" {
			r.Includes = append(r.Includes, unionBranches(data, o.get("discriminator"))...)
		} else {
			members = objectMembers(data)
		}
	}
	switch base := o.get("base").(type) {
	case string:
		r.Includes = append([]RefInclude{{Type: base}}, r.Includes...)
	case *qobject:
		members = append(objectMembers(base), members...)
	}
	r.Members = mergeMembers(members, r.Members)
}

// objectMembers lists the members of a 'data' or 'base' object; a leading
// "*" marks an optional member.
func objectMembers(o *qobject) []RefMember {
	out := make([]RefMember, 0, len(o.keys))
	for i, k := range o.keys {
		name, opt := strings.CutPrefix(k, "*")
		out = append(out, RefMember{Name: name, Type: qapiTypeName(o.vals[i]), Optional: opt})
	}
	return out
}

// enumMembers lists enum values, written as strings or {'name': ...}.
func enumMembers(values []any) []RefMember {
	var out []RefMember
	for _, v := range values {
		switch v := v.(type) {
		case string:
			out = append(out, RefMember{Name: v})
		case *qobject:
			if name, ok := v.get("name").(string); ok {
				out = append(out, RefMember{Name: name})
			}
		}
	}
	return out
}

// unionBranches turns a union's 'data' into includes selected by the
// discriminator's value.
func unionBranches(data *qobject, discriminator any) []RefInclude {
	tag, _ := discriminator.(string)
	var out []RefInclude
	for i, k := range data.keys {
		if t := qapiTypeName(data.vals[i]); t != "" {
			out = append(out, RefInclude{Type: t, Tag: tag, Value: k})
		}
	}
	return out
}

// qapiTypeName writes a member's type as the manual does: a name, or
// "array of NAME" for ['NAME']; {'type': ...} forms are unwrapped.
func qapiTypeName(v any) string {
	switch v := v.(type) {
	case string:
		return v
	case []any:
		if len(v) == 1 {
			if s := qapiTypeName(v[0]); s != "" {
				return "array of " + s
			}
		}
	case *qobject:
		return qapiTypeName(v.get("type"))
	}
	return ""
}

// mergeMembers returns the defined members in definition order with the
// documented text, then members only the documentation names.
func mergeMembers(defined, documented []RefMember) []RefMember {
	out := make([]RefMember, 0, len(defined)+len(documented))
	used := make(map[string]bool, len(documented))
	for _, m := range defined {
		for _, d := range documented {
			if d.Name == m.Name {
				m.Description = d.Description
				used[d.Name] = true
				break
			}
		}
		out = append(out, m)
	}
	for _, d := range documented {
		if !used[d.Name] && !memberIn(out, d.Name) {
			out = append(out, d)
		}
	}
	return out
}

func memberIn(ms []RefMember, name string) bool {
	for _, m := range ms {
		if m.Name == name {
			return true
		}
	}
	return false
}
