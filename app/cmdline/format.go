package cmdline

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strconv"
	"strings"
	"unicode"
)

// FormatCommand writes the command name with JSON object args as one line
// of this language, the way a user would type it: members of nested
// objects become dotted keys (a.b=1), strings are bare words where a bare
// word reads back as the same string and are quoted otherwise, and arrays,
// empty objects and objects whose keys cannot be dotted are JSON values.
// Keys keep their order. Empty or null args give the name alone.
//
// It guarantees that Parse reads the line back as the same request; when
// that cannot be done (args is not an object, a name or a top-level key is
// not one the syntax can hold) it reports false, and the caller may fall
// back to a raw JSON line.
func FormatCommand(name string, args json.RawMessage) (string, bool) {
	if name == "" || checkName(name, token{start: 0, end: len(name), eq: -1}, "") != nil {
		return "", false
	}
	var b strings.Builder
	b.WriteString(name)
	args = bytes.TrimSpace(args)
	if len(args) > 0 && !bytes.Equal(args, []byte("null")) {
		var members []member
		if !decodeObject(args, &members) {
			return "", false
		}
		for _, m := range members {
			if !dottable(m.key) {
				return "", false
			}
			writeArg(&b, m.key, m.value)
		}
	}
	line := b.String()
	if !sameRequest(line, args) {
		return "", false
	}
	return line, true
}

// member is one key of a JSON object, in document order.
type member struct {
	key   string
	value json.RawMessage
}

// decodeObject reads a JSON object's members in order; encoding/json's
// maps would lose the order the documentation wrote them in.
func decodeObject(raw json.RawMessage, out *[]member) bool {
	dec := json.NewDecoder(bytes.NewReader(raw))
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return false
	}
	for dec.More() {
		t, err := dec.Token()
		key, ok := t.(string)
		if err != nil || !ok {
			return false
		}
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			return false
		}
		*out = append(*out, member{key, v})
	}
	_, err := dec.Token() // the closing brace
	return err == nil
}

// writeArg appends " key=value", flattening non-empty objects into
// dotted keys when every key below can be dotted.
func writeArg(b *strings.Builder, key string, value json.RawMessage) {
	var members []member
	if len(value) > 0 && value[0] == '{' && decodeObject(value, &members) && len(members) > 0 && allDottable(members) {
		for _, m := range members {
			writeArg(b, key+"."+m.key, m.value)
		}
		return
	}
	b.WriteString(" " + key + "=")
	b.WriteString(formatValue(value))
}

// allDottable reports whether every key can be a level of a dotted key.
func allDottable(members []member) bool {
	for _, m := range members {
		if !dottable(m.key) {
			return false
		}
	}
	return true
}

// dottable reports whether key can be one level of a dotted key: QAPI
// name characters only, and no downstream prefix, whose dots the parser
// reads differently.
func dottable(key string) bool {
	if key == "" || strings.HasPrefix(key, "__") {
		return false
	}
	for i := 0; i < len(key); i++ {
		if !isNameByte(key[i]) {
			return false
		}
	}
	return true
}

// formatValue writes one JSON value: strings bare or quoted, everything
// else compact JSON (numbers, booleans and null read back the same).
func formatValue(value json.RawMessage) string {
	var s string
	if len(value) > 0 && value[0] == '"' && json.Unmarshal(value, &s) == nil {
		if bareString(s) {
			return s
		}
		return string(appendJSONString(nil, s))
	}
	var buf bytes.Buffer
	if json.Compact(&buf, value) != nil {
		return string(value)
	}
	return buf.String()
}

// bareString reports whether s, written unquoted, reads back as the
// string s: no spaces or control characters, no opening quote or
// bracket, and not a word that means a number, boolean or null.
func bareString(s string) bool {
	if s == "" || strings.ContainsAny(s[:1], `"'[]{}`) {
		return false
	}
	for _, r := range s {
		if unicode.IsSpace(r) || unicode.IsControl(r) || r == unicode.ReplacementChar {
			return false
		}
	}
	w := classifyWord(s)
	return w.kind == Bare && w.bad == ""
}

// sameRequest checks that line parses back to a command with args, so a
// formatting rule this file got wrong shows as a false, not as a line that
// means something else.
func sameRequest(line string, args json.RawMessage) bool {
	l, err := Parse(line)
	if err != nil || l.Kind != Command {
		return false
	}
	got, want := decodeLoose(l.Arguments()), decodeLoose(args)
	if want == nil {
		want = map[string]any{}
	}
	if got == nil {
		got = map[string]any{}
	}
	return equalJSON(got, want)
}

// decodeLoose decodes JSON keeping numbers as text, or returns nil.
func decodeLoose(raw json.RawMessage) any {
	if len(raw) == 0 {
		return nil
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var v any
	if dec.Decode(&v) != nil {
		return nil
	}
	return v
}

// equalJSON compares decoded JSON values; numbers are equal when they
// have the same value however they are spelt (1e3 and 1000).
func equalJSON(a, b any) bool {
	switch a := a.(type) {
	case json.Number:
		b, ok := b.(json.Number)
		if !ok {
			return false
		}
		if a == b {
			return true
		}
		x, err1 := strconv.ParseFloat(string(a), 64)
		y, err2 := strconv.ParseFloat(string(b), 64)
		return err1 == nil && err2 == nil && x == y
	case map[string]any:
		b, ok := b.(map[string]any)
		if !ok || len(a) != len(b) {
			return false
		}
		for k, v := range a {
			if w, ok := b[k]; !ok || !equalJSON(v, w) {
				return false
			}
		}
		return true
	case []any:
		b, ok := b.([]any)
		if !ok || len(a) != len(b) {
			return false
		}
		for i := range a {
			if !equalJSON(a[i], b[i]) {
				return false
			}
		}
		return true
	}
	return reflect.DeepEqual(a, b)
}
