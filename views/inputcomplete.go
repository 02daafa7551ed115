package views

import (
	"github.com/qmpdash/qmpdash/app/complete"
	"github.com/qmpdash/qmpdash/keymap"
	"github.com/qmpdash/qmpdash/views/widget"
)

// Completion in the input line: Tab (or Ctrl-Space) completes at once when
// there is one candidate and opens the popup when there are several; Tab
// then moves through them, Enter takes one, Esc closes the popup, and
// typing narrows the list.

// metaCompletions are keymap's dashboard commands as the input line
// completes them.
var metaCompletions = func() *complete.MetaCommands {
	var cmds []complete.MetaCommand
	for _, m := range keymap.MetaCommands() {
		cmds = append(cmds, complete.MetaCommand(m))
	}
	return complete.NewMetaCommands(cmds)
}()

// Complete handles the completion key. When there is nothing to offer
// yet, the place is remembered: live values may be on their way.
func (in *InputLine) Complete() {
	if !in.completer().complete() {
		in.hint.Line = widget.Line{{Text: "  no completions here", Style: in.theme.Dim}}
		in.awaiting = in.place()
	}
}

// liveValuesArrived updates the completion with values fetched from the
// VM: an open popup is recomputed, and one that the completion key found
// nothing for opens when the line is still as it was then.
func (in *InputLine) liveValuesArrived() {
	if in.Popup.Open() {
		in.refreshCompletion()
		return
	}
	if in.awaiting == nil || *in.awaiting != *in.place() {
		return
	}
	in.awaiting = nil
	if items := in.completer().current(); len(items) > 0 {
		in.Popup.Show(items)
		in.check()
	}
}

// linePlace is the text of the line and the cursor in it.
type linePlace struct {
	text   string
	cursor int
}

// place returns where the line is now.
func (in *InputLine) place() *linePlace {
	_, cursor, _ := in.area.GetSelection()
	return &linePlace{in.area.GetText(), cursor}
}

// AcceptCompletion puts the selected candidate in the line.
func (in *InputLine) AcceptCompletion() { in.completer().accept() }

func (in *InputLine) refreshCompletion() { in.completer().refresh() }

func (in *InputLine) completer() fieldCompleter {
	return fieldCompleter{area: in.area, popup: in.Popup, candidates: in.candidates}
}

func (in *InputLine) candidates(text string, cursor int) []complete.Candidate {
	e := in.engine()
	if in.meta != nil && isMetaLine(text) {
		return e.CompleteMeta(metaCompletions, text, cursor, in.logged) // a nil engine still knows these
	}
	if e == nil {
		return nil
	}
	return e.Complete(text, cursor)
}
