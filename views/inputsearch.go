package views

import (
	"strings"

	"github.com/gdamore/tcell/v2"
	"github.com/qmpdash/qmpdash/views/widget"
)

// Reverse history search (Ctrl-R): typed characters refine the query, the
// newest matching entry is shown; Ctrl-R again finds an older one; Enter
// keeps the match in the line; Esc gives the line back.

// Searching reports whether reverse search is active.
func (in *InputLine) Searching() bool { return in.searching }

// Search starts reverse search, or moves to the next older match.
func (in *InputLine) Search() {
	if !in.searching {
		in.searching, in.query, in.searchAt = true, "", len(in.history)
		in.draft = in.area.GetText()
	}
	in.findOlder()
}

// SearchKey handles a key while searching; it reports whether it used it.
func (in *InputLine) SearchKey(ev *tcell.EventKey) bool {
	switch ev.Key() {
	case tcell.KeyRune:
		in.query += string(ev.Rune())
		in.searchAt = len(in.history)
		in.findOlder()
	case tcell.KeyBackspace, tcell.KeyBackspace2:
		if in.query != "" {
			in.query = in.query[:len(in.query)-1]
			in.searchAt = len(in.history)
			in.findOlder()
		}
	case tcell.KeyEnter:
		in.searching = false
		in.check()
	case tcell.KeyEscape, tcell.KeyCtrlG:
		in.searching = false
		in.SetText(in.draft)
		in.check()
	default:
		in.searching = false
		in.check()
		return false
	}
	return true
}

func (in *InputLine) findOlder() {
	for i := in.searchAt - 1; i >= 0; i-- {
		if strings.Contains(in.history[i], in.query) {
			in.searchAt = i
			in.area.SetText(in.history[i], true)
			in.hint.Line = widget.Line{{Text: "  (reverse-search) '" + in.query + "'", Style: in.theme.Title}}
			return
		}
	}
	in.hint.Line = widget.Line{{Text: "  (reverse-search, no match) '" + in.query + "'", Style: in.theme.Warning}}
}
