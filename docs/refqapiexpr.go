package docs

import (
	"errors"
	"fmt"
	"strings"
)

// qobject is a QAPI schema object with its keys in source order: member
// order matters for documentation.
type qobject struct {
	keys []string
	vals []any
}

func (o *qobject) get(key string) any {
	for i, k := range o.keys {
		if k == key {
			return o.vals[i]
		}
	}
	return nil
}

// maxQAPIDepth bounds nesting so that hostile input cannot exhaust the
// stack; real schema expressions nest three or four levels.
const maxQAPIDepth = 64

// parseQAPIExpr parses one schema expression, the Python-like JSON of
// qapi/*.json: single- or double-quoted strings without escapes, objects,
// lists, true and false, and "#" comments. Values are string, bool, []any
// and *qobject. Trailing text after the expression is an error.
func parseQAPIExpr(s string) (any, error) {
	p := qapiExprParser{s: s}
	v, err := p.value(0)
	if err != nil {
		return nil, err
	}
	if p.skip(); p.i < len(p.s) {
		return nil, fmt.Errorf("offset %d: text after expression", p.i)
	}
	return v, nil
}

type qapiExprParser struct {
	s string
	i int
}

var errQAPIEnd = errors.New("unexpected end of expression")

// skip moves past white space and comments.
func (p *qapiExprParser) skip() {
	for p.i < len(p.s) {
		switch p.s[p.i] {
		case ' ', '\t', '\n', '\r':
			p.i++
		case '#':
			if nl := strings.IndexByte(p.s[p.i:], '\n'); nl >= 0 {
				p.i += nl
			} else {
				p.i = len(p.s)
			}
		default:
			return
		}
	}
}

func (p *qapiExprParser) value(depth int) (any, error) {
	if depth > maxQAPIDepth {
		return nil, errors.New("expression nested too deeply")
	}
	p.skip()
	if p.i >= len(p.s) {
		return nil, errQAPIEnd
	}
	switch c := p.s[p.i]; c {
	case '{':
		return p.object(depth)
	case '[':
		return p.list(depth)
	case '\'', '"':
		return p.str()
	}
	for _, lit := range []struct {
		word string
		val  bool
	}{{"true", true}, {"false", false}} {
		if strings.HasPrefix(p.s[p.i:], lit.word) {
			p.i += len(lit.word)
			return lit.val, nil
		}
	}
	return nil, fmt.Errorf("offset %d: unexpected %q", p.i, p.s[p.i])
}

func (p *qapiExprParser) str() (string, error) {
	quote := p.s[p.i]
	end := strings.IndexByte(p.s[p.i+1:], quote)
	if end < 0 {
		return "", errQAPIEnd
	}
	v := p.s[p.i+1 : p.i+1+end]
	p.i += end + 2
	return v, nil
}

func (p *qapiExprParser) object(depth int) (any, error) {
	o := &qobject{}
	p.i++ // '{'
	for {
		p.skip()
		if p.i >= len(p.s) {
			return nil, errQAPIEnd
		}
		if p.s[p.i] == '}' {
			p.i++
			return o, nil
		}
		if len(o.keys) > 0 {
			if p.s[p.i] != ',' {
				return nil, fmt.Errorf("offset %d: want ',' or '}'", p.i)
			}
			p.i++
			p.skip()
		}
		if p.i >= len(p.s) || (p.s[p.i] != '\'' && p.s[p.i] != '"') {
			return nil, fmt.Errorf("offset %d: want a quoted key", p.i)
		}
		key, err := p.str()
		if err != nil {
			return nil, err
		}
		if p.skip(); p.i >= len(p.s) || p.s[p.i] != ':' {
			return nil, fmt.Errorf("offset %d: want ':'", p.i)
		}
		p.i++
		v, err := p.value(depth + 1)
		if err != nil {
			return nil, err
		}
		o.keys, o.vals = append(o.keys, key), append(o.vals, v)
	}
}

func (p *qapiExprParser) list(depth int) (any, error) {
	var l []any
	p.i++ // '['
	for {
		p.skip()
		if p.i >= len(p.s) {
			return nil, errQAPIEnd
		}
		if p.s[p.i] == ']' {
			p.i++
			return l, nil
		}
		if len(l) > 0 {
			if p.s[p.i] != ',' {
				return nil, fmt.Errorf("offset %d: want ',' or ']'", p.i)
			}
			p.i++
		}
		v, err := p.value(depth + 1)
		if err != nil {
			return nil, err
		}
		l = append(l, v)
	}
}
