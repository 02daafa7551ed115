package cmdline

// maxDepth bounds bracket nesting and the number of levels in a dotted key.
// QEMU's own JSON parser refuses deeper input, so nothing deeper is useful,
// and the bound keeps the recursive parser's stack small on hostile input.
const maxDepth = 1024

// literal parses one bracketed value, JSON or (unless strict) JSON extended
// with Python literals, and writes its compact canonical JSON to out. strict
// is used for raw QMP messages, which must be exactly JSON because they are
// sent unchanged.
type literal struct {
	s      string
	lim    int // offset at which the input ends for this value
	strict bool
	out    []byte
}

// value parses the value starting at i and returns the offset after it.
func (p *literal) value(i, depth int) (int, *SyntaxError) {
	switch c := p.s[i]; c {
	case '[', '{':
		if depth >= maxDepth {
			return 0, errAt(p.s, i, "nesting deeper than %d levels", maxDepth)
		}
		return p.container(i, depth+1)
	case '"', '\'':
		if c == '\'' && p.strict {
			break
		}
		str, n, err := scanString(p.s, i, p.lim, p.strict)
		if err != nil {
			return 0, err
		}
		p.out = appendJSONString(p.out, str)
		return n, nil
	}
	return p.word(i)
}

// container parses an array or object whose opening bracket is at open.
func (p *literal) container(open, depth int) (int, *SyntaxError) {
	s := p.s
	closer, other := byte(']'), byte('}')
	if s[open] == '{' {
		closer, other = other, closer
	}
	p.out = append(p.out, s[open])
	var seen map[string]bool // object keys, to reject duplicates
	i := skipSpace(s, open+1, p.lim)
	for n := 0; ; n++ {
		if i >= p.lim {
			return 0, errAt(s, open, "unclosed %q", s[open])
		}
		// n > 0 means a comma was just read: a trailing comma is Python.
		if s[i] == closer && (n == 0 || !p.strict) {
			p.out = append(p.out, closer)
			return i + 1, nil
		}
		if s[i] == other {
			return 0, p.mismatched(open, i)
		}
		if n > 0 {
			p.out = append(p.out, ',')
		}
		var err *SyntaxError
		if closer == '}' {
			if i, err = p.key(i, &seen); err != nil {
				return 0, err
			}
			if i >= p.lim {
				return 0, errAt(s, open, "unclosed %q", s[open])
			}
		}
		if i, err = p.value(i, depth); err != nil {
			return 0, err
		}
		i = skipSpace(s, i, p.lim)
		switch {
		case i >= p.lim:
			return 0, errAt(s, open, "unclosed %q", s[open])
		case s[i] == ',':
			i = skipSpace(s, i+1, p.lim)
		case s[i] == closer:
			p.out = append(p.out, closer)
			return i + 1, nil
		case s[i] == other:
			return 0, p.mismatched(open, i)
		default:
			return 0, errAt(s, i, "expected ',' or %q", closer)
		}
	}
}

// key parses an object key and the ':' after it, returning the offset of
// the member's value. Outside strict mode a key may appear only once, as
// with dotted keys on the command line.
func (p *literal) key(i int, seen *map[string]bool) (int, *SyntaxError) {
	s := p.s
	if s[i] != '"' && (p.strict || s[i] != '\'') {
		return 0, errAt(s, i, "expected a quoted key")
	}
	k, n, err := scanString(s, i, p.lim, p.strict)
	if err != nil {
		return 0, err
	}
	if !p.strict {
		if (*seen)[k] {
			return 0, errAt(s, i, "duplicate key %q", k)
		}
		if *seen == nil {
			*seen = map[string]bool{}
		}
		(*seen)[k] = true
	}
	p.out = append(appendJSONString(p.out, k), ':')
	n = skipSpace(s, n, p.lim)
	switch {
	case n >= p.lim:
		return n, nil // the caller reports the unclosed bracket
	case s[n] != ':':
		return 0, errAt(s, n, "expected ':' after key")
	}
	return skipSpace(s, n+1, p.lim), nil
}

// mismatched reports the wrong closing bracket at i for the one opened at
// open, naming the opener's column since it may be far to the left.
func (p *literal) mismatched(open, i int) *SyntaxError {
	return errAt(p.s, i, "mismatched %q: %q at col %d is still open", p.s[i], p.s[open], colOf(p.s, open))
}

// word parses an unquoted number, boolean or null.
func (p *literal) word(i int) (int, *SyntaxError) {
	s := p.s
	n := i
	for n < p.lim && isWordByte(s[n]) {
		n++
	}
	w := s[i:n]
	if w == "" {
		return 0, errAt(s, i, "unexpected %q", firstRune(s[i:]))
	}
	if p.strict {
		if w != "true" && w != "false" && w != "null" && !isJSONNumber(w) {
			return 0, errAt(s, i, "invalid JSON value %q", w)
		}
		p.out = append(p.out, w...)
		return n, nil
	}
	c := classifyWord(w)
	switch {
	case c.bad != "":
		return 0, errAt(s, i, "bad number %q: %s", w, c.bad)
	case c.kind == Bare:
		return 0, errAt(s, i, "unquoted word %q inside brackets (quote it)", w)
	}
	p.out = append(p.out, c.enc...)
	return n, nil
}

// isWordByte reports whether c can be part of a number or keyword.
func isWordByte(c byte) bool {
	return isDigit(c) || isLetter(c) || c == '_' || c == '.' || c == '+' || c == '-'
}

// isJSONNumber reports whether w is a number in JSON's stricter grammar.
func isJSONNumber(w string) bool {
	i := 0
	if i < len(w) && w[i] == '-' {
		i++
	}
	switch {
	case i < len(w) && w[i] == '0':
		i++
	case i < len(w) && isDigit(w[i]):
		i = skipDigits(w, i)
	default:
		return false
	}
	if i < len(w) && w[i] == '.' {
		if j := skipDigits(w, i+1); j > i+1 {
			i = j
		} else {
			return false
		}
	}
	if i < len(w) && (w[i] == 'e' || w[i] == 'E') {
		i++
		if i < len(w) && (w[i] == '+' || w[i] == '-') {
			i++
		}
		j := skipDigits(w, i)
		if j == i {
			return false
		}
		i = j
	}
	return i == len(w)
}
