package docs

import (
	"slices"
	"strings"
)

// RefKind says what a documented definition is.
type RefKind int

// The kinds of documented definitions. Objects, enums, unions and
// alternates are all RefType; Ref.Meta tells them apart.
const (
	RefUnknown RefKind = iota
	RefCommand
	RefEvent
	RefType
)

// String returns the kind as the documentation names it.
func (k RefKind) String() string {
	switch k {
	case RefCommand:
		return "Command"
	case RefEvent:
		return "Event"
	case RefType:
		return "Type"
	}
	return "Unknown"
}

// Ref is the documentation of one definition: a command, an event or a
// type. Text fields are plain text without markup. A Ref in an Index is
// shared and must not be modified.
type Ref struct {
	Name string
	Kind RefKind
	// Meta is the source's own word for the definition, e.g. "Object",
	// "Enum", "Union"; it distinguishes the RefType kinds.
	Meta string
	// Summary is the first sentence of Body on one line; when Body is
	// empty, the first sentence of Returns prefixed by "Returns ".
	Summary string
	// Body holds the description paragraphs, separated by blank lines.
	Body string
	// Members are the arguments, data members or enum values in
	// documentation order.
	Members []RefMember
	// Includes are the other types whose members this definition has:
	// bases, boxed arguments and union branches.
	Includes []RefInclude
	Returns  string
	Errors   string
	Since    string
	Notes    []string
	Examples []RefExample
	// Features documents the definition's features (deprecated,
	// unstable, ...) with Name the feature and Description the note.
	Features []RefMember
	// Source names where the entry came from, e.g. "man:/path" or
	// "qapi:/path/file.json".
	Source string
	// Version is the documented QEMU version when the source says it.
	Version string
}

// RefMember documents one argument, member or enum value.
type RefMember struct {
	Name string
	// Type is the type as the documentation writes it ("int",
	// "BlockdevOptions", "array of string"); empty for enum values.
	Type        string
	Optional    bool
	Description string
}

// RefInclude records that a definition has the members of another type:
// its base or boxed argument type when Tag is empty, otherwise a union
// branch taken when the member Tag has the value Value.
type RefInclude struct {
	Type  string
	Tag   string
	Value string
}

// RefExample is one example exchange. Each line is either a message in
// direction Dir ("->" client to server, "<-" server to client) with its
// JSON joined onto one line, or a comment line with an empty Dir.
type RefExample struct {
	Lines []RefExampleLine
}

// RefExampleLine is one line of an example.
type RefExampleLine struct {
	Dir  string
	Text string
}

// Member returns the documented member called name, or nil.
func (r *Ref) Member(name string) *RefMember {
	for i := range r.Members {
		if r.Members[i].Name == name {
			return &r.Members[i]
		}
	}
	return nil
}

// Index maps definition names to their documentation. Build one with
// ParseMan, ParseQAPIDir or Merge; it is immutable afterwards and safe for
// concurrent use.
type Index struct {
	refs map[string]*Ref
	// folded maps foldName(name) to a name, so that users may write
	// block-resize for block_resize.
	folded map[string]string
	names  []string
}

func newIndex() *Index {
	return &Index{refs: make(map[string]*Ref), folded: make(map[string]string)}
}

// add stores r unless a definition of that name is already present: the
// first documentation of a name wins, as in the sources themselves.
func (ix *Index) add(r *Ref) {
	if r.Name == "" || ix.refs[r.Name] != nil {
		return
	}
	ix.refs[r.Name] = r
	ix.names = append(ix.names, r.Name)
	if _, ok := ix.folded[foldName(r.Name)]; !ok {
		ix.folded[foldName(r.Name)] = r.Name
	}
}

// finish sorts the names once so that Names need not.
func (ix *Index) finish() *Index {
	slices.Sort(ix.names)
	return ix
}

// Lookup returns the documentation of name, or nil. An exact match wins;
// otherwise case and the difference between "-" and "_" are ignored.
func (ix *Index) Lookup(name string) *Ref {
	if ix == nil {
		return nil
	}
	if r := ix.refs[name]; r != nil {
		return r
	}
	return ix.refs[ix.folded[foldName(name)]]
}

// Names returns every documented name, sorted, in a new slice.
func (ix *Index) Names() []string {
	if ix == nil {
		return nil
	}
	return slices.Clone(ix.names)
}

// Len returns the number of documented definitions.
func (ix *Index) Len() int {
	if ix == nil {
		return 0
	}
	return len(ix.names)
}

// foldName normalises a name for lenient matching: QEMU mixes "-" and "_".
func foldName(s string) string {
	return strings.ReplaceAll(strings.ToLower(s), "_", "-")
}

// Merge combines indexes, for instance the man page and a QAPI directory.
// For each name the first index that documents it wins; fields it leaves
// empty, member descriptions included, are filled from later ones, and
// members only later ones know are appended. Nil indexes are skipped.
func Merge(idx ...*Index) *Index {
	out := newIndex()
	for _, ix := range idx {
		if ix == nil {
			continue
		}
		for _, name := range ix.names {
			later := ix.refs[name]
			if have := out.refs[name]; have != nil {
				fillRef(have, later)
				continue
			}
			r := cloneRef(later)
			out.add(r)
		}
	}
	return out.finish()
}

// cloneRef copies r deeply enough that filling it leaves the source index
// untouched.
func cloneRef(r *Ref) *Ref {
	c := *r
	c.Members = slices.Clone(r.Members)
	c.Includes = slices.Clone(r.Includes)
	c.Notes = slices.Clone(r.Notes)
	c.Examples = slices.Clone(r.Examples)
	c.Features = slices.Clone(r.Features)
	return &c
}

// fillRef fills what dst lacks from src.
func fillRef(dst, src *Ref) {
	for _, f := range []struct{ d, s *string }{
		{&dst.Meta, &src.Meta}, {&dst.Summary, &src.Summary}, {&dst.Body, &src.Body},
		{&dst.Returns, &src.Returns}, {&dst.Errors, &src.Errors}, {&dst.Since, &src.Since},
	} {
		if *f.d == "" {
			*f.d = *f.s
		}
	}
	if dst.Kind == RefUnknown {
		dst.Kind = src.Kind
	}
	for _, sm := range src.Members {
		switch dm := dst.Member(sm.Name); {
		case dm == nil:
			dst.Members = append(dst.Members, sm)
		case dm.Description == "":
			dm.Description = sm.Description
			if dm.Type == "" {
				dm.Type = sm.Type
			}
		}
	}
	if len(dst.Includes) == 0 {
		dst.Includes = slices.Clone(src.Includes)
	}
	if len(dst.Notes) == 0 {
		dst.Notes = slices.Clone(src.Notes)
	}
	if len(dst.Examples) == 0 {
		dst.Examples = slices.Clone(src.Examples)
	}
	if len(dst.Features) == 0 {
		dst.Features = slices.Clone(src.Features)
	}
}
