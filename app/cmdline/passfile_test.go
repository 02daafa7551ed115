package cmdline

import (
	"reflect"
	"strings"
	"testing"
)

// TestPassFile checks the words that attach a local file to a command:
// where they may stand, how the name is read, and that they are no
// argument.
func TestPassFile(t *testing.T) {
	tests := []struct {
		line string
		args string // Arguments(), "" for nil
		file PassFile
	}{
		{"getfd fdname=disk0 <fd=/tmp/disk.img", `{"fdname":"disk0"}`, PassFile{Path: "/tmp/disk.img", Pos: 19}},
		{"getfd <>fd=/tmp/disk.img fdname=disk0", `{"fdname":"disk0"}`, PassFile{Path: "/tmp/disk.img", Write: true, Pos: 6}},
		{`add-fd fdset-id=1 <fd="/tmp/a b.img"`, `{"fdset-id":1}`, PassFile{Path: "/tmp/a b.img", Pos: 18}},
		{"add-fd <fd=a=b.img", "", PassFile{Path: "a=b.img", Pos: 7}},
		{"add-fd <fd=42", "", PassFile{Path: "42", Pos: 7}},
		{`add-fd <fd='it\'s'`, "", PassFile{Path: "it's", Pos: 7}},
	}
	for _, tt := range tests {
		l, err := Parse(tt.line)
		if err != nil {
			t.Errorf("Parse(%q): %v", tt.line, err)
			continue
		}
		if _, args := l.Request(); string(args) != tt.args {
			t.Errorf("Parse(%q) arguments = %s, want %s", tt.line, args, tt.args)
		}
		if l.File == nil || !reflect.DeepEqual(*l.File, tt.file) {
			t.Errorf("Parse(%q).File = %+v, want %+v", tt.line, l.File, tt.file)
		}
	}
	if l, err := Parse("getfd fdname=x"); err != nil || l.File != nil {
		t.Errorf("a line without <fd= has File %+v (%v)", l.File, err)
	}
}

// TestPassFileErrors checks that a mistyped redirection is an error at its
// column rather than a key or a silently dropped file.
func TestPassFileErrors(t *testing.T) {
	tests := []struct {
		line string
		col  int
		msg  string
	}{
		{"getfd fdname=x <fd", 19, "missing file name after <fd"},
		{"getfd fdname=x <fd=", 20, "missing value"},
		{"getfd <file=/x", 7, `expected <fd=FILE (read-only) or <>fd=FILE (read-write), got "<file=/x"`},
		{"getfd <x", 7, "expected <fd=FILE"},
		{"getfd >fd=/x", 7, `invalid character '>' in key`},
		{"getfd <fd=/a <fd=/b", 14, "only one file can be passed with a command"},
		{`getfd <fd="/a`, 11, "unterminated string"},
		{"getfd <fd=[1]", 11, "<fd wants a file name, not an array"},
		{`getfd <fd=""`, 11, "empty file name"},
		{`getfd <fd="a\u0000b"`, 11, "NUL"},
		{"transaction( abort <fd=/x )", 20, "a file can be passed only with a single command"},
		{"transaction( abort ) <fd=/x", 22, "a file can be passed only with a single command"},
	}
	for _, tt := range tests {
		_, err := Parse(tt.line)
		se, ok := err.(*SyntaxError)
		if !ok {
			t.Errorf("Parse(%q) = %v, want a *SyntaxError", tt.line, err)
			continue
		}
		if se.Col != tt.col || !strings.Contains(se.Msg, tt.msg) {
			t.Errorf("Parse(%q) = col %d %q, want col %d %q", tt.line, se.Col, se.Msg, tt.col, tt.msg)
		}
	}
}
