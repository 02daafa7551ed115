package views

import (
	"fmt"
	"strings"
	"time"

	"github.com/qmpdash/qmpdash/app"
	"github.com/qmpdash/qmpdash/app/cmdline"
	"github.com/qmpdash/qmpdash/keymap"
)

// macroPoll is how often a running macro looks for the reply it waits on.
const macroPoll = 10 * time.Millisecond

// runMacro sends a macro's command lines to the VMs it targets: the
// focused one when it names none, else every VM of the fleet it names
// ("all" for every VM). Every line is checked first for every target
// (syntax, schema, read-only policy), and one that would need the user's
// confirmation is refused: a key press is not a considered yes. The lines
// then go in order to each VM, each once the one before has its reply, and
// the macro stops for that VM at the first that fails: "stop" then
// "migrate" must not migrate a VM that did not stop. Problems become
// notices; the UI goroutine never waits.
func (d *Dashboard) runMacro(m *keymap.Macro) {
	targets := []*app.Session{d.session}
	if len(m.Targets) > 0 {
		targets = nil
		for _, s := range d.fleet.Sessions() {
			if m.For(s.Name()) {
				targets = append(targets, s)
			}
		}
	}
	if len(targets) == 0 {
		d.session.Notices.Add(app.Warning, fmt.Sprintf("macro %s is for %s: no such VM is open", m.Key, strings.Join(m.Targets, ", ")))
		return
	}
	plans := make([][]*app.Outgoing, len(targets))
	for i, s := range targets {
		outs, err := checkMacro(s, m)
		if err != nil {
			d.session.Notices.Add(app.Failure, fmt.Sprintf("macro %s: %s: %v", m.Key, s.Name(), err))
			return
		}
		plans[i] = outs
	}
	d.commands.Bottom() // follow what the macro sends
	for i, s := range targets {
		go sendInOrder(s, m.Key, plans[i])
	}
}

// checkMacro checks every line of a macro for one VM.
func checkMacro(s *app.Session, m *keymap.Macro) ([]*app.Outgoing, error) {
	outs := make([]*app.Outgoing, len(m.Run))
	for i, text := range m.Run {
		line, err := cmdline.Parse(text)
		if err == nil {
			outs[i], err = s.Check(line, text)
		}
		if err == nil && s.NeedsConfirm(outs[i]) {
			err = fmt.Errorf("asks for confirmation: type it in the input line")
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", text, err)
		}
	}
	return outs, nil
}

// sendInOrder sends checked lines to one VM one after another; it runs in
// its own goroutine and touches only the session, which is safe for that.
func sendInOrder(s *app.Session, key keymap.Key, outs []*app.Outgoing) {
	for i, out := range outs {
		seq, err := s.SendChecked(out)
		if err != nil {
			s.Notices.Add(app.Failure, fmt.Sprintf("macro %s: %s: %v", key, out.Text, err))
			return
		}
		if i == len(outs)-1 {
			return // nothing waits on the last reply
		}
		if st := awaitReply(s, seq); st != app.OK {
			s.Notices.Add(app.Failure, fmt.Sprintf("macro %s stopped: %s %s", key, out.Text, st))
			return
		}
	}
}

// awaitReply waits until command seq has its outcome; the session's
// command timeout bounds the wait.
func awaitReply(s *app.Session, seq uint64) app.CommandStatus {
	t := time.NewTicker(macroPoll)
	defer t.Stop()
	for {
		<-t.C
		e, ok := s.Commands.Get(seq)
		if !ok {
			return app.Interrupted // evicted: too old to tell
		}
		if e.Status != app.Pending {
			return e.Status
		}
	}
}
