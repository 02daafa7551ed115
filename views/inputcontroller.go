package views

import "github.com/qmpdash/qmpdash/keymap"

// inputController performs the input line's actions; while the
// completion popup is open, the history and leaving keys work the popup.
type inputController struct{ d *Dashboard }

func (inputController) context() keymap.Context { return keymap.Input }

func (c inputController) handlers() handlers {
	in := c.d.input
	return handlers{
		keymap.InputSubmit: func() {
			if in.Popup.Open() {
				in.AcceptCompletion()
			} else {
				in.Submit()
			}
		},
		keymap.InputComplete: in.Complete,
		keymap.InputPrev: func() {
			if in.Popup.Open() {
				in.Popup.Move(-1)
			} else {
				in.HistoryPrev()
			}
		},
		keymap.InputNext: func() {
			if in.Popup.Open() {
				in.Popup.Move(1)
			} else {
				in.HistoryNext()
			}
		},
		keymap.InputSearch: in.Search,
		keymap.InputDocs: func() {
			in.Popup.Close()
			c.d.docsForInput()
		},
		keymap.InputClear: func() {
			if !in.Clear() {
				c.d.quit()
			}
		},
		keymap.InputLeave: func() {
			if in.Popup.Open() {
				in.Popup.Close()
			} else {
				c.d.app.SetFocus(c.d.homeFocus())
			}
		},
	}
}
