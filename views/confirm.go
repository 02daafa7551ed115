package views

import (
	"errors"
	"fmt"

	"github.com/gdamore/tcell/v2"
	"github.com/qmpdash/qmpdash/app/send"
	"github.com/qmpdash/qmpdash/app/session"
	"github.com/qmpdash/qmpdash/views/widget"
	"github.com/rivo/tview"
)

// confirmPage names the confirmation dialog in the dashboard's pages.
const confirmPage = "confirm"

// errConfirming keeps the typed line while the user answers the dialog.
var errConfirming = errors.New("confirm in the dialog: y sends, n or Esc cancels")

// question is what the confirmation dialog asks and what the answers do.
type question struct {
	// text is the question; hint, below it, says what y and the other
	// keys do.
	text, hint string
	// yes runs on y; its error shows in the input line.
	yes func() error
	// no, if set, shows in the input line on any other key.
	no error
	// back has the focus again once the dialog closes.
	back tview.Primitive
}

// sendHint is the hint of a question before sending.
const sendHint = "It cannot be undone.  [y/N]  y sends, any other key cancels"

// passthroughHint is the hint of the question before the first command
// that is not a query on a libvirt domain; it is asked once per domain.
const passthroughHint = "Asked once for this domain.  [y/N]  y sends, any other key cancels"

// askToSend shows a yes/no dialog for a command that cannot be taken back,
// naming the VM s it goes to; then runs with the command once y sent it,
// and back has the focus again when the dialog closes.
func (d *Dashboard) askToSend(s *session.Session, out *send.Outgoing, back tview.Primitive, then func(*send.Sent)) {
	text, hint := fmt.Sprintf("Send %s to %s?", out.Label(), s.Name()), sendHint
	if warning := s.PassthroughWarning(out); warning != "" {
		text, hint = warning+". "+text, passthroughHint
	}
	d.askConfirm(question{text: text, hint: hint, no: errNotSent, back: back,
		yes: func() error {
			sent, err := s.SendChecked(out)
			if err != nil {
				return err
			}
			then(sent)
			return nil
		}})
}

// errNotSent answers a question before sending with no.
var errNotSent = errors.New("not sent")

// clearSentLine puts the line a dialog's yes sent into the history, as
// Submit does, and clears it.
func (d *Dashboard) clearSentLine() {
	d.input.remember(d.input.Text())
	d.input.SetText("")
}

// askConfirm shows the question in a dialog over the dashboard until a key
// answers it.
func (d *Dashboard) askConfirm(q question) {
	lines := widget.LineSlice{
		{{Text: q.text, Style: d.theme.Warning}},
		{{Text: q.hint, Style: d.theme.Base}},
	}
	width := 0
	for _, l := range lines {
		width = max(width, l.Width())
	}
	pane := widget.NewTextPane().SetSource(lines)
	pane.SetBorder(true)
	pane.SetSafeTitle("Confirm")
	pane.SetWrap(true)
	_, _, screenWidth, _ := d.pages.GetRect()
	w := min(width+2, max(screenWidth-4, 40))
	height := 2 + (width+w-3)/(w-2) + 1
	d.pages.AddPage(confirmPage, centered(pane, w, height), true, true)
	if q.back == nil {
		q.back = d.input
	}
	d.question = &q
}

// confirmKey answers the dialog: y is yes, any other key no.
func (d *Dashboard) confirmKey(ev *tcell.EventKey) *tcell.EventKey {
	q := d.question
	d.question = nil
	d.pages.RemovePage(confirmPage)
	d.app.SetFocus(q.back)
	if ev.Key() != tcell.KeyRune || (ev.Rune() != 'y' && ev.Rune() != 'Y') {
		if q.no != nil {
			d.input.showError(q.no)
		}
		return nil
	}
	if err := q.yes(); err != nil {
		d.input.showError(err)
	}
	return nil
}
