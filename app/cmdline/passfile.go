package cmdline

import (
	"encoding/json"
	"strings"
)

// PassFile is a local file a command line asks to pass to the server with
// the request, as getfd and add-fd expect: "<fd=PATH" opens it read-only,
// "<>fd=PATH" read-write, like a shell's redirections. Opening it is the
// sender's business; the parser only reads the words.
type PassFile struct {
	// Path is the file name as typed (unquoted, escapes resolved).
	Path string
	// Write is set by "<>fd=": open the file for reading and writing.
	Write bool
	// Pos is the byte offset of the '<' in the line.
	Pos int
}

// Redirection words. A value follows the '=' as in key=value.
const (
	passRead      = "<fd"
	passReadWrite = "<>fd"
)

// isPassFile reports whether a token is a file redirection rather than a
// key=value pair.
func isPassFile(s string, t token) bool { return s[t.start] == '<' }

// parsePassFile reads a "<fd=PATH" or "<>fd=PATH" token.
func parsePassFile(s string, t token) (*PassFile, *SyntaxError) {
	word := s[t.start:t.end]
	if t.eq >= 0 {
		word = s[t.start:t.eq]
	}
	if word != passRead && word != passReadWrite {
		return nil, errAt(s, t.start, "expected <fd=FILE (read-only) or <>fd=FILE (read-write), got %q", s[t.start:t.end])
	}
	if t.eq < 0 {
		return nil, errAt(s, t.end, "missing file name after %s (write %s=FILE)", word, word)
	}
	v, err := parseValue(s, t.eq+1, t.end)
	if err != nil {
		return nil, err
	}
	path := v.Text
	switch v.Kind {
	case String:
		_ = json.Unmarshal(v.JSON, &path) // the parser wrote it: valid
	case Array, Object:
		return nil, errAt(s, v.Pos, "%s wants a file name, not an %s", word, v.Kind)
	}
	if strings.ContainsRune(path, 0) {
		return nil, errAt(s, v.Pos, "a file name cannot hold a NUL character")
	}
	if path == "" {
		return nil, errAt(s, v.Pos, "empty file name after %s=", word)
	}
	return &PassFile{Path: path, Write: word == passReadWrite, Pos: t.start}, nil
}
