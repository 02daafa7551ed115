package cmdline

import (
	"encoding/json"
	"strconv"
	"strings"
)

// word is what an unquoted word means: its kind and JSON encoding (enc), or, when
// it looks like a number but is not a valid one, a non-empty bad message.
type word struct {
	kind ValueKind
	enc  string
	bad  string
}

// classifyWord interprets an unquoted word. Only a word that is entirely a
// number becomes one, so identifiers and addresses that merely begin with a
// digit (1G, 127.0.0.1, 52:54:00:12:34:56) stay strings. A word that could
// only have been meant as a number but is malformed (--3, 0xZZ, 1e, 09) is
// reported instead of being sent as a surprising string.
func classifyWord(w string) word {
	switch {
	case strings.EqualFold(w, "true"):
		return word{kind: Bool, enc: "true"}
	case strings.EqualFold(w, "false"):
		return word{kind: Bool, enc: "false"}
	case w == "null" || w == "None":
		return word{kind: Null, enc: "null"}
	}
	if !looksNumeric(w) {
		return word{kind: Bare}
	}
	body, neg := strings.CutPrefix(w, "-")
	if body == "" || body[0] == '-' || body[0] == '+' || w[0] == '+' {
		return word{bad: "a number takes at most one sign, and only '-'"}
	}
	if len(body) >= 2 && body[0] == '0' {
		switch body[1] {
		case 'x', 'X':
			return radixWord(w, body[2:], neg, 16, "hexadecimal")
		case 'o', 'O':
			return radixWord(w, body[2:], neg, 8, "octal")
		case 'b', 'B':
			return radixWord(w, body[2:], neg, 2, "binary")
		}
	}
	return decimalWord(w, body, neg)
}

// looksNumeric reports whether w, after any signs, starts with a digit or
// with '.' and a digit: the words that must be numbers if they are anything.
func looksNumeric(w string) bool {
	w = strings.TrimLeft(w, "+-")
	if w != "" && w[0] == '.' {
		w = w[1:]
	}
	return w != "" && isDigit(w[0])
}

// radixWord reads the digits after a 0x, 0o or 0b prefix. Letters and
// digits that do not belong to the base make a bad number; any other
// character (0x1F:00) makes the whole word a bare string.
func radixWord(w, digits string, neg bool, base int, name string) word {
	if digits == "" {
		return word{bad: "missing digits after " + w[:len(w)-len(digits)]}
	}
	for i := 0; i < len(digits); i++ {
		c := digits[i]
		if digitValue(c) < base {
			continue
		}
		if isDigit(c) || isLetter(c) || c == '_' {
			return word{bad: "invalid digit " + strconv.QuoteRune(rune(c)) + " in " + name + " number"}
		}
		return word{kind: Bare}
	}
	return intWord(digits, neg, base)
}

// decimalWord reads digits[.digits][e[sign]digits]. A leading-zero integer
// is octal, as in C and qmp-shell's Python 2 heritage.
func decimalWord(w, body string, neg bool) word {
	i := skipDigits(body, 0)
	isFloat := false
	if i < len(body) && body[i] == '.' {
		isFloat = true
		i = skipDigits(body, i+1)
	}
	if i < len(body) && (body[i] == 'e' || body[i] == 'E') {
		j := i + 1
		if j < len(body) && (body[j] == '+' || body[j] == '-') {
			j++
		}
		k := skipDigits(body, j)
		if k == j && k == len(body) {
			return word{bad: "missing digits in exponent"}
		}
		if k > j {
			isFloat = true
			i = k
		}
	}
	if i != len(body) {
		return word{kind: Bare}
	}
	if isFloat {
		f, err := strconv.ParseFloat(w, 64)
		if err != nil {
			return word{bad: "number out of range"}
		}
		// json.Marshal gives floats one canonical spelling; f is finite.
		b, _ := json.Marshal(f)
		return word{kind: Float, enc: string(b)}
	}
	if len(body) > 1 && body[0] == '0' {
		if j := strings.IndexAny(body, "89"); j >= 0 {
			return word{bad: "invalid digit " + strconv.QuoteRune(rune(body[j])) + " in octal number (leading 0)"}
		}
		return intWord(body[1:], neg, 8)
	}
	return intWord(body, neg, 10)
}

// intWord converts validated digits. Integers may span int64 and uint64
// because QMP sizes are unsigned 64-bit.
func intWord(digits string, neg bool, base int) word {
	mag, err := strconv.ParseUint(digits, base, 64)
	if err != nil || (neg && mag > 1<<63) {
		return word{bad: "integer out of range"}
	}
	s := strconv.FormatUint(mag, 10)
	if neg && mag != 0 {
		s = "-" + s
	}
	return word{kind: Int, enc: s}
}

func skipDigits(s string, i int) int {
	for i < len(s) && isDigit(s[i]) {
		i++
	}
	return i
}

func isDigit(c byte) bool  { return c >= '0' && c <= '9' }
func isLetter(c byte) bool { return (c|0x20) >= 'a' && (c|0x20) <= 'z' }

// digitValue returns the value of c as a digit in bases up to 16, or 99.
func digitValue(c byte) int {
	switch {
	case isDigit(c):
		return int(c - '0')
	case (c|0x20) >= 'a' && (c|0x20) <= 'f':
		return int(c|0x20-'a') + 10
	}
	return 99
}
