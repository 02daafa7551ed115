package views

import (
	"github.com/qmpdash/qmpdash/app/complete"
	"github.com/rivo/tview"
)

// fieldCompleter completes the word under the cursor of a one-row text
// area through a popup, the same way wherever it is used: the completion
// key completes at once when there is one candidate and opens the popup
// when there are several; the key again moves through them, accept takes
// one, and editing narrows the list.
type fieldCompleter struct {
	area  *tview.TextArea
	popup *CompletionPopup
	// candidates completes text at the cursor (a byte offset).
	candidates func(text string, cursor int) []complete.Candidate
}

// complete handles the completion key; it reports false when there is
// nothing to offer, so the caller can say so.
func (f fieldCompleter) complete() bool {
	if f.popup.Open() {
		f.popup.Move(1)
		return true
	}
	items := f.current()
	switch len(items) {
	case 0:
		return false
	case 1:
		f.area.Replace(items[0].Start, items[0].End, items[0].Text)
	default:
		f.popup.Show(items)
	}
	return true
}

// accept puts the selected candidate in the text.
func (f fieldCompleter) accept() {
	if c, ok := f.popup.Current(); ok {
		f.popup.Close()
		f.area.Replace(c.Start, c.End, c.Text)
	}
}

// refresh recomputes an open popup's candidates after an edit, closing it
// when none are left.
func (f fieldCompleter) refresh() {
	if !f.popup.Open() {
		return
	}
	if items := f.current(); len(items) > 0 {
		f.popup.Show(items)
		return
	}
	f.popup.Close()
}

// current returns the candidates at the cursor.
func (f fieldCompleter) current() []complete.Candidate {
	_, cursor, _ := f.area.GetSelection()
	return f.candidates(f.area.GetText(), cursor)
}
