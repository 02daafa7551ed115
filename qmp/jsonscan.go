package qmp

import (
	"bytes"
	"unsafe"

	"github.com/tidwall/gjson"
)

// scanVerdict is what scanMessage found a message to be.
type scanVerdict int

const (
	scanObject    scanVerdict = iota // valid JSON, an object
	scanNotObject                    // valid JSON of another kind
	scanInvalid                      // not JSON as gjson.Valid has it
	scanTooDeep                      // nested deeper than MaxNesting
)

// scanMessage validates raw in one pass, as strictly as gjson.Valid: the
// same grammar, strings may hold any byte from 0x20 up (UTF-8 is not
// checked), nothing but JSON whitespace may follow the value. It never
// recurses, so hostile nesting costs no stack; it refuses nesting deeper
// than MaxNesting exactly when TooDeep would, even in invalid text.
//
// If raw opens with an object, member is called for each of its members
// in order, with the key unescaped and the value's text as a slice of raw,
// as soon as that value has been checked. The rest of raw is not checked
// yet: the caller must discard what it saw unless the verdict is
// scanObject. A key without escapes is a view of raw, not a copy.
func scanMessage(raw []byte, member func(key string, value []byte)) scanVerdict {
	i := skipSpace(raw, 0)
	isObject := i < len(raw) && raw[i] == '{'
	var ok bool
	if isObject {
		i, ok = scanMembers(raw, i+1, member)
	} else {
		i, ok = scanValue(raw, i, 0)
	}
	switch {
	case ok && skipSpace(raw, i) == len(raw) && isObject:
		return scanObject
	case ok && skipSpace(raw, i) == len(raw):
		return scanNotObject
	case TooDeep(raw):
		// The scan fails on nesting deeper than MaxNesting, but also
		// stops at the first error: TooDeep counts brackets in all of
		// the text, valid or not, and is the one judge of depth.
		return scanTooDeep
	}
	return scanInvalid
}

// scanMembers checks the members of the top-level object whose '{' ends
// just before b[i], calling member for each, and returns the offset past
// its '}', or where it failed and false.
func scanMembers(b []byte, i int, member func(key string, value []byte)) (int, bool) {
	i = skipSpace(b, i)
	if i < len(b) && b[i] == '}' {
		return i + 1, true
	}
	for {
		if i >= len(b) || b[i] != '"' {
			return i, false
		}
		start := i
		end, plain, ok := scanString(b, i+1)
		if !ok {
			return end, false
		}
		if i = skipSpace(b, end); i >= len(b) || b[i] != ':' {
			return i, false
		}
		vstart := skipSpace(b, i+1)
		if i, ok = scanValue(b, vstart, 1); !ok {
			return i, false
		}
		key := view(b[start+1 : end-1])
		if !plain {
			key = gjson.Parse(view(b[start:end])).Str
		}
		member(key, b[vstart:i])
		if i = skipSpace(b, i); i < len(b) && b[i] == '}' {
			return i + 1, true
		}
		if i >= len(b) || b[i] != ',' {
			return i, false
		}
		i = skipSpace(b, i+1)
	}
}

// scanValue checks the JSON value that starts at b[i] (no space before
// it) inside depth open brackets, and returns the offset past it, or
// where it failed and false; it fails on nesting deeper than MaxNesting.
// Open brackets are kept as bits, one per level, instead of recursing.
func scanValue(b []byte, i, depth int) (int, bool) {
	var objects [MaxNesting/64 + 1]uint64 // bit d set: level d is an object
	open := 0                             // brackets opened within this value
	for {
		// A value starts at b[i].
		if i >= len(b) {
			return i, false
		}
		ok := true
		switch c := b[i]; c {
		case '{', '[':
			if depth+open >= MaxNesting {
				return i, false
			}
			isObj := c == '{'
			if isObj {
				objects[open/64] |= 1 << (open % 64)
			} else {
				objects[open/64] &^= 1 << (open % 64)
			}
			open++
			if i = skipSpace(b, i+1); i < len(b) && b[i] == c+2 { // '}' or ']'
				i++
				open--
				break
			}
			if isObj {
				if i, ok = scanKey(b, i); !ok {
					return i, false
				}
			}
			continue
		case '"':
			i, _, ok = scanString(b, i+1)
		case 't':
			i, ok = scanWord(b, i, "true")
		case 'f':
			i, ok = scanWord(b, i, "false")
		case 'n':
			i, ok = scanWord(b, i, "null")
		default:
			i, ok = scanNumber(b, i)
		}
		if !ok {
			return i, false
		}
		// A value ends just before b[i]: close brackets until a ','.
		for {
			if open == 0 {
				return i, true
			}
			if i = skipSpace(b, i); i >= len(b) {
				return i, false
			}
			isObj := objects[(open-1)/64]&(1<<((open-1)%64)) != 0
			if b[i] == ',' {
				i = skipSpace(b, i+1)
				if isObj {
					if i, ok = scanKey(b, i); !ok {
						return i, false
					}
				}
				break
			}
			if !isObj && b[i] == ']' || isObj && b[i] == '}' {
				i++
				open--
				continue
			}
			return i, false
		}
	}
}

// scanKey checks a member's key and its colon, starting at b[i], and
// returns the offset of the value after them.
func scanKey(b []byte, i int) (int, bool) {
	if i >= len(b) || b[i] != '"' {
		return i, false
	}
	i, _, ok := scanString(b, i+1)
	if !ok {
		return i, false
	}
	if i = skipSpace(b, i); i >= len(b) || b[i] != ':' {
		return i, false
	}
	return skipSpace(b, i+1), true
}

// scanString checks the rest of a string whose '"' ends just before b[i]
// and returns the offset past its closing '"' and whether it has no
// escapes. Control characters must be escaped; any other byte is taken.
func scanString(b []byte, i int) (end int, plain, ok bool) {
	plain = true
	for ; i < len(b); i++ {
		switch c := b[i]; {
		case c == '"':
			return i + 1, plain, true
		case c < ' ':
			return i, plain, false
		case c == '\\':
			plain = false
			if i++; i >= len(b) {
				return i, plain, false
			}
			switch b[i] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
			case 'u':
				if i+4 >= len(b) || !isHex(b[i+1]) || !isHex(b[i+2]) || !isHex(b[i+3]) || !isHex(b[i+4]) {
					return i, plain, false
				}
				i += 4
			default:
				return i, plain, false
			}
		}
	}
	return i, plain, false
}

// scanNumber checks the number that starts at b[i]: an optional '-', then
// 0 or digits not starting with 0, an optional fraction and an optional
// exponent. What follows it is the caller's to check.
func scanNumber(b []byte, i int) (int, bool) {
	if i < len(b) && b[i] == '-' {
		i++
	}
	if i >= len(b) || !isDigit(b[i]) {
		return i, false
	}
	if b[i] == '0' {
		i++
	} else {
		i = skipDigits(b, i)
	}
	if i < len(b) && b[i] == '.' {
		if i++; i >= len(b) || !isDigit(b[i]) {
			return i, false
		}
		i = skipDigits(b, i)
	}
	if i < len(b) && (b[i] == 'e' || b[i] == 'E') {
		if i++; i < len(b) && (b[i] == '+' || b[i] == '-') {
			i++
		}
		if i >= len(b) || !isDigit(b[i]) {
			return i, false
		}
		i = skipDigits(b, i)
	}
	return i, true
}

// scanWord checks that the literal word (true, false, null) is at b[i].
func scanWord(b []byte, i int, word string) (int, bool) {
	if len(b)-i < len(word) || view(b[i:i+len(word)]) != word {
		return i, false
	}
	return i + len(word), true
}

func skipDigits(b []byte, i int) int {
	for i < len(b) && isDigit(b[i]) {
		i++
	}
	return i
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func isHex(c byte) bool {
	return isDigit(c) || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}

func skipSpace(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\r' || b[i] == '\n') {
		i++
	}
	return i
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
