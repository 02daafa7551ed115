package headless

import (
	"os"

	"golang.org/x/term"
)

// IsTerminal reports whether v (a command's stdin or stdout) is a terminal.
func IsTerminal(v any) bool {
	f, ok := v.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}
