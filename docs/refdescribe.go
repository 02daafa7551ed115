package docs

import (
	"regexp"
	"strings"
)

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
	// Live reports whether a live schema was consulted at all.
	Live bool
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
	// Default is the default value the description states, e.g. "0" from
	// "(default: 0)"; "" when it states none. The schema has no defaults.
	Default string
	// Object is the live object type a value of the argument is (for an
	// alternate its object alternative, for an array its element), nil
	// for other types; Index.Nested lists its members.
	Object *Type
	// DocType is the documentation's name for the argument's type, which
	// Nested follows for the members' descriptions.
	DocType string
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
	d := &CommandDoc{Name: name, Ref: ref, Live: s != nil}
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
		out = append(out, ArgDoc{Name: m.Name, Type: m.Type, Optional: m.Optional, Branch: branch,
			Description: m.Description, Default: proseDefault(m.Description)})
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
	a := ArgDoc{Name: m.Name, Type: m.Type.Describe(), Optional: m.Optional, Features: m.Features,
		Object: objectOf(m.Type)}
	doc := ix.memberDoc(ref, m.Name, tag, value, make(map[*Ref]bool))
	if doc != nil {
		a.Description, a.Default, a.DocType = doc.Description, proseDefault(doc.Description), doc.Type
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

// Nested lists the members of an object-typed argument a, as Describe
// lists a command's: common members first, then each union branch's,
// with the descriptions the documentation of a's type gives. It returns
// nil when a is no object. The members are themselves expandable, so a
// caller can walk as deep as the user asks, one level per call; the type
// graph may be cyclic, so nothing walks it eagerly.
func (ix *Index) Nested(a ArgDoc) []ArgDoc {
	if a.Object == nil {
		return nil
	}
	return ix.liveArgs(ix.objectRef(a.DocType), a.Object)
}

// objectRef finds the documentation of an object type by the name the
// documentation wrote ("BlockdevOptions", "array of X", "[X]"). For an
// alternate it is that of its first documented object alternative,
// whose members a nested value has.
func (ix *Index) objectRef(docType string) *Ref {
	r := ix.Lookup(docTypeName(docType))
	if r == nil || r.Meta != "Alternate" {
		return r
	}
	for _, m := range r.Members {
		if alt := ix.Lookup(docTypeName(m.Type)); alt != nil && alt.Meta != "Enum" && alt.Meta != "Alternate" {
			return alt
		}
	}
	return r
}

// docTypeName strips the array markers the two layouts use from a
// documented type name.
func docTypeName(t string) string {
	t = strings.TrimPrefix(strings.TrimSpace(t), "array of ")
	return strings.TrimSuffix(strings.TrimPrefix(t, "["), "]")
}

// objectOf returns the object type whose members a value of t has: t
// itself, an array's element or an alternate's object alternative,
// followed a bounded number of steps; nil for other types.
func objectOf(t *Type) *Type {
	for depth := 0; t != nil && depth < maxTypeDepth; depth++ {
		switch t.Kind {
		case KindObject:
			if len(t.Members) == 0 && len(t.Variants) == 0 {
				return nil
			}
			return t
		case KindArray:
			t = t.Element
		case KindAlternate:
			var obj *Type
			for _, alt := range t.Alternatives {
				if alt != nil && alt.Kind == KindObject && obj == nil {
					obj = alt
				}
			}
			t = obj
		default:
			return nil
		}
	}
	return nil
}

// defaultPhrase finds where prose states a default: "(default: 0)",
// "(default 0)", "default is X", "the default value is X", "defaults to
// X", "Default: X". Group 1 is set for the parenthesised form.
var defaultPhrase = regexp.MustCompile(`(?i)(\(default(?:s to| is|:)?)\s*|\bdefault(?:s to| value is| is|:)\s*`)

// maxDefaultLen bounds what counts as a stated default value; longer
// text after "default is" is an explanation, not a value.
const maxDefaultLen = 40

// proseDefault extracts the default a member description states, "" when
// it states none the heuristic trusts. The value ends at the closing
// parenthesis of "(default: X)", else at the end of the sentence or
// clause.
func proseDefault(desc string) string {
	text := strings.Join(strings.Fields(desc), " ")
	loc := defaultPhrase.FindStringSubmatchIndex(text)
	if loc == nil {
		return ""
	}
	rest := text[loc[1]:]
	stops := []string{". ", "; ", ", ", ")", " if ", " when ", " unless ", " (", " and "}
	if loc[2] >= 0 {
		stops = []string{")"}
	}
	end := len(rest)
	for _, stop := range stops {
		if i := strings.Index(rest, stop); i >= 0 && i < end {
			end = i
		}
	}
	v := strings.Trim(strings.TrimSuffix(strings.TrimSpace(rest[:end]), "."), "'\"`")
	if v == "" || len(v) > maxDefaultLen || len(strings.Fields(v)) > 5 || strings.HasPrefix(strings.ToLower(v), "to ") {
		return ""
	}
	return v
}
