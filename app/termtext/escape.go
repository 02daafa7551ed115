package termtext

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"
)

// The one escaper for text that leaves qmpdash towards a terminal, whether
// a tview primitive draws it or a headless command prints it. Text from a
// server, a log, a schema, a configuration or a history file may carry
// bytes a terminal obeys: C0 and C1 controls (ESC starts a sequence that
// sets the title or writes the clipboard, CR hides what came before, BEL
// rings), DEL, bytes that are not UTF-8, and Unicode's invisible format
// characters (bidi embeddings, overrides and isolates, zero-width
// characters, line and paragraph separators) that reorder or hide what is
// drawn. All of them are shown as visible escapes instead.

// EscapeControls returns s with every unsafe character replaced by a
// visible escape: `\n`, `\t`, `\x1b` and `\x7f` for C0 and DEL, `\u009b`
// for C1, `\xff` for a byte that is not UTF-8, `\u202e` or `\U000e0041` for
// a format character. Everything else, including a genuine U+FFFD, is
// unchanged. Clean strings are returned without copying.
func EscapeControls(s string) string { return escape(s, false) }

// EscapeText is EscapeControls for multi-line text printed as text (HMP
// output, error messages, documentation): newlines and tabs stay, a CRLF
// line end becomes a newline, and everything else unsafe is escaped.
func EscapeText(s string) string { return escape(s, true) }

// EscapeJSON returns JSON text with every unsafe character inside a string
// written as a JSON escape (`\u202e`, `\u009b`, a surrogate pair beyond
// U+FFFF, `\ufffd` for a byte that is not UTF-8), and tab and CR whitespace
// between tokens as spaces, so the value is unchanged and nothing in it
// steers a terminal. Newlines stay for indented output. Clean input is
// returned as is, not copied.
func EscapeJSON(b []byte) []byte {
	first := firstUnsafe(b, "\n")
	if first < 0 {
		return b
	}
	out := make([]byte, 0, len(b)+16)
	out = append(out, b[:first]...)
	for i := first; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		switch {
		case r == '\n' || !unsafeRune(r, size):
			out = append(out, b[i:i+size]...)
		case r == '\t' || r == '\r':
			out = append(out, ' ')
		case r == utf8.RuneError:
			out = append(out, `\ufffd`...)
		case r > 0xffff:
			hi, lo := utf16.EncodeRune(r)
			out = appendU4(appendU4(out, hi), lo)
		default:
			out = appendU4(out, r)
		}
		i += size
	}
	return out
}

func escape(s string, text bool) string {
	allowed := ""
	if text {
		allowed = "\n\t"
	}
	first := firstUnsafe(s, allowed)
	if first < 0 {
		return s
	}
	var sb strings.Builder
	sb.Grow(len(s) + 8)
	sb.WriteString(s[:first])
	for i := first; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case text && (r == '\n' || r == '\t'):
			sb.WriteByte(byte(r))
		case text && r == '\r' && strings.HasPrefix(s[i+1:], "\n"):
			// the newline follows and is kept
		case !unsafeRune(r, size):
			sb.WriteString(s[i : i+size])
		case r == utf8.RuneError || r < 0x20 || r == 0x7f:
			sb.WriteString(controlEscape(s[i], r))
		case r > 0xffff:
			fmt.Fprintf(&sb, `\U%08x`, r)
		default:
			sb.Write(appendU4(nil, r))
		}
		i += size
	}
	return sb.String()
}

// controlEscape is the escape of a C0 control, DEL or a stray byte b.
func controlEscape(b byte, r rune) string {
	switch r {
	case '\n':
		return `\n`
	case '\t':
		return `\t`
	}
	return `\x` + hex2(b)
}

// unsafeRune reports whether r, decoded from size bytes, must not reach a
// terminal as it is.
func unsafeRune(r rune, size int) bool {
	switch {
	case r < 0x20 || r == 0x7f:
		return true
	case r < 0x80:
		return false
	case r == utf8.RuneError:
		return size == 1
	case r < 0xa0:
		return true
	}
	return unicode.In(r, unicode.Cf, unicode.Zl, unicode.Zp)
}

// firstUnsafe is the byte offset of the first character to escape, or -1;
// the ASCII controls in allowed pass. It skips printable ASCII, nearly all
// of QMP, a word of 8 bytes at a time and decodes only what is left.
func firstUnsafe[T string | []byte](s T, allowed string) int {
	for i := 0; i < len(s); {
		if i+8 <= len(s) && plainASCII8(load64(s, i)) {
			i += 8
			continue
		}
		c := s[i]
		if c < utf8.RuneSelf {
			if (c < 0x20 || c == 0x7f) && strings.IndexByte(allowed, c) < 0 {
				return i
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(string(s[i:min(i+utf8.UTFMax, len(s))]))
		if unsafeRune(r, size) {
			return i
		}
		i += size
	}
	return -1
}

// load64 is the 8 bytes at s[i:] as one little-endian word.
func load64[T string | []byte](s T, i int) uint64 {
	return uint64(s[i]) | uint64(s[i+1])<<8 | uint64(s[i+2])<<16 | uint64(s[i+3])<<24 |
		uint64(s[i+4])<<32 | uint64(s[i+5])<<40 | uint64(s[i+6])<<48 | uint64(s[i+7])<<56
}

// plainASCII8 reports whether the 8 bytes of x are all printable ASCII
// (0x20–0x7e).
func plainASCII8(x uint64) bool {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	below := (x - 0x20*ones) &^ x // a high bit set where a byte is under 0x20
	y := x ^ 0x7f*ones            // a zero byte where x has 0x7f
	del := (y - ones) &^ y
	return (x|below|del)&highs == 0
}

// appendU4 appends the escape `\uXXXX` of r (at most U+FFFF).
func appendU4(b []byte, r rune) []byte {
	return append(b, '\\', 'u', hexDigits[r>>12&15], hexDigits[r>>8&15], hexDigits[r>>4&15], hexDigits[r&15])
}

const hexDigits = "0123456789abcdef"

func hex2(b byte) string {
	return string([]byte{hexDigits[b>>4], hexDigits[b&15]})
}
