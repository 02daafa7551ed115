package docs

import "encoding/json"

// ArgType returns the schema type of the member at path inside the
// arguments of command, or nil when the command, its argument types or the
// path are unknown. Path elements are member names and array indices
// written "[1]", as in Problem.Path.
//
// args holds the arguments given so far; it may be nil or incomplete. It
// is consulted only to resolve flat unions: a member that exists only in
// some variants is found through the value args gives the union's tag at
// that level (e.g. "driver": "qcow2"). Where the path passes through an
// alternate, the branch that can hold the next step is taken: the object
// branch for a member name, the array branch for an index.
//
// The command language uses this with Type.Accepts to decide how to read
// a bare word: the "1" in device=1 must become the string "1" because the
// type is str.
func (s *Schema) ArgType(command string, path []string, args json.RawMessage) *Type {
	c := s.commands[command]
	if c == nil || c.Args == nil {
		return nil
	}
	var val any
	if len(args) > 0 {
		// Invalid arguments only cost the union lookups; common members
		// still resolve, which is what a half-typed command needs.
		val, _ = decodeValue(args)
	}
	t := c.Args
	for _, elem := range path {
		if t, val = step(t, elem, val); t == nil {
			return nil
		}
	}
	return t
}

// step moves one path element down from t, carrying along the matching
// part of the arguments value (nil when absent).
func step(t *Type, elem string, val any) (*Type, any) {
	i, isIdx := parseIndex(elem)
	if t.Kind == KindAlternate {
		want := "object"
		if isIdx {
			want = "array"
		}
		t = branchFor(t, want)
		if t == nil {
			return nil, nil
		}
	}
	switch t.Kind {
	case KindArray:
		if !isIdx {
			return nil, nil
		}
		arr, _ := val.([]any)
		if i < len(arr) {
			return t.Element, arr[i]
		}
		return t.Element, nil
	case KindObject:
		obj, _ := val.(map[string]any)
		m := t.Member(elem)
		if m == nil && t.Tag != "" {
			if tag, ok := obj[t.Tag].(string); ok {
				if vt := t.Variant(tag); vt != nil && vt.Kind == KindObject {
					m = vt.Member(elem)
				}
			}
		}
		if m == nil {
			return nil, nil
		}
		return m.Type, obj[elem]
	}
	return nil, nil
}

// branchFor returns the first alternative of kind array or object that
// accepts a value of JSON type want, or nil.
func branchFor(t *Type, want string) *Type {
	for _, alt := range t.Alternatives {
		if (alt.Kind == KindArray || alt.Kind == KindObject) && alt.Accepts(want) {
			return alt
		}
	}
	return nil
}
