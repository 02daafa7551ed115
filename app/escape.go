package app

import (
	"strings"
	"unicode/utf8"
)

// EscapeControls returns s with C0 and C1 control characters, DEL and
// invalid UTF-8 bytes replaced by visible escapes (`\n`, `\t`, `\x1b`,
// `\x7f`, `\u009b`, `\xff`), so no server text can steer a terminal;
// everything else, including a genuine U+FFFD, is unchanged. Clean strings
// are returned without copying.
func EscapeControls(s string) string {
	first := firstUnsafe(s)
	if first < 0 {
		return s
	}
	var sb strings.Builder
	sb.Grow(len(s) + 8)
	sb.WriteString(s[:first])
	for i := first; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			sb.WriteString(`\x` + hex2(s[i]))
		case r == '\n':
			sb.WriteString(`\n`)
		case r == '\t':
			sb.WriteString(`\t`)
		case r < 0x20 || r == 0x7f:
			sb.WriteString(`\x` + hex2(byte(r)))
		case r >= 0x80 && r < 0xa0:
			sb.WriteString(`\u00` + hex2(byte(r)))
		default:
			sb.WriteString(s[i : i+size])
		}
		i += size
	}
	return sb.String()
}

// firstUnsafe is the byte offset of the first character to escape,
// or -1. It keeps ASCII on a byte loop because that is nearly all of QMP.
func firstUnsafe(s string) int {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c < 0x20 || c == 0x7f {
				return i
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if (r == utf8.RuneError && size == 1) || r < 0xa0 {
			return i
		}
		i += size
	}
	return -1
}

func hex2(b byte) string {
	const digits = "0123456789abcdef"
	return string([]byte{digits[b>>4], digits[b&15]})
}
