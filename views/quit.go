package views

import (
	"fmt"
	"strings"
)

// quit ends the dashboard. Quitting stops the QEMUs qmpdash started, so
// while any of them runs it asks first, naming them; otherwise it quits at
// once.
func (d *Dashboard) quit() {
	running := d.fleet.Running()
	if len(running) == 0 {
		d.app.Stop()
		return
	}
	what, them := "the QEMU", "it"
	if len(running) > 1 {
		what, them = fmt.Sprintf("the %d QEMUs", len(running)), "them"
	}
	d.askConfirm(question{
		text: fmt.Sprintf("Quit and stop %s qmpdash started: %s?", what, strings.Join(running, ", ")),
		hint: "[y/N]  y quits and stops " + them + ", any other key stays",
		yes:  func() error { d.app.Stop(); return nil },
		back: d.app.GetFocus(),
	})
}
