package widget

import (
	"bytes"
	"fmt"
)

// jsonExpect is what the validator accepts next.
type jsonExpect uint8

const (
	expValue        jsonExpect = iota // at the start, after ':' or after ',' in an array
	expValueOrClose                   // just after '['
	expKey                            // after ',' in an object
	expKeyOrClose                     // just after '{'
	expColon                          // after a key
	expCommaOrClose                   // after a member or element
	expEnd                            // after the top-level value
)

// jsonValidator is an iterative JSON checker that can stop at any token and
// resume later, so validation can follow rendering through a huge reply.
// It keeps its own stack of open brackets: gjson.Valid recurses per level
// and a few megabytes of "[" overflow the goroutine stack, which is fatal.
type jsonValidator struct {
	off      int
	stack    []byte // the open brackets
	want     jsonExpect
	maxDepth int
	errAt    int // byte offset of the first error, or -1
	errMsg   string
	done     bool // the input is checked to its end, or an error was found
}

// run checks tokens until it is past byte limit, at the end or at an error.
func (v *jsonValidator) run(raw []byte, limit int) {
	for !v.done {
		v.off = skipJSONSpace(raw, v.off)
		if v.off >= len(raw) {
			if v.want != expEnd {
				v.fail(len(raw), "unexpected end")
			}
			v.done = true
			return
		}
		if v.off >= limit {
			return
		}
		v.token(raw, raw[v.off])
	}
}

func (v *jsonValidator) token(raw []byte, c byte) {
	switch v.want {
	case expEnd:
		v.fail(v.off, "data after the value")
	case expColon:
		if c != ':' {
			v.fail(v.off, "expected ':'")
			return
		}
		v.off++
		v.want = expValue
	case expCommaOrClose:
		top := v.stack[len(v.stack)-1]
		switch c {
		case ',':
			v.off++
			v.want = expValue
			if top == '{' {
				v.want = expKey
			}
		case top + 2: // the matching '}' or ']'
			v.pop()
		default:
			v.fail(v.off, fmt.Sprintf("expected ',' or '%c'", top+2))
		}
	case expKey, expKeyOrClose:
		switch {
		case c == '}' && v.want == expKeyOrClose:
			v.pop()
		case c == '"':
			v.str(raw)
			v.want = expColon
		default:
			v.fail(v.off, "expected a key")
		}
	default:
		if c == ']' && v.want == expValueOrClose {
			v.pop()
			return
		}
		v.value(raw, c)
	}
}

func (v *jsonValidator) value(raw []byte, c byte) {
	switch {
	case c == '{' || c == '[':
		v.stack = append(v.stack, c)
		v.maxDepth = max(v.maxDepth, len(v.stack))
		v.off++
		v.want = expKeyOrClose
		if c == '[' {
			v.want = expValueOrClose
		}
		return
	case c == '"':
		v.str(raw)
	case c == '-' || (c >= '0' && c <= '9'):
		v.number(raw)
	case bytes.HasPrefix(raw[v.off:], []byte("true")):
		v.off += 4
	case bytes.HasPrefix(raw[v.off:], []byte("false")):
		v.off += 5
	case bytes.HasPrefix(raw[v.off:], []byte("null")):
		v.off += 4
	default:
		v.fail(v.off, "expected a value")
		return
	}
	v.afterValue()
}

func (v *jsonValidator) afterValue() {
	v.want = expEnd
	if len(v.stack) > 0 {
		v.want = expCommaOrClose
	}
}

func (v *jsonValidator) pop() {
	v.stack = v.stack[:len(v.stack)-1]
	v.off++
	v.afterValue()
}

func (v *jsonValidator) str(raw []byte) {
	for i := v.off + 1; i < len(raw); i++ {
		switch c := raw[i]; {
		case c == '"':
			v.off = i + 1
			return
		case c == '\\':
			if i++; i >= len(raw) {
				v.fail(v.off, "unterminated string")
				return
			}
			switch raw[i] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
			case 'u':
				if i+4 >= len(raw) || !isHexDigit(raw[i+1]) || !isHexDigit(raw[i+2]) || !isHexDigit(raw[i+3]) || !isHexDigit(raw[i+4]) {
					v.fail(i-1, `bad \u escape`)
					return
				}
				i += 4
			default:
				v.fail(i-1, "bad escape")
				return
			}
		case c < 0x20:
			v.fail(i, "control character in a string")
			return
		}
	}
	v.fail(v.off, "unterminated string")
}

// number follows JSON's grammar: -?(0|[1-9]d*)(.d+)?([eE][+-]?d+)?
func (v *jsonValidator) number(raw []byte) {
	i := v.off
	if raw[i] == '-' {
		i++
	}
	digits := func() int {
		start := i
		for i < len(raw) && raw[i] >= '0' && raw[i] <= '9' {
			i++
		}
		return i - start
	}
	switch {
	case i < len(raw) && raw[i] == '0':
		i++
	case digits() == 0:
		v.fail(v.off, "bad number")
		return
	}
	if i < len(raw) && raw[i] == '.' {
		if i++; digits() == 0 {
			v.fail(v.off, "bad number")
			return
		}
	}
	if i < len(raw) && (raw[i] == 'e' || raw[i] == 'E') {
		if i++; i < len(raw) && (raw[i] == '+' || raw[i] == '-') {
			i++
		}
		if digits() == 0 {
			v.fail(v.off, "bad number")
			return
		}
	}
	v.off = i
}

func (v *jsonValidator) fail(at int, msg string) {
	v.errAt, v.errMsg, v.done = at, msg, true
}

// cutShort reports whether the error found is only the input ending too
// soon, as in a message kept cut: the input ended inside a value or a
// string, or the token that failed runs to the end of the input.
func (v *jsonValidator) cutShort(raw []byte) bool {
	if v.errMsg == "unexpected end" || v.errMsg == "unterminated string" {
		return true
	}
	for _, c := range raw[v.errAt:] {
		if isJSONDelimiter(c) {
			return false
		}
	}
	return true
}

func isHexDigit(c byte) bool {
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')
}
