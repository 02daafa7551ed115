package views

import "github.com/qmpdash/qmpdash/keymap"

// overviewController performs the overview grid's own actions; the list
// keys move through its rows (see overviewRows).
type overviewController struct{ d *Dashboard }

func (overviewController) context() keymap.Context { return keymap.Overview }

func (c overviewController) handlers() handlers {
	g := c.d.overview
	return handlers{
		keymap.OverviewLeft:  func() { g.Move(-1, 0) },
		keymap.OverviewRight: func() { g.Move(1, 0) },
		keymap.OverviewOpen:  c.d.openSelectedVM,
	}
}
