package cmdline

import (
	"errors"
	"testing"
)

// TestCaret checks the two-line picture drawn under an error.
func TestCaret(t *testing.T) {
	tests := []struct {
		line  string
		caret string
	}{
		{"block_resize device", "block_resize device\n             ^"},
		{`c a="x"y`, "c a=\"x\"y\n       ^"},
		// Tabs are repeated so the caret lines up at any tab width.
		{"c\ta=1\t\tb", "c\ta=1\t\tb\n \t   \t\t^"},
		// Columns are runes, not bytes.
		{"c x=é é", "c x=é é\n      ^"},
		// Past the end of the line.
		{"c a=", "c a=\n    ^"},
		{"transaction( a", "transaction( a\n              ^"},
		// Control characters and bad bytes cannot break the picture.
		{"c a\x1b[2J\xff", "c a\ufffd[2J\ufffd\n       ^"},
		{"c \r a", "c \ufffd a\n    ^"},
	}
	for _, tt := range tests {
		_, err := Parse(tt.line)
		var se *SyntaxError
		if !errors.As(err, &se) {
			t.Errorf("Parse(%q) = %v, want a *SyntaxError", tt.line, err)
			continue
		}
		if got := se.Caret(); got != tt.caret {
			t.Errorf("Parse(%q) caret:\n%s\nwant:\n%s", tt.line, got, tt.caret)
		}
	}
}

// TestErrorString checks the one-line form used in logs and status bars.
func TestErrorString(t *testing.T) {
	_, err := Parse(`c a="x`)
	if err == nil || err.Error() != "col 5: unterminated string" {
		t.Errorf("Error() = %v", err)
	}
}
