package docs

import "strings"

// CommandDoc is the documentation of one command or event as the
// connected monitor has it: the arguments come from the live schema, the
// prose from the documentation index. It is what `qmpdash docs NAME` and
// the documentation overlay render, via Text.
type CommandDoc struct {
	Name string
	// Kind is RefCommand or RefEvent; for a name only the documentation
	// knows it is the documentation's kind.
	Kind RefKind
	// InSchema reports whether the live schema has the name; when false,
	// everything shown comes from the documentation.
	InSchema bool
	// Ref is the documentation, nil when the index has none.
	Ref *Ref
	// Args are the arguments (for events: the data members), common
	// members first, then those of each union branch. Without live types
	// (fallback schemas, the guest agent) they come from the
	// documentation, with its type names.
	Args []ArgDoc
	// Returns describes the live return type; empty for events.
	Returns string
	// Features are the live schema's features, e.g. FeatureDeprecated.
	Features []string
}

// ArgDoc is one argument with its live type and documented description.
type ArgDoc struct {
	Name string
	// Type is Type.Describe() of the live type, or the documentation's
	// type name when the schema has no types.
	Type     string
	Optional bool
	Features []string
	// Branch is "tag=value" for members that exist only in one branch of
	// a union, e.g. "driver=qcow2"; empty for common members.
	Branch      string
	Description string
	// Values lists the values of an enum-typed argument (or array of
	// enum), with their documentation where found.
	Values []ValueDoc
}

// ValueDoc is one enum value of an argument.
type ValueDoc struct {
	Name        string
	Description string
	Features    []string
}

// Describe joins the live schema s and the documentation for the command
// or event name. Every argument the schema has is listed, with its live
// type; its description is looked up in the documentation of name and of
// the types that documentation says the arguments come from (boxed
// arguments, bases, union branches). Missing documentation leaves
// descriptions empty. s may be nil; Describe returns nil only when
// neither s nor the index knows name. ix may be nil.
func (ix *Index) Describe(s *Schema, name string) *CommandDoc {
	ref := ix.Lookup(name)
	d := &CommandDoc{Name: name, Ref: ref}
	var args *Type
	switch {
	case s != nil && s.Command(name) != nil:
		c := s.Command(name)
		d.Kind, d.InSchema, args, d.Features = RefCommand, true, c.Args, c.Features
		if c.Returns != nil {
			d.Returns = c.Returns.Describe()
		}
	case s != nil && s.Event(name) != nil:
		e := s.Event(name)
		d.Kind, d.InSchema, args, d.Features = RefEvent, true, e.Data, e.Features
	case ref != nil:
		d.Kind = ref.Kind
	default:
		return nil
	}
	if ref != nil {
		d.Name = ref.Name
	}
	if args == nil {
		d.Args = ix.docArgs(ref, "", make(map[*Ref]bool))
		return d
	}
	d.Args = ix.liveArgs(ref, args)
	return d
}

// docArgs lists the documented arguments when the schema has no types:
// ref's members, those of its bases and boxed types, then those of its
// union branches marked with their Branch.
//
// seen holds the definitions already expanded: the documentation is data
// and may include a type twice or in a cycle.
func (ix *Index) docArgs(ref *Ref, branch string, seen map[*Ref]bool) []ArgDoc {
	if ref == nil || seen[ref] {
		return nil
	}
	seen[ref] = true
	var out []ArgDoc
	for _, m := range ref.Members {
		out = append(out, ArgDoc{Name: m.Name, Type: m.Type, Optional: m.Optional, Branch: branch, Description: m.Description})
	}
	for _, tagged := range []bool{false, true} {
		for _, inc := range ref.Includes {
			if (inc.Tag != "") != tagged {
				continue
			}
			b := branch
			if tagged {
				b = inc.Tag + "=" + inc.Value
			}
			out = append(out, ix.docArgs(ix.Lookup(inc.Type), b, seen)...)
		}
	}
	return out
}

// liveArgs lists the members of the live argument type t with their docs.
func (ix *Index) liveArgs(ref *Ref, t *Type) []ArgDoc {
	if t.Kind != KindObject {
		return nil
	}
	out := make([]ArgDoc, 0, len(t.Members))
	for _, m := range t.Members {
		out = append(out, ix.argDoc(ref, m, "", ""))
	}
	for _, v := range t.Variants {
		if v.Type == nil || v.Type.Kind != KindObject {
			continue
		}
		for _, m := range v.Type.Members {
			if t.Member(m.Name) != nil {
				continue
			}
			a := ix.argDoc(ref, m, t.Tag, v.Case)
			a.Branch = t.Tag + "=" + v.Case
			out = append(out, a)
		}
	}
	return out
}

// argDoc builds one argument; tag and value select the union branch the
// member belongs to, if any.
func (ix *Index) argDoc(ref *Ref, m Member, tag, value string) ArgDoc {
	a := ArgDoc{Name: m.Name, Type: m.Type.Describe(), Optional: m.Optional, Features: m.Features}
	doc := ix.memberDoc(ref, m.Name, tag, value, make(map[*Ref]bool))
	if doc != nil {
		a.Description = doc.Description
	}
	enum := m.Type
	if enum.Kind == KindArray && enum.Element != nil {
		enum = enum.Element
	}
	if enum.Kind != KindEnum {
		return a
	}
	var enumRef *Ref
	if doc != nil {
		enumRef = ix.Lookup(strings.TrimPrefix(doc.Type, "array of "))
	}
	for _, v := range enum.Values {
		vd := ValueDoc{Name: v.Name, Features: v.Features}
		if enumRef != nil {
			if dm := enumRef.Member(v.Name); dm != nil {
				vd.Description = dm.Description
			}
		}
		a.Values = append(a.Values, vd)
	}
	return a
}

// memberDoc finds the documentation of member name in ref or in the types
// it includes: bases and boxed types first, then the union branch where
// the member tag has value. A member found without text is returned only
// when no include describes it. Each definition is searched once (seen),
// which bounds the work however the documentation's includes are linked.
func (ix *Index) memberDoc(ref *Ref, name, tag, value string, seen map[*Ref]bool) *RefMember {
	if ref == nil || seen[ref] {
		return nil
	}
	seen[ref] = true
	found := ref.Member(name)
	if found != nil && found.Description != "" {
		return found
	}
	for _, branch := range []bool{false, true} {
		for _, inc := range ref.Includes {
			if (inc.Tag != "") != branch || branch && (inc.Value != value || inc.Tag != tag) {
				continue
			}
			m := ix.memberDoc(ix.Lookup(inc.Type), name, tag, value, seen)
			if m != nil && m.Description != "" {
				return m
			}
			if found == nil {
				found = m
			}
		}
	}
	return found
}
