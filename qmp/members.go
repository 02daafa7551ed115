package qmp

import (
	"bytes"
	"iter"
	"unsafe"

	"github.com/tidwall/gjson"
)

// members yields each member of the JSON object obj: its key, unescaped,
// and the text of its value, a slice of obj. It parses no value, so a
// member nobody wants costs only a scan past it; gjson's ForEach would
// parse every one. obj must be valid JSON (gjson.Valid); on other input
// members stops early or yields nonsense, but stays in bounds.
func members(obj []byte) iter.Seq2[string, []byte] {
	return func(yield func(key string, value []byte) bool) {
		i := skipSpace(obj, 0)
		if i >= len(obj) || obj[i] != '{' {
			return
		}
		i++
		for {
			i = skipSpace(obj, i)
			if i >= len(obj) || obj[i] != '"' {
				return // '}': the end
			}
			end, plain := stringEnd(obj, i)
			if end-i < 2 {
				return
			}
			key := view(obj[i+1 : end-1])
			if !plain {
				key = gjson.Parse(view(obj[i:end])).Str
			}
			i = skipSpace(obj, end)
			if i >= len(obj) || obj[i] != ':' {
				return
			}
			i = skipSpace(obj, i+1)
			end = valueEnd(obj, i)
			if !yield(key, obj[i:end]) {
				return
			}
			i = skipSpace(obj, end)
			if i >= len(obj) || obj[i] != ',' {
				return
			}
			i++
		}
	}
}

// isObject reports whether the valid JSON text b is an object.
func isObject(b []byte) bool {
	i := skipSpace(b, 0)
	return i < len(b) && b[i] == '{'
}

// text is the JSON string s unescaped, or "" if s is no string; without
// escapes it is a view of s, not a copy.
func text(s []byte) string {
	if len(s) >= 2 && s[0] == '"' && bytes.IndexByte(s, '\\') < 0 {
		return view(s[1 : len(s)-1])
	}
	return gjson.Parse(view(s)).Str
}

// view is b as a string, without a copy; b must not change while the
// string is in use.
func view(b []byte) string { return unsafe.String(unsafe.SliceData(b), len(b)) }

func skipSpace(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\r' || b[i] == '\n') {
		i++
	}
	return i
}

// stringEnd is the offset just past the string that opens at b[i], or
// len(b) if it does not end (always more than i), and whether the string
// has no escapes.
func stringEnd(b []byte, i int) (end int, plain bool) {
	plain = true
	for i++; i < len(b); i++ {
		for i < len(b) && b[i] != '"' && b[i] != '\\' {
			i++
		}
		if i < len(b) && b[i] == '"' {
			return i + 1, plain
		}
		plain = false
		i++ // skip the escaped byte
	}
	return len(b), plain
}

// valueEnd is the offset just past the value that starts at b[i].
func valueEnd(b []byte, i int) int {
	if i >= len(b) {
		return i
	}
	switch b[i] {
	case '"':
		end, _ := stringEnd(b, i)
		return end
	case '{', '[':
		for depth := 0; i < len(b); {
			for i < len(b) && b[i] != '"' && b[i] != '{' && b[i] != '}' && b[i] != '[' && b[i] != ']' {
				i++
			}
			if i == len(b) {
				break
			}
			switch b[i] {
			case '"':
				i, _ = stringEnd(b, i)
				continue
			case '{', '[':
				depth++
			default:
				if depth--; depth == 0 {
					return i + 1
				}
			}
			i++
		}
		return len(b)
	}
	for i < len(b) && b[i] != ',' && b[i] != '}' && b[i] != ']' && b[i] > ' ' {
		i++
	}
	return i
}
