package views

import "github.com/qmpdash/qmpdash/app/session"

// The VM and layout actions, shared by the global and the overview
// controllers and the overview's mouse handler.

// stepAndSelectVM brings the next (or previous) VM to the front and selects
// its tile.
func (d *Dashboard) stepAndSelectVM(next bool) {
	d.stepVM(next)
	d.overview.selectVM(d.session)
}

// toggleMarkVM marks or unmarks the VM acted on for broadcast.
func (d *Dashboard) toggleMarkVM() {
	if s := d.actedOnVM(); s != nil {
		d.fleet.ToggleMark(s.Name())
	}
	d.input.SetPrompt(d.prompt())
}

// markAllVMs marks every VM, or unmarks all when all are marked.
func (d *Dashboard) markAllVMs() {
	d.fleet.MarkAll()
	d.input.SetPrompt(d.prompt())
}

// togglePinVM pins or unpins the VM acted on to the split layout.
func (d *Dashboard) togglePinVM() {
	if s := d.actedOnVM(); s != nil {
		d.togglePin(s)
	}
}

// openSelectedVM shows the overview's selected VM in the tabs layout.
func (d *Dashboard) openSelectedVM() {
	d.focusVM(d.overview.Selected())
	d.layout = overviewLayout // cycles on to tabs
	d.cycleLayout()
}

// actedOnVM is the VM a mark or pin applies to: the selected tile in the
// overview, else the VM in front.
func (d *Dashboard) actedOnVM() *session.Session {
	if d.overview.HasFocus() {
		return d.overview.Selected()
	}
	return d.session
}

// overviewRows moves through the overview grid as through a list: rows up
// and down, the first and the last tile.
type overviewRows struct{ *overviewGrid }

// Move moves delta rows down (up if negative).
func (g overviewRows) Move(delta int) { g.overviewGrid.Move(0, delta) }

// Page moves four rows per page in direction.
func (g overviewRows) Page(direction int) { g.overviewGrid.Move(0, 4*direction) }

// Top selects the first tile.
func (g overviewRows) Top() { g.selected = 0 }

// Bottom selects the last tile.
func (g overviewRows) Bottom() { g.overviewGrid.Move(g.d.fleet.Len(), 0) }
