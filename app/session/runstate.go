package session

import (
	"github.com/qmpdash/qmpdash/qmp"
	"github.com/tidwall/gjson"
)

// runStates maps the events that set QEMU's run state by themselves.
var runStates = map[string]string{
	"STOP": "paused", "RESUME": "running", "SHUTDOWN": "shutdown",
	"SUSPEND": "suspended", "WAKEUP": "running", "GUEST_PANICKED": "guest-panicked",
}

// stopCauses are the events that announce why the STOP after them stops
// the VM, with the action that stops it and the run state it leaves:
// QEMU sends the cause first, then STOP, and query-status then says
// "io-error", "watchdog" or "guest-panicked", not "paused".
var stopCauses = map[string]struct{ action, state string }{
	"BLOCK_IO_ERROR": {"stop", "io-error"},
	"WATCHDOG":       {"pause", "watchdog"},
	"GUEST_PANICKED": {"pause", "guest-panicked"},
}

// runStateTracker follows the run state through a VM's events, in order.
// The zero value is ready; it is not safe for concurrent use.
type runStateTracker struct {
	// cause is the run state the next STOP means ("" for paused).
	cause string
}

// apply returns the run state after evs, given the state before them.
func (r *runStateTracker) apply(state string, evs []qmp.Event) string {
	for _, ev := range evs {
		if c, ok := stopCauses[ev.Name]; ok && gjson.GetBytes(ev.Data, "action").String() == c.action {
			r.cause = c.state
		}
		rs, ok := runStates[ev.Name]
		if !ok {
			continue
		}
		switch {
		case ev.Name == "STOP" && r.cause != "":
			rs, r.cause = r.cause, ""
		case ev.Name != "GUEST_PANICKED":
			r.cause = ""
		}
		state = rs
	}
	return state
}
