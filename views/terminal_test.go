package views

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestCheckTerminalSaysWhatIsWrong(t *testing.T) {
	tty := filepath.Join(t.TempDir(), "tty")
	if err := os.WriteFile(tty, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ term, tty, want string }{
		{"", tty, "TERM is not set"},
		{"dumb", tty, "TERM=dumb cannot"},
		{"no-such-terminal-\x1b]0;x\x07", tty, `TERM=no-such-terminal-\x1b]0;x\x07`},
		{"xterm", filepath.Join(t.TempDir(), "missing"), "cannot be opened"},
	} {
		err := CheckTerminal(tc.term, tc.tty)
		if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), "exec, shell and events") {
			t.Errorf("TERM=%q: %v, want %q", tc.term, err, tc.want)
		}
	}
	if err := CheckTerminal("xterm-256color", tty); err != nil {
		t.Errorf("xterm-256color: %v", err)
	}
}
