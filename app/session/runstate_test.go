package session

import (
	"testing"

	"github.com/qmpdash/qmpdash/qmp"
)

func TestRunStateFollowsTheCauseOfAStop(t *testing.T) {
	ev := func(name, data string) qmp.Event {
		e := qmp.Event{Name: name}
		if data != "" {
			e.Data = []byte(data)
		}
		return e
	}
	ioError := ev("BLOCK_IO_ERROR", `{"device": "", "node-name": "flaky", "operation": "read", "action": "stop"}`)
	for _, tc := range []struct {
		name    string
		batches [][]qmp.Event
		want    string
	}{
		{"plain stop", [][]qmp.Event{{ev("STOP", "")}}, "paused"},
		{"read error, then stop, in one batch", [][]qmp.Event{{ioError, ev("STOP", "")}}, "io-error"},
		{"read error and stop in two batches", [][]qmp.Event{{ioError}, {ev("STOP", "")}}, "io-error"},
		{"a reported error stops nothing", [][]qmp.Event{{ev("BLOCK_IO_ERROR", `{"action": "report"}`), ev("STOP", "")}}, "paused"},
		{"resumed after the error", [][]qmp.Event{{ioError, ev("STOP", ""), ev("RESUME", "")}}, "running"},
		{"the next stop is a plain one", [][]qmp.Event{{ioError, ev("STOP", ""), ev("RESUME", "")}, {ev("STOP", "")}}, "paused"},
		{"watchdog pause", [][]qmp.Event{{ev("WATCHDOG", `{"action": "pause"}`), ev("STOP", "")}}, "watchdog"},
		{"watchdog that only reports", [][]qmp.Event{{ev("WATCHDOG", `{"action": "none"}`)}}, "running"},
		{"panic, then stop", [][]qmp.Event{{ev("GUEST_PANICKED", `{"action": "pause"}`)}, {ev("STOP", "")}}, "guest-panicked"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var r runStateTracker
			state := "running"
			for _, b := range tc.batches {
				state = r.apply(state, b)
			}
			if state != tc.want {
				t.Errorf("run state %q, want %q", state, tc.want)
			}
		})
	}
}
