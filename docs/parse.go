package docs

import (
	"encoding/json"
	"errors"
	"fmt"
)

// wireEntry is one element of the query-qmp-schema reply. Fields of every
// meta-type share the struct; "members" means object members, enum values
// or alternate branches depending on the meta-type, which wireMember covers
// by having all their fields.
type wireEntry struct {
	Name        string        `json:"name"`
	MetaType    string        `json:"meta-type"`
	Features    []string      `json:"features"`
	ArgType     *string       `json:"arg-type"`
	RetType     *string       `json:"ret-type"`
	AllowOOB    bool          `json:"allow-oob"`
	JSONType    string        `json:"json-type"`
	ElementType string        `json:"element-type"`
	Values      []string      `json:"values"`
	Members     []wireMember  `json:"members"`
	Tag         string        `json:"tag"`
	Variants    []wireVariant `json:"variants"`
}

type wireMember struct {
	Name string `json:"name"`
	Type string `json:"type"`
	// Default is present, always as null so far, exactly on optional
	// members; its value carries no information yet.
	Default  json.RawMessage `json:"default"`
	Features []string        `json:"features"`
}

type wireVariant struct {
	Case string `json:"case"`
	Type string `json:"type"`
}

var kindOfMetaType = map[string]Kind{
	"builtin":   KindBuiltin,
	"enum":      KindEnum,
	"array":     KindArray,
	"object":    KindObject,
	"alternate": KindAlternate,
}

// ParseSchema builds a Schema from the "return" value of query-qmp-schema.
// It fails on malformed input (not an array, entries without a name or
// meta-type, duplicate names, a flat union whose tag is no member) and on
// references to types the reply does not define, naming the type. Entries
// of a meta-type it does not know are kept as KindUnknown types so that
// newer QEMUs still load.
func ParseSchema(ret json.RawMessage) (*Schema, error) {
	var entries []wireEntry
	if err := json.Unmarshal(ret, &entries); err != nil {
		return nil, decodeError(ret, err)
	}
	if entries == nil {
		return nil, errors.New("schema: reply is null, want an array")
	}
	l := linker{types: make(map[string]*Type)}
	commands := make(map[string]*Command)
	events := make(map[string]*Event)
	// First pass: create every node, so the second can link references in
	// any order, cycles included, without recursion.
	for i := range entries {
		e := &entries[i]
		if e.Name == "" || e.MetaType == "" {
			return nil, fmt.Errorf("schema: entry %d has no name or meta-type", i)
		}
		var dup bool
		switch e.MetaType {
		case "command":
			_, dup = commands[e.Name]
			commands[e.Name] = &Command{Name: e.Name, AllowOOB: e.AllowOOB, Features: e.Features,
				Enabled: true, SuccessResponse: true}
		case "event":
			_, dup = events[e.Name]
			events[e.Name] = &Event{Name: e.Name, Features: e.Features}
		default:
			_, dup = l.types[e.Name]
			l.types[e.Name] = &Type{Name: e.Name, Kind: kindOfMetaType[e.MetaType], Features: e.Features}
		}
		if dup {
			return nil, fmt.Errorf("schema: %s %q defined twice", e.MetaType, e.Name)
		}
	}
	for i := range entries {
		if err := l.link(&entries[i], commands, events); err != nil {
			return nil, fmt.Errorf("schema: %w", err)
		}
	}
	return newSchema(commands, events, true), nil
}

// decodeError explains why the reply did not decode, naming the entry at
// fault. Finding it costs a second decode, paid only on failure so that
// the common path decodes once.
func decodeError(ret json.RawMessage, err error) error {
	var raw []json.RawMessage
	if rerr := json.Unmarshal(ret, &raw); rerr != nil {
		return fmt.Errorf("schema: reply is not a JSON array: %w", rerr)
	}
	for i, r := range raw {
		var e wireEntry
		if eerr := json.Unmarshal(r, &e); eerr != nil {
			return fmt.Errorf("schema: entry %d: %w", i, eerr)
		}
	}
	return fmt.Errorf("schema: %w", err)
}

// linker resolves type names to the nodes made in the first pass.
type linker struct {
	types map[string]*Type
}

func (l *linker) ref(e *wireEntry, field, name string) (*Type, error) {
	if t := l.types[name]; t != nil {
		return t, nil
	}
	return nil, fmt.Errorf("%s %q: %s refers to undefined type %q", e.MetaType, e.Name, field, name)
}

// refField resolves a reference the introspection format always carries
// for commands and events, failing clearly when it is absent.
func (l *linker) refField(e *wireEntry, field string, name *string) (*Type, error) {
	if name == nil {
		return nil, fmt.Errorf("%s %q has no %s", e.MetaType, e.Name, field)
	}
	return l.ref(e, field, *name)
}

func (l *linker) link(e *wireEntry, commands map[string]*Command, events map[string]*Event) error {
	var err error
	switch e.MetaType {
	case "command":
		c := commands[e.Name]
		if c.Args, err = l.refField(e, "arg-type", e.ArgType); err != nil {
			return err
		}
		c.Returns, err = l.refField(e, "ret-type", e.RetType)
		return err
	case "event":
		events[e.Name].Data, err = l.refField(e, "arg-type", e.ArgType)
		return err
	}
	t := l.types[e.Name]
	switch t.Kind {
	case KindBuiltin:
		t.JSONType = e.JSONType
	case KindEnum:
		t.Values = enumValues(e)
	case KindArray:
		t.Element, err = l.ref(e, "element-type", e.ElementType)
	case KindObject:
		err = l.linkObject(e, t)
	case KindAlternate:
		t.Alternatives = make([]*Type, len(e.Members))
		for i, m := range e.Members {
			if t.Alternatives[i], err = l.ref(e, "alternative", m.Type); err != nil {
				return err
			}
		}
	}
	return err
}

// enumValues prefers "members", which carries per-value features, and falls
// back to "values" for QEMUs that predate it.
func enumValues(e *wireEntry) []EnumValue {
	if len(e.Members) > 0 {
		vs := make([]EnumValue, len(e.Members))
		for i, m := range e.Members {
			vs[i] = EnumValue{Name: m.Name, Features: m.Features}
		}
		return vs
	}
	vs := make([]EnumValue, len(e.Values))
	for i, v := range e.Values {
		vs[i] = EnumValue{Name: v}
	}
	return vs
}

func (l *linker) linkObject(e *wireEntry, t *Type) error {
	t.Members = make([]Member, len(e.Members))
	for i, m := range e.Members {
		if m.Name == "" {
			return fmt.Errorf("object %q: member %d has no name", e.Name, i)
		}
		mt, err := l.ref(e, "member "+m.Name, m.Type)
		if err != nil {
			return err
		}
		t.Members[i] = Member{Name: m.Name, Type: mt, Optional: m.Default != nil, Features: m.Features}
	}
	t.Tag = e.Tag
	if t.Tag != "" && t.Member(t.Tag) == nil {
		return fmt.Errorf("object %q: tag %q is not a member", e.Name, t.Tag)
	}
	if len(e.Variants) == 0 {
		return nil
	}
	if t.Tag == "" {
		return fmt.Errorf("object %q has variants but no tag", e.Name)
	}
	t.Variants = make([]Variant, len(e.Variants))
	for i, v := range e.Variants {
		vt, err := l.ref(e, "variant "+v.Case, v.Type)
		if err != nil {
			return err
		}
		t.Variants[i] = Variant{Case: v.Case, Type: vt}
	}
	return nil
}
