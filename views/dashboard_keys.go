package views

import (
	"github.com/gdamore/tcell/v2"
	"github.com/qmpdash/qmpdash/keymap"
	"github.com/qmpdash/qmpdash/views/widget"
	"github.com/rivo/tview"
	"regexp"
)

// handleKey dispatches a key through the keymap for the focused context;
// keys with no action go on to the focused primitive.
func (d *Dashboard) handleKey(ev *tcell.EventKey) *tcell.EventKey {
	k := keymap.FromEvent(ev)
	switch name, _ := d.pages.GetFrontPage(); name {
	case helpPage:
		return d.overlayKey(k, keymap.HelpOverlay, ev)
	case filterPage:
		return d.filterKey(k, ev)
	case noticesPage:
		return d.overlayKey(k, keymap.Overlay, ev)
	case docsPage:
		return d.docsKey(ev)
	case confirmPage:
		return d.confirmKey(ev)
	case keysPage:
		return d.keysKey(k, ev)
	case watchesPage:
		return d.overlayKey(k, keymap.WatchOverlay, ev)
	case latencyPage:
		return d.overlayKey(k, keymap.LatencyOverlay, ev)
	case qomPage:
		if d.qom.searchKey(ev) {
			return nil
		}
		return d.overlayKey(k, keymap.QOMOverlay, ev)
	case viewsPage:
		return d.overlayKey(k, keymap.ViewsOverlay, ev)
	}
	if d.input.HasFocus() {
		return d.inputKey(k, ev)
	}
	ctx := keymap.Global
	switch {
	case d.events.HasFocus():
		ctx = keymap.Events
	case d.commands.HasFocus():
		ctx = keymap.Commands
	case d.overview.HasFocus():
		ctx = keymap.Overview
	case d.live.list.HasFocus():
		ctx = keymap.LiveView
	}
	if d.dispatch(k, ctx) {
		return nil
	}
	return ev
}

// inputKey handles keys while typing: the input line's own bindings, and
// outer ones on keys that type no text, so 'q' or '?' are text.
func (d *Dashboard) inputKey(k keymap.Key, ev *tcell.EventKey) *tcell.EventKey {
	if d.input.Searching() && d.input.SearchKey(ev) {
		return nil
	}
	if k.Code == tcell.KeyRune && k.Rune == '?' && k.Mod == 0 && d.bareCommandWord() {
		d.docsForInput() // "block_resize?" asks for its docs, as in many CLIs
		return nil
	}
	if d.dispatch(k, keymap.Input) {
		return nil
	}
	return ev
}

func (d *Dashboard) cycleFocus(forward bool) {
	cur := 0
	for i, p := range d.focus {
		if p.HasFocus() {
			cur = i
		}
	}
	step := 1
	if !forward {
		step = len(d.focus) - 1
	}
	next := d.focus[(cur+step)%len(d.focus)]
	d.app.SetFocus(next)
	if l, ok := next.(*widget.ListPane); ok {
		d.showSelection(l)
	}
}

// drawPopup draws the completion popup over the finished frame, just above
// the input line; tview shows the screen after this hook.
func (d *Dashboard) drawPopup(screen tcell.Screen) {
	if !d.input.Popup.Open() {
		return
	}
	x, y, w, _ := d.input.GetRect()
	h, pw := d.input.Popup.Size(w)
	d.input.Popup.SetRect(x, max(y-h, 0), pw, h)
	d.input.Popup.Draw(screen)
}

var _ tview.Primitive = (*widget.ListPane)(nil)

// bareCommandWord reports whether the input line holds only a command name
// with the cursor at its end: then '?' cannot be part of what is typed,
// since command names have no '?'.
func (d *Dashboard) bareCommandWord() bool {
	text := d.input.Text()
	_, cursor, _ := d.input.area.GetSelection()
	return cursor == len(text) && bareCommand.MatchString(text)
}

var bareCommand = regexp.MustCompile(`^\s*!?[A-Za-z][A-Za-z0-9_.-]*$`)
