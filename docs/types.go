package docs

import "strings"

// Kind says which shape of value a Type describes. It mirrors the
// meta-type of an introspection entry.
type Kind int

// The kinds of introspected types. KindUnknown is the zero value and marks
// entries whose meta-type this version of qmpdash does not know; they are
// kept so that references to them still resolve, and they accept any value.
const (
	KindUnknown Kind = iota
	KindBuiltin
	KindEnum
	KindArray
	KindObject
	KindAlternate
)

// String returns the introspection meta-type name of k.
func (k Kind) String() string {
	switch k {
	case KindBuiltin:
		return "builtin"
	case KindEnum:
		return "enum"
	case KindArray:
		return "array"
	case KindObject:
		return "object"
	case KindAlternate:
		return "alternate"
	}
	return "unknown"
}

// Type is one node of the introspected type graph. Which fields are set
// depends on Kind; the others are zero. The graph may contain cycles
// (an object member whose type leads back to the object), so code walking
// it must be bounded by a value or a depth limit.
type Type struct {
	// Name is the introspection name. It is meaningful only for builtins
	// ("str", "int", "any", ...); other names are masked numbers that
	// differ between QEMU builds.
	Name string
	// Kind selects which of the fields below are set.
	Kind Kind
	// JSONType is set for builtins: "string", "int", "number", "boolean",
	// "null", "object", "array" or "value" (anything).
	JSONType string
	// Values lists an enum's values in schema order.
	Values []EnumValue
	// Element is an array's element type.
	Element *Type
	// Members are an object's common members, base members included.
	Members []Member
	// Tag names the discriminator member of a flat union; empty otherwise.
	Tag string
	// Variants are the branches of a flat union, one per tag value that
	// adds members.
	Variants []Variant
	// Alternatives are the types an alternate may take, in schema order.
	Alternatives []*Type
	// Features are the schema's feature names for the type, e.g.
	// FeatureDeprecated; most types have none.
	Features []string
}

// EnumValue is one value of an enum type.
type EnumValue struct {
	Name string
	// Features may mark single values deprecated or unstable.
	Features []string
}

// Member is one member of an object type.
type Member struct {
	Name string
	Type *Type
	// Optional reports whether the member may be left out.
	Optional bool
	// Features may mark the member deprecated or unstable.
	Features []string
}

// Variant is the branch of a flat union selected by one tag value.
type Variant struct {
	// Case is the tag value that selects this branch.
	Case string
	// Type is an object holding the members the branch adds.
	Type *Type
}

// Member returns the common member called name of an object type, or nil.
// Members that exist only in a union variant are found through Variant.
func (t *Type) Member(name string) *Member {
	for i := range t.Members {
		if t.Members[i].Name == name {
			return &t.Members[i]
		}
	}
	return nil
}

// Variant returns the branch type a flat union takes when its tag has the
// value tagValue, or nil when that value adds no members or t is no union.
func (t *Type) Variant(tagValue string) *Type {
	for _, v := range t.Variants {
		if v.Case == tagValue {
			return v.Type
		}
	}
	return nil
}

// Value returns the enum value called name, or nil.
func (t *Type) Value(name string) *EnumValue {
	for i := range t.Values {
		if t.Values[i].Name == name {
			return &t.Values[i]
		}
	}
	return nil
}

// maxTypeDepth bounds walks that follow types without consuming a JSON
// value (alternates, nested array element types). Real schemas nest a few
// levels at most; a malformed one could loop forever.
const maxTypeDepth = 16

// Accepts reports whether a JSON value of type jsonType can be valid for t,
// looking at the value's JSON type only. jsonType uses the builtin
// vocabulary: "string", "int", "number", "boolean", "null", "object" or
// "array"; an integer literal is "int". It lets the command language decide
// how to read a bare word: if the type at that member does not accept "int"
// but accepts "string", the word "1" is sent as the string "1".
func (t *Type) Accepts(jsonType string) bool {
	return t.accepts(jsonType, 0)
}

func (t *Type) accepts(jsonType string, depth int) bool {
	if depth > maxTypeDepth {
		return false
	}
	switch t.Kind {
	case KindBuiltin:
		return builtinAccepts(t.JSONType, jsonType)
	case KindEnum:
		return jsonType == "string"
	case KindArray:
		return jsonType == "array"
	case KindObject:
		return jsonType == "object"
	case KindAlternate:
		for _, alt := range t.Alternatives {
			if alt.accepts(jsonType, depth+1) {
				return true
			}
		}
		return false
	}
	return true
}

// builtinAccepts says whether a builtin of JSON type want takes a value of
// JSON type got. An integer is also a valid number; json-types this version
// does not know accept everything rather than reject valid input.
func builtinAccepts(want, got string) bool {
	switch want {
	case "value":
		return true
	case "number":
		return got == "number" || got == "int"
	case "string", "int", "boolean", "null", "object", "array":
		return got == want
	}
	return true
}

// maxDescribedValues is how many enum values Describe lists before "...".
const maxDescribedValues = 4

// Describe returns a short human-readable type string such as "str",
// "[int]", "enum(qcow2|raw|...)", "object", "union(driver)" or
// "alternate(object|str)". Masked names mean nothing to a user, so types
// are described by their structure.
func (t *Type) Describe() string {
	var b strings.Builder
	t.describe(&b, 0)
	return b.String()
}

func (t *Type) describe(b *strings.Builder, depth int) {
	if depth > maxTypeDepth {
		b.WriteString("...")
		return
	}
	switch t.Kind {
	case KindBuiltin:
		b.WriteString(t.Name)
	case KindEnum:
		b.WriteString("enum(")
		for i, v := range t.Values {
			if i > 0 {
				b.WriteByte('|')
			}
			if i == maxDescribedValues {
				b.WriteString("...")
				break
			}
			b.WriteString(v.Name)
		}
		b.WriteByte(')')
	case KindArray:
		b.WriteByte('[')
		t.Element.describe(b, depth+1)
		b.WriteByte(']')
	case KindObject:
		if t.Tag != "" {
			b.WriteString("union(" + t.Tag + ")")
		} else {
			b.WriteString("object")
		}
	case KindAlternate:
		b.WriteString("alternate(")
		for i, alt := range t.Alternatives {
			if i > 0 {
				b.WriteByte('|')
			}
			alt.describe(b, depth+1)
		}
		b.WriteByte(')')
	default:
		b.WriteString("unknown")
	}
}
