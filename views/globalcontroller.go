package views

import "github.com/qmpdash/qmpdash/keymap"

// globalController performs the actions bound everywhere outside the
// overlays (and, on keys that type no text, in the input line).
type globalController struct{ d *Dashboard }

func (globalController) context() keymap.Context { return keymap.Global }

func (c globalController) handlers() handlers {
	d := c.d
	h := handlers{
		keymap.Quit:       d.quit,
		keymap.FocusInput: func() { d.app.SetFocus(d.input) },
		keymap.Help:       d.showHelp,
		keymap.Notices:    d.showNotices,
		keymap.DocsShow:   d.docsForSelection,
		keymap.PaneNext:   func() { d.cycleFocus(true) },
		keymap.PanePrev:   func() { d.cycleFocus(false) },
		keymap.ViewCycle: func() {
			d.detail.CycleMode()
			d.showSelection(d.detail.source)
		},
		keymap.VMNext:      func() { d.stepAndSelectVM(true) },
		keymap.VMPrev:      func() { d.stepAndSelectVM(false) },
		keymap.LayoutCycle: d.cycleLayout,
		keymap.VMMark:      d.toggleMarkVM,
		keymap.VMMarkAll:   d.markAllVMs,
		keymap.VMPin:       d.togglePinVM,
		keymap.EventsAll:   d.toggleAllEvents,
		keymap.FilterEdit:  d.showFilter,
		keymap.EventsPause: func() {
			src := d.currentEvents()
			src.SetPaused(!src.paused)
		},
		keymap.RetryNow: func() { d.session.RetryNow() },
		keymap.GiveUp:   func() { d.session.GiveUp() },
		keymap.QOMShow:  func() { d.showQOM("/") },
	}
	for _, v := range d.live.views {
		h[v.open] = func() { d.live.toggle(v.open) }
	}
	return h
}
