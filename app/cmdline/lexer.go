package cmdline

// token is one word of a line. The lexer is lenient: it never fails, and an
// unterminated quote or bracket simply runs to the end of the line. The
// parser then re-reads each token strictly to report the error with its
// column, and Locate uses the same tokens on half-typed input, so both agree
// on where every word starts and ends.
type token struct {
	start, end int // byte span in the line
	eq         int // byte offset of the first '=', or -1 when there is none
}

// lex splits s[i:] into tokens. Words are separated by spaces; a value that
// begins with a quote or a bracket (right after the first '=') extends to its
// closing quote or bracket, spaces and all. Quotes and brackets later in a
// word are ordinary characters, so bare words like O'Brien or a[1] survive.
// With semis set (transaction lines), a ';' outside quotes and brackets is a
// token of its own.
func lex(s string, i int, semis bool) []token {
	var toks []token
	endsWord := func(c byte) bool { return isSpace(c) || (semis && c == ';') }
	for {
		i = skipSpace(s, i, len(s))
		if i >= len(s) {
			return toks
		}
		t := token{start: i, eq: -1}
		if semis && s[i] == ';' {
			i++
		} else {
			for i < len(s) && !endsWord(s[i]) && s[i] != '=' {
				i++
			}
			if i < len(s) && s[i] == '=' {
				t.eq = i
				i = skipValueHead(s, i+1)
				for i < len(s) && !endsWord(s[i]) {
					i++
				}
			}
		}
		t.end = i
		toks = append(toks, t)
	}
}

// skipValueHead skips a quoted or bracketed value starting at i and returns
// the offset just after it (or len(s) when it is not closed). Any other value
// is left to the caller, which reads it up to the next space.
func skipValueHead(s string, i int) int {
	if i >= len(s) {
		return i
	}
	switch s[i] {
	case '"', '\'':
		return skipQuoted(s, i)
	case '[', '{':
		depth := 0
		for i < len(s) {
			switch s[i] {
			case '"', '\'':
				i = skipQuoted(s, i)
				continue
			case '[', '{':
				depth++
			case ']', '}':
				depth--
				if depth == 0 {
					return i + 1
				}
			}
			i++
		}
	}
	return i
}

// skipQuoted skips the string whose opening quote is at i, honouring
// backslash escapes, and returns the offset after the closing quote.
func skipQuoted(s string, i int) int {
	q := s[i]
	for i++; i < len(s); i++ {
		switch s[i] {
		case '\\':
			i++
		case q:
			return i + 1
		}
	}
	return len(s)
}

// isSpace reports whether c separates words. It is exactly JSON's whitespace,
// so raw JSON and command lines trim the same way.
func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\r' || c == '\n'
}

// skipSpace returns the first offset in s[i:lim] that is not a space, or lim.
func skipSpace(s string, i, lim int) int {
	for i < lim && isSpace(s[i]) {
		i++
	}
	return i
}

// trim returns the span of s without leading and trailing spaces.
func trim(s string) (start, end int) {
	start = skipSpace(s, 0, len(s))
	end = len(s)
	for end > start && isSpace(s[end-1]) {
		end--
	}
	return start, end
}
