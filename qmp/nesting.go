package qmp

import "bytes"

// MaxNesting is the deepest JSON nesting accepted, QEMU's own limit. The
// JSON libraries recurse once per level, so a hostile server's millions of
// '[' would overflow the stack; messages nested deeper are refused first.
const MaxNesting = 1024

// TooDeep reports whether JSON text nests objects and arrays deeper than
// MaxNesting. It scans once, iteratively, and needs no valid input.
func TooDeep(b []byte) bool {
	// Each level opens with a bracket, so text with few brackets cannot
	// nest too deep; counting them is vectorised and skips the byte loop
	// for every ordinary message.
	if len(b) <= MaxNesting || bytes.Count(b, []byte{'['})+bytes.Count(b, []byte{'{'}) <= MaxNesting {
		return false
	}
	depth, inString, escaped := 0, false, false
	for _, c := range b {
		switch {
		case escaped:
			escaped = false
		case inString && c == '\\':
			escaped = true
		case c == '"':
			inString = !inString
		case inString:
		case c == '[' || c == '{':
			if depth++; depth > MaxNesting {
				return true
			}
		case c == ']' || c == '}':
			depth--
		}
	}
	return false
}
