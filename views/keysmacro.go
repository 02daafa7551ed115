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

// runMacro sends a macro's command lines to the session, if the macro
// targets its VM. Every line is checked first (syntax, schema, read-only
// policy), and one that would need the user's confirmation is refused: a
// key press is not a considered yes. The lines then go in order, each
// once the one before has its reply, and the macro stops at the first
// that fails: "stop" then "migrate" must not migrate a VM that did not
// stop. Problems become notices; the UI goroutine never waits.
func (d *Dashboard) runMacro(m *keymap.Macro) {
	name := d.session.Name()
	if !m.For(name) {
		d.session.Notices.Add(app.Warning, fmt.Sprintf("macro %s is for %s, not %s", m.Key, strings.Join(m.Targets, ", "), name))
		return
	}
	outs := make([]*app.Outgoing, len(m.Run))
	for i, text := range m.Run {
		line, err := cmdline.Parse(text)
		if err == nil {
			outs[i], err = d.session.Check(line, text)
		}
		if err == nil && d.session.NeedsConfirm(outs[i]) {
			err = fmt.Errorf("asks for confirmation: type it in the input line")
		}
		if err != nil {
			d.session.Notices.Add(app.Failure, fmt.Sprintf("macro %s: %s: %v", m.Key, text, err))
			return
		}
	}
	d.commands.Bottom() // follow what the macro sends
	go d.sendInOrder(m.Key, outs)
}

// sendInOrder sends checked lines one after another; it runs in its own
// goroutine and touches only the session, which is safe for that.
func (d *Dashboard) sendInOrder(key keymap.Key, outs []*app.Outgoing) {
	for i, out := range outs {
		seq, err := d.session.SendChecked(out)
		if err != nil {
			d.session.Notices.Add(app.Failure, fmt.Sprintf("macro %s: %s: %v", key, out.Text, err))
			return
		}
		if i == len(outs)-1 {
			return // nothing waits on the last reply
		}
		if st := d.awaitReply(seq); st != app.OK {
			d.session.Notices.Add(app.Failure, fmt.Sprintf("macro %s stopped: %s %s", key, out.Text, st))
			return
		}
	}
}

// awaitReply waits until command seq has its outcome; the session's
// command timeout bounds the wait.
func (d *Dashboard) awaitReply(seq uint64) app.CommandStatus {
	t := time.NewTicker(macroPoll)
	defer t.Stop()
	for {
		<-t.C
		e, ok := d.session.Commands.Get(seq)
		if !ok {
			return app.Interrupted // evicted: too old to tell
		}
		if e.Status != app.Pending {
			return e.Status
		}
	}
}
