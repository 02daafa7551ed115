package views

import (
	"github.com/qmpdash/qmpdash/app"
	"github.com/qmpdash/qmpdash/keymap"
)

// fleetAction performs the VM and layout actions.
func (d *Dashboard) fleetAction(a keymap.Action) {
	switch a {
	case keymap.VMNext, keymap.VMPrev:
		d.stepVM(a == keymap.VMNext)
		d.overview.selectVM(d.session)
	case keymap.VMMark:
		if s := d.actedOnVM(); s != nil {
			d.fleet.ToggleMark(s.Name())
		}
		d.input.SetPrompt(d.prompt())
	case keymap.VMMarkAll:
		d.fleet.MarkAll()
		d.input.SetPrompt(d.prompt())
	case keymap.VMPin:
		if s := d.actedOnVM(); s != nil {
			d.togglePin(s)
		}
	case keymap.LayoutCycle:
		d.cycleLayout()
	case keymap.EventsAll:
		d.toggleAllEvents()
	case keymap.OverviewLeft:
		d.overview.Move(-1, 0)
	case keymap.OverviewRight:
		d.overview.Move(1, 0)
	case keymap.OverviewOpen:
		d.focusVM(d.overview.Selected())
		d.layout = overviewLayout // cycles on to tabs
		d.cycleLayout()
	}
}

// actedOnVM is the VM a mark or pin applies to: the selected tile in the
// overview, else the VM in front.
func (d *Dashboard) actedOnVM() *app.Session {
	if d.overview.HasFocus() {
		return d.overview.Selected()
	}
	return d.session
}

// moveList maps the list movements onto the grid: rows up and down, the
// first and the last tile.
func (g *overviewGrid) moveList(a keymap.Action) {
	switch a {
	case keymap.ListDown:
		g.Move(0, 1)
	case keymap.ListUp:
		g.Move(0, -1)
	case keymap.ListPageDown:
		g.Move(0, 4)
	case keymap.ListPageUp:
		g.Move(0, -4)
	case keymap.ListTop:
		g.selected = 0
	case keymap.ListBottom:
		g.Move(g.d.fleet.Len(), 0)
	}
}
