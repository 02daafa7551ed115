package views

import (
	"github.com/gdamore/tcell/v2"
	"github.com/qmpdash/qmpdash/app/store"
	"github.com/qmpdash/qmpdash/keymap"
	"github.com/rivo/tview"
	"regexp"
)

// handleKey dispatches a key through the keymap for the focused context;
// keys with no action go on to the focused primitive.
func (d *Dashboard) handleKey(ev *tcell.EventKey) *tcell.EventKey {
	k := keymap.FromEvent(ev)
	switch name, _ := d.pages.GetFrontPage(); name {
	case helpPage:
		if a, _ := d.km.LookupIn(k, keymap.HelpOverlay); a == keymap.KeysShow {
			d.closeOverlay(helpPage)
			d.openKeys()
			return nil
		}
		return d.overlayKey(name, ev)
	case filterPage:
		return d.filterKey(k, ev)
	case noticesPage:
		return d.overlayKey(name, ev)
	case docsPage:
		return d.docsKey(ev)
	case confirmPage:
		return d.confirmKey(ev)
	case keysPage:
		return d.keysKey(k, ev)
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
	}
	a, ok := d.km.LookupIn(k, ctx)
	if !ok {
		return ev
	}
	d.do(a)
	return nil
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
	a, ok := d.km.LookupIn(k, keymap.Input)
	if !ok {
		return ev
	}
	switch a {
	case keymap.InputSubmit:
		if d.input.Popup.Open() {
			d.input.AcceptCompletion()
		} else {
			d.input.Submit()
		}
	case keymap.InputComplete:
		d.input.Complete()
	case keymap.InputPrev:
		if d.input.Popup.Open() {
			d.input.Popup.Move(-1)
		} else {
			d.input.HistoryPrev()
		}
	case keymap.InputNext:
		if d.input.Popup.Open() {
			d.input.Popup.Move(1)
		} else {
			d.input.HistoryNext()
		}
	case keymap.InputSearch:
		d.input.Search()
	case keymap.InputDocs:
		d.input.Popup.Close()
		d.docsForInput()
	case keymap.InputClear:
		if !d.input.Clear() {
			d.quit()
		}
	case keymap.InputLeave:
		if d.input.Popup.Open() {
			d.input.Popup.Close()
		} else {
			d.app.SetFocus(d.events)
		}
	default:
		d.do(a)
	}
	return nil
}

// do performs an action outside the input line.
func (d *Dashboard) do(a keymap.Action) {
	pane := d.focusedList()
	switch a {
	case keymap.Quit:
		d.quit()
	case keymap.FocusInput:
		d.app.SetFocus(d.input)
	case keymap.Help:
		d.showHelp()
	case keymap.Notices:
		d.showNotices()
	case keymap.RetryNow:
		d.session.RetryNow()
	case keymap.GiveUp:
		d.session.GiveUp()
	case keymap.DocsShow:
		d.docsForSelection()
	case keymap.EventDocs:
		d.eventDocs()
	case keymap.PaneNext, keymap.PanePrev:
		d.cycleFocus(a == keymap.PaneNext)
	case keymap.ViewCycle:
		d.detail.CycleMode()
		d.showSelection(d.detail.source)
	case keymap.FilterEdit:
		d.showFilter()
	case keymap.EventsPause:
		src := d.currentEvents()
		src.SetPaused(!src.paused)
	case keymap.EventMute, keymap.EventOnly:
		d.filterSelected(a == keymap.EventOnly)
	case keymap.FilterClear:
		d.currentEventLog().SetFilter(store.EventFilter{})
	case keymap.EventTime:
		d.eventSrc.localTime = !d.eventSrc.localTime
		d.mergedSrc.localTime = d.eventSrc.localTime
	case keymap.ListDown, keymap.ListUp, keymap.ListPageDown, keymap.ListPageUp, keymap.ListTop, keymap.ListBottom:
		if pane != nil {
			moveList(pane, a)
		} else if d.overview.HasFocus() {
			d.overview.moveList(a)
		}
	case keymap.VMNext, keymap.VMPrev, keymap.VMMark, keymap.VMMarkAll, keymap.VMPin, keymap.LayoutCycle, keymap.EventsAll,
		keymap.OverviewLeft, keymap.OverviewRight, keymap.OverviewOpen:
		d.fleetAction(a)
	default:
		if m := d.km.Macro(a); m != nil {
			d.runMacro(m)
		}
	}
}

func moveList(p *ListPane, a keymap.Action) {
	switch a {
	case keymap.ListDown:
		p.Move(1)
	case keymap.ListUp:
		p.Move(-1)
	case keymap.ListPageDown:
		p.Page(1)
	case keymap.ListPageUp:
		p.Page(-1)
	case keymap.ListTop:
		p.Top()
	case keymap.ListBottom:
		p.Bottom()
	}
}

// filterSelected mutes the selected event's name, or shows only it.
func (d *Dashboard) filterSelected(only bool) {
	e, ok := d.currentEvents().Entry(d.events.Selected())
	if !ok || e.IsMarker() {
		return
	}
	log := d.currentEventLog()
	f := log.Filter()
	if only {
		f = store.EventFilter{}
		f.AddInclude(e.Name)
	} else {
		f.AddExclude(e.Name)
	}
	log.SetFilter(f)
	d.events.Bottom()
}

func (d *Dashboard) focusedList() *ListPane {
	switch {
	case d.events.HasFocus():
		return d.events
	case d.commands.HasFocus():
		return d.commands
	}
	return nil
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
	if l, ok := next.(*ListPane); ok {
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

var _ tview.Primitive = (*ListPane)(nil)

// bareCommandWord reports whether the input line holds only a command name
// with the cursor at its end: then '?' cannot be part of what is typed,
// since command names have no '?'.
func (d *Dashboard) bareCommandWord() bool {
	text := d.input.Text()
	_, cursor, _ := d.input.area.GetSelection()
	return cursor == len(text) && bareCommand.MatchString(text)
}

var bareCommand = regexp.MustCompile(`^\s*!?[A-Za-z][A-Za-z0-9_.-]*$`)
