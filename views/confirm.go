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

// askToSend shows a yes/no dialog for a command that cannot be taken back,
// naming the VM it goes to.
func (d *Dashboard) askToSend(out *app.Outgoing) {
	s := d.session
	d.askConfirm(fmt.Sprintf("Send %s to %s?", out.Label(), s.Name()), func() error {
		if _, err := s.SendChecked(out); err != nil {
			return err
		}
		d.commands.Bottom()
		d.showSelection(d.commands)
		return nil
	})
}

// askConfirm shows question; y runs yes, which clears the input line
// unless it fails; any other key cancels and leaves the line for editing.
func (d *Dashboard) askConfirm(question string, yes func() error) {
	lines := LineSlice{
		{{Text: question, Style: d.theme.Warning}},
		{{Text: "It cannot be undone.  [y/N]  y sends, any other key cancels", Style: d.theme.Base}},
	}
	width := 0
	for _, l := range lines {
		width = max(width, lineWidth(l))
	}
	pane := NewTextPane().SetSource(lines)
	pane.SetBorder(true)
	pane.SetSafeTitle("Confirm")
	pane.SetWrap(true)
	_, _, screenWidth, _ := d.pages.GetRect()
	w := min(width+2, max(screenWidth-4, 40))
	height := 2 + (width+w-3)/(w-2) + 1
	d.pages.AddPage(confirmPage, centered(pane, w, height), true, true)
	d.confirmed = yes
}

// confirmKey answers the dialog.
func (d *Dashboard) confirmKey(ev *tcell.EventKey) *tcell.EventKey {
	yes := d.confirmed
	d.confirmed = nil
	d.pages.RemovePage(confirmPage)
	d.app.SetFocus(d.input)
	if ev.Key() != tcell.KeyRune || (ev.Rune() != 'y' && ev.Rune() != 'Y') {
		d.input.showError(errors.New("not sent"))
		return nil
	}
	if err := yes(); err != nil {
		d.input.showError(err)
		return nil
	}
	d.input.remember(d.input.Text()) // sent: into the history, as Submit does
	d.input.SetText("")
	return nil
}
