package cmdline

// parseValue parses the value of a key=value token, s[i:end], where end is
// where the lexer ended the token. The lexer is lenient, so anything it
// swallowed after a closed quote or bracket is reported here.
func parseValue(s string, i, end int) (Value, *SyntaxError) {
	v := Value{Text: s[i:end], Pos: i, End: end}
	if i == end {
		return v, errAt(s, i, "missing value after '=' (write \"\" for an empty string)")
	}
	var next int
	switch c := s[i]; c {
	case '"', '\'':
		str, n, err := scanString(s, i, end, false)
		if err != nil {
			return v, err
		}
		v.Kind, v.JSON, next = String, appendJSONString(nil, str), n
	case '[', '{':
		p := literal{s: s, lim: end}
		n, err := p.value(i, 0)
		if err != nil {
			return v, err
		}
		v.Kind, v.JSON, next = Array, p.out, n
		if c == '{' {
			v.Kind = Object
		}
	case ']', '}':
		return v, errAt(s, i, "unbalanced %q", c)
	default:
		w := classifyWord(v.Text)
		switch {
		case w.bad != "":
			return v, errAt(s, i, "bad number %q: %s", v.Text, w.bad)
		case w.kind == Bare:
			v.Kind, v.JSON = Bare, appendJSONString(nil, v.Text)
		default:
			v.Kind, v.JSON = w.kind, []byte(w.enc)
		}
		return v, nil
	}
	if next < end {
		if c := s[next]; c == ']' || c == '}' {
			return v, errAt(s, next, "unbalanced %q", c)
		}
		closing := "bracket"
		if v.Kind == String {
			closing = "quote"
		}
		return v, errAt(s, next, "unexpected text after the closing %s", closing)
	}
	return v, nil
}
