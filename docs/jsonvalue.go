package docs

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// decodeValue parses one JSON value, keeping numbers as json.Number so that
// integers and fractions stay distinguishable the way QEMU distinguishes
// them.
func decodeValue(raw json.RawMessage) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, errors.New("trailing data after the JSON value")
	}
	return v, nil
}

// jsonTypeOf names the JSON type of a decoded value in the vocabulary of
// builtin json-types; integer literals are "int", other numbers "number".
func jsonTypeOf(v any) string {
	switch v := v.(type) {
	case string:
		return "string"
	case json.Number:
		if strings.ContainsAny(string(v), ".eE") {
			return "number"
		}
		return "int"
	case bool:
		return "boolean"
	case map[string]any:
		return "object"
	case []any:
		return "array"
	}
	return "null"
}

// maxQuoted is how much of a string value an error message repeats.
const maxQuoted = 24

// describeValue renders a decoded value for "got ..." in messages: its
// JSON type and, for scalars, the value itself, shortened.
func describeValue(v any) string {
	switch v := v.(type) {
	case string:
		if r := []rune(v); len(r) > maxQuoted {
			v = string(r[:maxQuoted]) + "..."
		}
		return "string " + strconv.Quote(v)
	case json.Number:
		return "number " + string(v)
	case bool:
		return fmt.Sprintf("boolean %t", v)
	case nil:
		return "null"
	}
	return jsonTypeOf(v)
}

// isIndex reports whether a path element is an array index like "[3]".
func isIndex(elem string) bool {
	_, ok := parseIndex(elem)
	return ok
}

// parseIndex reads an array index path element "[3]".
func parseIndex(elem string) (int, bool) {
	inner, ok := strings.CutPrefix(elem, "[")
	if !ok {
		return 0, false
	}
	inner, ok = strings.CutSuffix(inner, "]")
	if !ok || inner == "" || inner[0] == '+' || inner[0] == '-' {
		return 0, false
	}
	i, err := strconv.Atoi(inner)
	return i, err == nil
}

// indexElem writes an array index as a path element.
func indexElem(i int) string {
	return "[" + strconv.Itoa(i) + "]"
}
