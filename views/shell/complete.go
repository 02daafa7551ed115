package shell

import (
	"strings"
	"unicode/utf8"

	"github.com/qmpdash/qmpdash/app/complete"
)

// completer adapts the completion engine to the line editor, which
// can only extend the word before the cursor: candidates that would
// rewrite it (fuzzy matches) are left to the dashboard's popup.
type completer struct {
	engine *complete.Engine
}

// Do returns the suffixes to append and how many runes before the cursor
// they continue.
func (s completer) Do(line []rune, pos int) ([][]rune, int) {
	text := string(line)
	cursor := len(string(line[:pos]))
	var out [][]rune
	start := -1
	for _, c := range s.engine.Complete(text, cursor) {
		if c.End != cursor || (start >= 0 && c.Start != start) {
			continue
		}
		typed := text[c.Start:cursor]
		if !strings.HasPrefix(c.Text, typed) {
			continue
		}
		start = c.Start
		out = append(out, []rune(c.Text[len(typed):]))
	}
	if start < 0 {
		return nil, 0
	}
	return out, utf8.RuneCountInString(text[start:cursor])
}
