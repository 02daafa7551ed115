package views

import "github.com/qmpdash/qmpdash/app/complete"

// Completion in the input line: Tab (or Ctrl-Space) completes at once when
// there is one candidate and opens the popup when there are several; Tab
// then moves through them, Enter takes one, Esc closes the popup, and
// typing narrows the list.

// Complete handles the completion key.
func (in *InputLine) Complete() {
	if in.Popup.Open() {
		in.Popup.Move(1)
		return
	}
	items := in.candidates()
	switch len(items) {
	case 0:
		in.hint.line = Line{{Text: "  no completions here", Style: in.theme.Dim}}
	case 1:
		in.apply(items[0].Start, items[0].End, items[0].Text)
	default:
		in.Popup.Show(items)
	}
}

// AcceptCompletion puts the selected candidate in the line.
func (in *InputLine) AcceptCompletion() {
	if c, ok := in.Popup.Current(); ok {
		in.Popup.Close()
		in.apply(c.Start, c.End, c.Text)
	}
}

func (in *InputLine) refreshCompletion() {
	items := in.candidates()
	if len(items) == 0 {
		in.Popup.Close()
		return
	}
	in.Popup.Show(items)
}

func (in *InputLine) candidates() []complete.Candidate {
	e := in.engine()
	_, cursor, _ := in.area.GetSelection()
	text := in.area.GetText()
	if in.meta != nil && isMetaLine(text) {
		return e.CompleteMeta(text, cursor) // a nil engine still knows these
	}
	if e == nil {
		return nil
	}
	return e.Complete(text, cursor)
}

func (in *InputLine) apply(start, end int, text string) {
	in.area.Replace(start, end, text)
}
