package views

import (
	"strconv"

	"github.com/gdamore/tcell/v2"
	"github.com/qmpdash/qmpdash/app/store"
	"github.com/qmpdash/qmpdash/keymap"
	"github.com/qmpdash/qmpdash/views/widget"
)

// showSelection shows the selected row of a list in the detail pane.
func (d *Dashboard) showSelection(l *widget.ListPane) {
	switch l {
	case d.events:
		if e, ok := d.currentEvents().Entry(d.events.Selected()); ok {
			d.detail.source = l
			d.detail.showEvent(e)
		}
	case d.commands:
		if e, ok := d.cmdSrc.Entry(d.commands.Selected()); ok {
			d.detail.source = l
			d.showCommand(e)
		}
	case d.live.list:
		if r, ok := d.live.selected(); ok {
			d.detail.source = l
			d.detail.showRow(d.live.cur.poller.View().Name, r)
		}
	}
}

// followSelection shows a list's new selection in the detail pane when the
// user moved it, or when the pane moved by itself (following new rows) and
// the detail already shows that list: an event arriving never hides the
// reply of the command the user just sent.
func (d *Dashboard) followSelection(l *widget.ListPane, byUser bool) {
	if byUser || d.detail.source == nil || d.detail.source == l {
		d.showSelection(l)
	}
}

// helpWidth is the help overlay's width on a wide enough screen.
const helpWidth = 100

// showHelp opens the key overview, generated from the keymap.
func (d *Dashboard) showHelp() {
	_, _, screenWidth, _ := d.pages.GetRect()
	help := widget.NewTextPane().SetSource(widget.LineSlice(helpLines(d.km, d.theme, min(helpWidth, screenWidth)-2)))
	help.SetBorder(true)
	help.SetSafeTitle("Keys")
	d.pages.AddPage(helpPage, centered(help, helpWidth, 40), true, true)
	d.app.SetFocus(help)
}

// showFilter opens the event filter editor.
func (d *Dashboard) showFilter() {
	if d.filter == nil {
		d.filter = newFilterOverlay(d.currentEventLog(), d.completionEngine, d.theme)
	}
	d.filter.open()
	d.pages.AddPage(filterPage, centered(d.filter, 80, 24), true, true)
	d.app.SetFocus(d.filter.field)
}

// closeOverlay removes an overlay and gives focus back.
func (d *Dashboard) closeOverlay(name string) {
	if name == watchesPage {
		d.watches.hide() // hidden watches send nothing
		d.watchesOpen.Store(false)
	}
	d.pages.RemovePage(name)
	d.app.SetFocus(d.homeFocus())
}

// overlayKey routes keys while the help or the messages are in front,
// in the overlay's context ctx; the rest scroll the overlay.
func (d *Dashboard) overlayKey(k keymap.Key, ctx keymap.Context, ev *tcell.EventKey) *tcell.EventKey {
	if d.dispatch(k, ctx) {
		return nil
	}
	return ev
}

// filterKey routes a key in the event filter editor: Enter applies the
// filter and Esc cancels, and the input line's completion keys complete
// event names, Enter taking a candidate and Esc closing the popup while it
// is open.
func (d *Dashboard) filterKey(k keymap.Key, ev *tcell.EventKey) *tcell.EventKey {
	o := d.filter
	a, _ := d.km.LookupIn(k, keymap.Input)
	popup := o.popup.Open()
	switch {
	case a == keymap.InputComplete:
		o.complete()
	case popup && a == keymap.InputPrev:
		o.popup.Move(-1)
	case popup && a == keymap.InputNext:
		o.popup.Move(1)
	case popup && ev.Key() == tcell.KeyEnter:
		o.completer().accept()
	case popup && ev.Key() == tcell.KeyEscape:
		o.popup.Close()
	case ev.Key() == tcell.KeyEnter:
		if o.apply() {
			d.closeOverlay(filterPage)
			d.events.Bottom()
		}
	case ev.Key() == tcell.KeyEscape:
		d.closeOverlay(filterPage)
	default:
		return ev
	}
	return nil
}

// noticesPage names the notification log overlay.
const noticesPage = "notices"

// showNotices lists every notice of the session, newest last.
func (d *Dashboard) showNotices() {
	var lines widget.LineSlice
	for _, n := range d.session.Notices.All() {
		style := d.theme.Base
		switch n.Level {
		case store.Warning:
			style = d.theme.Warning
		case store.Failure:
			style = d.theme.Error
		}
		lines = append(lines, widget.Line{{Text: clock(n.Time, true) + "  ", Style: d.theme.Dim}, {Text: n.Text, Style: style}})
	}
	if len(lines) == 0 {
		lines = widget.LineSlice{{{Text: "No messages yet.", Style: d.theme.Dim}}}
	}
	pane := widget.NewTextPane().SetSource(lines).SetWrap(true) // long errors are read whole
	pane.SetBorder(true)
	title := "Messages"
	if n := d.session.Notices.Evicted(); n > 0 {
		title += " · " + strconv.FormatUint(n, 10) + " older evicted"
	}
	pane.SetSafeTitle(title)
	pane.End()
	d.pages.AddPage(noticesPage, centered(pane, 120, 30), true, true)
	d.app.SetFocus(pane)
}
