package views

import (
	"errors"
	"fmt"

	"github.com/gdamore/tcell/v2"
	"github.com/qmpdash/qmpdash/app"
)

// confirmPage names the confirmation dialog in the dashboard's pages.
const confirmPage = "confirm"

// errConfirming keeps the typed line while the user answers the dialog.
var errConfirming = errors.New("confirm in the dialog: y sends, n or Esc cancels")

// askToSend shows a yes/no dialog for a command that cannot be taken back.
// y sends it; anything else cancels and leaves the line for editing.
func (d *Dashboard) askToSend(out *app.Outgoing) {
	lines := LineSlice{
		{{Text: fmt.Sprintf("Send %s to %s?", out.Name, d.session.Name()), Style: d.theme.Warning}},
		{{Text: "It cannot be undone.  [y/N]  y sends, any other key cancels", Style: d.theme.Base}},
	}
	width := 0
	for _, l := range lines {
		width = max(width, len([]rune(Safe(l[0].Text))))
	}
	question := NewTextPane().SetSource(lines)
	question.SetBorder(true)
	question.SetSafeTitle("Confirm")
	_, _, screenWidth, _ := d.pages.GetRect()
	d.pages.AddPage(confirmPage, centered(question, min(width+2, max(screenWidth, 40)), 4), true, true)
	d.pending = out
}

// confirmKey answers the dialog.
func (d *Dashboard) confirmKey(ev *tcell.EventKey) *tcell.EventKey {
	out := d.pending
	d.pending = nil
	d.pages.RemovePage(confirmPage)
	d.app.SetFocus(d.input)
	if ev.Key() != tcell.KeyRune || (ev.Rune() != 'y' && ev.Rune() != 'Y') {
		d.input.showError(errors.New("not sent"))
		return nil
	}
	if _, err := d.session.SendChecked(out); err != nil {
		d.input.showError(err)
		return nil
	}
	d.input.SetText("")
	d.commands.Bottom()
	d.showSelection(d.commands)
	return nil
}
