package views

import (
	"fmt"
	"strings"

	"github.com/qmpdash/qmpdash/app/replay"
	"github.com/qmpdash/qmpdash/app/session"
	"github.com/qmpdash/qmpdash/app/store"
	"github.com/qmpdash/qmpdash/keymap"
)

// runMacro runs a macro in the VMs it targets: the focused one when it
// names none, else every VM of the fleet it names ("all" for every VM).
// Every command line is checked first for every target (syntax, schema,
// read-only policy), and one that would need the user's confirmation is
// refused: a key press is not a considered yes. Each VM then runs the
// macro in the background as a replay (session.Session.StartReplay): each
// command once the one before has its reply, @wait and @sleep lines as in
// a replay script, and a stop at the first that fails: "stop" then
// "migrate" must not migrate a VM that did not stop. Progress and problems
// are notices, as a replay's are; :replay stop ends it. The UI goroutine
// never waits.
func (d *Dashboard) runMacro(m *keymap.Macro) {
	targets := []*session.Session{d.session}
	if len(m.Targets) > 0 {
		targets = nil
		for _, s := range d.fleet.Sessions() {
			if m.For(s.Name()) {
				targets = append(targets, s)
			}
		}
	}
	if len(targets) == 0 {
		d.session.Notices.Add(store.Warning, fmt.Sprintf("macro %s is for %s: no such VM is open", m.Key, strings.Join(m.Targets, ", ")))
		return
	}
	steps, err := replay.MacroSteps(m.Run)
	if err != nil {
		d.session.Notices.Add(store.Failure, fmt.Sprintf("macro %s: %v", m.Key, err))
		return
	}
	for _, s := range targets {
		if err := s.CheckMacro(steps); err != nil {
			d.session.Notices.Add(store.Failure, fmt.Sprintf("macro %s: %s: %v", m.Key, s.Name(), err))
			return
		}
	}
	d.commands.Bottom() // follow what the macro sends
	for _, s := range targets {
		if _, err := s.StartReplay(fmt.Sprintf("macro %s", m.Key), steps, replay.Options{}); err != nil {
			s.Notices.Add(store.Failure, fmt.Sprintf("macro %s: %s: %v", m.Key, s.Name(), err))
		}
	}
}
