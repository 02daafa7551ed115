package docs

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"
)

// maxSuggestions is how many "did you mean" names a Problem carries.
const maxSuggestions = 3

// maxValueDepth bounds how deep Validate walks into the arguments. QEMU's
// own parser rejects far shallower input long before this matters; the
// limit also stops a malformed schema (an alternate of itself) looping.
const maxValueDepth = 100

// openCommands take members their schema does not list and pass them on:
// device_add hands them to the device as properties, so "unknown argument"
// would be wrong for them.
var openCommands = map[string]bool{"device_add": true}

// Validate checks the arguments of one command against the schema before it
// is sent, and returns what QEMU would reject (errors) and what it would
// accept with a deprecation or instability notice (warnings), sorted errors
// first, then by path. args is the "arguments" object; nil or empty means
// none. A nil result means no problems. Fallback schemas know no argument
// types, so for them only the command itself is checked.
func (s *Schema) Validate(command string, args json.RawMessage) []Problem {
	c := s.commands[command]
	if c == nil {
		return []Problem{{Severity: SeverityError, Msg: fmt.Sprintf("unknown command %q", command),
			Suggestions: s.SuggestCommands(command, maxSuggestions)}}
	}
	v := validator{open: openCommands[command]}
	v.features(nil, fmt.Sprintf("command %q", command), c.Features)
	if !c.Enabled {
		v.add(SeverityError, nil, nil, "the guest agent has disabled this command")
	}
	if c.Args != nil {
		v.args(c.Args, args)
	}
	sortProblems(v.problems)
	return v.problems
}

// validator collects problems while walking a value and its type together.
type validator struct {
	problems []Problem
	// open lets the top-level object carry members the schema lacks.
	open bool
}

func (v *validator) add(sev Severity, path, suggestions []string, format string, a ...any) {
	v.problems = append(v.problems, Problem{Severity: sev, Path: slices.Clone(path),
		Msg: fmt.Sprintf(format, a...), Suggestions: suggestions})
}

func (v *validator) hasErrors() bool {
	return slices.ContainsFunc(v.problems, func(p Problem) bool { return p.Severity == SeverityError })
}

// features warns about deprecated or unstable things the user relies on.
func (v *validator) features(path []string, what string, features []string) {
	if HasFeature(features, FeatureDeprecated) {
		v.add(SeverityWarning, path, nil, "%s is deprecated", what)
	}
	if HasFeature(features, FeatureUnstable) {
		v.add(SeverityWarning, path, nil, "%s is unstable (experimental)", what)
	}
}

func (v *validator) args(t *Type, raw json.RawMessage) {
	if len(strings.TrimSpace(string(raw))) == 0 {
		raw = json.RawMessage("{}")
	}
	val, err := decodeValue(raw)
	if err != nil {
		v.add(SeverityError, nil, nil, "arguments are not valid JSON: %v", err)
		return
	}
	if _, ok := val.(map[string]any); !ok {
		v.add(SeverityError, nil, nil, "arguments must be a JSON object, got %s", describeValue(val))
		return
	}
	v.value(nil, t, val, 0)
}

// value checks val against t. Each call into a member or element consumes
// one level of val, which bounds the walk even though the type graph has
// cycles; depth catches the rest.
func (v *validator) value(path []string, t *Type, val any, depth int) {
	if depth > maxValueDepth {
		v.add(SeverityError, path, nil, "nested too deeply")
		return
	}
	switch t.Kind {
	case KindBuiltin:
		if !builtinAccepts(t.JSONType, jsonTypeOf(val)) {
			v.mismatch(path, t, val)
		}
	case KindEnum:
		v.enum(path, t, val)
	case KindArray:
		arr, ok := val.([]any)
		if !ok {
			v.mismatch(path, t, val)
			return
		}
		for i, el := range arr {
			v.value(child(path, indexElem(i)), t.Element, el, depth+1)
		}
	case KindObject:
		obj, ok := val.(map[string]any)
		if !ok {
			v.mismatch(path, t, val)
			return
		}
		v.object(path, t, obj, depth)
	case KindAlternate:
		v.alternate(path, t, val, depth)
	}
}

func (v *validator) mismatch(path []string, t *Type, val any) {
	v.add(SeverityError, path, nil, "expected %s, got %s", t.Describe(), describeValue(val))
}

func (v *validator) enum(path []string, t *Type, val any) {
	s, ok := val.(string)
	if !ok {
		v.mismatch(path, t, val)
		return
	}
	if ev := t.Value(s); ev != nil {
		v.features(path, fmt.Sprintf("value %q", s), ev.Features)
		return
	}
	names := make([]string, len(t.Values))
	for i, ev := range t.Values {
		names[i] = ev.Name
	}
	v.add(SeverityError, path, closest(s, names, maxSuggestions), "%q is not one of %s", s, t.Describe())
}

// alternate accepts val if any alternative does. QEMU picks the branch by
// the value's JSON type, so when none accepts, the errors reported are
// those of the first branch of the right JSON type: they point inside the
// value (e.g. at a bad member of an inline node) instead of at the whole.
func (v *validator) alternate(path []string, t *Type, val any, depth int) {
	got := jsonTypeOf(val)
	var first []Problem
	tried := false
	for _, alt := range t.Alternatives {
		if !alt.Accepts(got) {
			continue
		}
		sub := validator{}
		sub.value(path, alt, val, depth+1)
		if !sub.hasErrors() {
			v.problems = append(v.problems, sub.problems...)
			return
		}
		if !tried {
			first, tried = sub.problems, true
		}
	}
	if !tried {
		v.mismatch(path, t, val)
		return
	}
	v.problems = append(v.problems, first...)
}

func (v *validator) object(path []string, t *Type, obj map[string]any, depth int) {
	tagValue, tagKnown := tagOf(t, obj)
	var variant *Type
	if tagKnown {
		if variant = t.Variant(tagValue); variant != nil && variant.Kind != KindObject {
			variant = nil
		}
	}
	for _, k := range slices.Sorted(maps.Keys(obj)) {
		m := t.Member(k)
		if m == nil && variant != nil {
			m = variant.Member(k)
		}
		if m != nil {
			v.features(child(path, k), "argument", m.Features)
			v.value(child(path, k), m.Type, obj[k], depth+1)
			continue
		}
		v.unknownMember(path, t, variant, k, tagValue, tagKnown)
	}
	v.missing(path, t, obj)
	if variant != nil {
		v.missing(path, variant, obj)
	}
}

// unknownMember reports a member that is neither common nor in the
// selected variant. One that belongs to another variant gets a message
// naming the discriminator, since the fix is usually the tag, not the
// member; with no usable tag that mistake is already reported as such.
func (v *validator) unknownMember(path []string, t, variant *Type, k, tagValue string, tagKnown bool) {
	if v.open && len(path) == 0 {
		return
	}
	if cases := casesWithMember(t, k); len(cases) > 0 {
		if tagKnown {
			v.add(SeverityError, child(path, k), nil, "not valid for %s=%s (only for %s=%s)",
				t.Tag, tagValue, t.Tag, strings.Join(cases, "|"))
		}
		return
	}
	valid := memberNames(t)
	if variant != nil {
		valid = append(valid, memberNames(variant)...)
	}
	v.add(SeverityError, child(path, k), closest(k, valid, maxSuggestions), "unknown argument")
}

func (v *validator) missing(path []string, t *Type, obj map[string]any) {
	for _, m := range t.Members {
		if _, ok := obj[m.Name]; ok || m.Optional {
			continue
		}
		if m.Name == t.Tag {
			v.add(SeverityError, child(path, m.Name), nil,
				"missing required argument; it selects the variant: %s", m.Type.Describe())
			continue
		}
		v.add(SeverityError, child(path, m.Name), nil, "missing required argument")
	}
}

// tagOf returns the value of a flat union's tag in obj, and whether it is
// one the union knows. An invalid tag is reported on the tag member; it must
// not make every variant member look misplaced as well.
func tagOf(t *Type, obj map[string]any) (string, bool) {
	if t.Tag == "" {
		return "", false
	}
	value, ok := obj[t.Tag].(string)
	if !ok {
		return "", false
	}
	if m := t.Member(t.Tag); m != nil && m.Type.Kind == KindEnum && m.Type.Value(value) == nil {
		return "", false
	}
	return value, true
}

// maxListedCases is how many tag values a "not valid for" message names.
const maxListedCases = 4

// casesWithMember lists the tag values whose variant has member k.
func casesWithMember(t *Type, k string) []string {
	var cases []string
	for _, vr := range t.Variants {
		if vr.Type.Kind == KindObject && vr.Type.Member(k) != nil {
			if len(cases) == maxListedCases {
				return append(cases, "...")
			}
			cases = append(cases, vr.Case)
		}
	}
	return cases
}

func memberNames(t *Type) []string {
	names := make([]string, len(t.Members))
	for i, m := range t.Members {
		names[i] = m.Name
	}
	return names
}

// child returns path extended by elem without sharing path's backing
// array, so sibling paths never overwrite each other.
func child(path []string, elem string) []string {
	return append(path[:len(path):len(path)], elem)
}
