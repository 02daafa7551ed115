package cmdline

import "strings"

// keyTree gathers dotted keys into nested objects, keeping each key in the
// order it was first typed, and detects the two ways dotted keys conflict.
// It is rebuilt from Args whenever JSON is needed, so Line stays plain data.
type keyTree struct {
	order []string
	nodes map[string]*keyNode // a map, not a scan of order: lines may hold many keys
}

// keyNode is either a leaf holding a value or an object holding more keys.
type keyNode struct {
	value *Value
	sub   *keyTree
}

// insert sets path to v. It returns "" on success, or why the key
// conflicts with the keys already set; nothing is changed then.
func (t *keyTree) insert(path []string, v *Value) string {
	for depth, name := range path {
		last := depth == len(path)-1
		n := t.nodes[name]
		if n == nil {
			if t.nodes == nil {
				t.nodes = map[string]*keyNode{}
			}
			n = &keyNode{}
			t.nodes[name] = n
			t.order = append(t.order, name)
			if last {
				n.value = v
				return ""
			}
			n.sub = &keyTree{}
		} else if last && n.value != nil {
			return "key " + strings.Join(path, ".") + " is set twice"
		} else if last || n.value != nil {
			return "key " + strings.Join(path[:depth+1], ".") + " is used both as a value and as an object"
		}
		t = n.sub
	}
	return "empty key"
}

// appendJSON appends the tree as a JSON object.
func (t *keyTree) appendJSON(b []byte) []byte {
	b = append(b, '{')
	for i, name := range t.order {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(appendJSONString(b, name), ':')
		if n := t.nodes[name]; n.sub != nil {
			b = n.sub.appendJSON(b)
		} else {
			b = append(b, n.value.JSON...)
		}
	}
	return append(b, '}')
}

// appendArgs appends args as one JSON object, nesting dotted keys.
// Conflicting args were rejected by the parser; for hand-built ones the
// first wins.
func appendArgs(b []byte, args []Arg) []byte {
	var t keyTree
	for i := range args {
		t.insert(args[i].Path, &args[i].Value)
	}
	return t.appendJSON(b)
}

// splitKey validates the key s[start:end] and splits it at its dots. A
// level that starts with "__" is a QAPI downstream name such as
// __com.redhat_feature, whose reverse domain holds dots that do not nest.
func splitKey(s string, start, end int) ([]string, *SyntaxError) {
	if start == end {
		return nil, errAt(s, start, "empty key")
	}
	var path []string
	for i := start; ; {
		seg := i
		inPrefix := -1 // end of a downstream prefix, whose dots do not nest
		if strings.HasPrefix(s[i:end], "__") {
			if j := strings.IndexByte(s[i+2:end], '_'); j >= 0 {
				inPrefix = i + 2 + j
			}
		}
		for i < end && (s[i] != '.' || i < inPrefix) {
			if s[i] != '.' && !isNameByte(s[i]) {
				return nil, errAt(s, i, "invalid character %q in key", firstRune(s[i:]))
			}
			i++
		}
		if i == seg {
			return nil, errAt(s, i, "empty level in dotted key")
		}
		if len(path) == maxDepth {
			return nil, errAt(s, start, "key nested deeper than %d levels", maxDepth)
		}
		path = append(path, s[seg:i])
		if i == end {
			return path, nil
		}
		i++ // the dot
	}
}

// isNameByte reports whether c may appear in a QAPI name: letters, digits,
// '-' and '_' (dots are handled by the callers).
func isNameByte(c byte) bool {
	return isDigit(c) || isLetter(c) || c == '-' || c == '_'
}
