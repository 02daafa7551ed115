package cmdline

import (
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// scanString decodes the quoted string whose opening quote is at s[i] and
// returns its text and the offset after the closing quote. In strict (raw
// JSON) mode only JSON's escapes and no raw control characters are accepted,
// and a lone UTF-16 surrogate is tolerated as JSON tolerates it; otherwise
// \' and \xHH are also accepted and a lone surrogate is an error, because
// it cannot be turned into valid UTF-8.
func scanString(s string, i, lim int, strict bool) (string, int, *SyntaxError) {
	q := s[i]
	var b strings.Builder
	for j := i + 1; j < lim; {
		c := s[j]
		switch {
		case c == q:
			return b.String(), j + 1, nil
		case c == '\\':
			r, n, err := unescape(s, j, lim, strict)
			if err != nil {
				return "", 0, err
			}
			if n == 0 {
				j = lim // the line ends inside the escape
				continue
			}
			b.WriteRune(r)
			j = n
		case strict && c < 0x20:
			return "", 0, errAt(s, j, "control character %q in JSON string", c)
		default:
			b.WriteByte(c)
			j++
		}
	}
	return "", 0, errAt(s, i, "unterminated string")
}

// unescape decodes the escape sequence at s[j] == '\\' and returns the rune
// and the offset after it. n is 0 when the input ends inside the escape.
func unescape(s string, j, lim int, strict bool) (r rune, n int, err *SyntaxError) {
	if j+1 >= lim {
		return 0, 0, nil
	}
	switch c := s[j+1]; c {
	case '"', '\\', '/':
		return rune(c), j + 2, nil
	case 'b':
		return '\b', j + 2, nil
	case 'f':
		return '\f', j + 2, nil
	case 'n':
		return '\n', j + 2, nil
	case 'r':
		return '\r', j + 2, nil
	case 't':
		return '\t', j + 2, nil
	case '\'':
		if !strict {
			return '\'', j + 2, nil
		}
	case 'x':
		if !strict {
			// \xHH names the code point U+00HH, as in Python strings.
			return hexEscape(s, j, lim, 2)
		}
	case 'u':
		return unicodeEscape(s, j, lim, strict)
	}
	return 0, 0, errAt(s, j, "unknown escape \\%c", firstRune(s[j+1:]))
}

// unicodeEscape decodes \uXXXX at s[j], joining a UTF-16 surrogate pair.
func unicodeEscape(s string, j, lim int, strict bool) (rune, int, *SyntaxError) {
	r, n, err := hexEscape(s, j, lim, 4)
	if err != nil || n == 0 || !utf16.IsSurrogate(r) {
		return r, n, err
	}
	if r < 0xdc00 && n+1 < lim && s[n] == '\\' && s[n+1] == 'u' {
		lo, m, err := hexEscape(s, n, lim, 4)
		if err != nil || m == 0 {
			return lo, m, err
		}
		if pair := utf16.DecodeRune(r, lo); pair != utf8.RuneError {
			return pair, m, nil
		}
	}
	if strict {
		return utf8.RuneError, n, nil
	}
	return 0, 0, errAt(s, j, "lone UTF-16 surrogate \\u%04x", r)
}

// hexEscape decodes the escape at s[j] made of a backslash, a letter and
// the given number of hex digits. n is 0 when the input ends first.
func hexEscape(s string, j, lim, digits int) (r rune, n int, err *SyntaxError) {
	for k := j + 2; k < j+2+digits; k++ {
		if k >= lim {
			return 0, 0, nil
		}
		d := digitValue(s[k])
		if d > 15 {
			return 0, 0, errAt(s, j, "\\%c needs %d hex digits", s[j+1], digits)
		}
		r = r<<4 | rune(d)
	}
	return r, j + 2 + digits, nil
}

// appendJSONString appends s as a JSON string. Unlike encoding/json it
// leaves <, > and & alone, so the text the user reads back is what was typed.
// s is valid UTF-8, since Parse rejects anything else and decoded escapes are
// written as runes.
func appendJSONString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '"' || c == '\\':
			b = append(b, '\\', c)
		case c == '\n':
			b = append(b, '\\', 'n')
		case c == '\r':
			b = append(b, '\\', 'r')
		case c == '\t':
			b = append(b, '\\', 't')
		case c < 0x20:
			b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
		default:
			b = append(b, c)
		}
	}
	return append(b, '"')
}
