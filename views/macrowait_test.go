package views

import (
	"testing"

	"github.com/gdamore/tcell/v2"
	"github.com/qmpdash/qmpdash/qmp/qmptest"
)

// TestMacroWaitsForAnEvent runs a macro holding @wait STOP: cont goes out
// only after the STOP event came, the dashboard takes keys while the macro
// waits, and progress shows as a replay's does. A macro whose @wait times
// out stops there, with a failure in the status bar.
func TestMacroWaitsForAnEvent(t *testing.T) {
	got := make(chan string, 10)
	h := startHarness(t, harnessOptions{wide: true, reply: func(r qmptest.Request) string { // wide: room for the whole notice after the socket's path
		got <- r.Name()
		return qmptest.ReplyLine(r, "{}")
	}})
	h.useKeys("[[macro]]\nkey = \"f5\"\nrun = [\"stop\", \"@wait STOP 30s\", \"cont\"]\n\n" +
		"[[macro]]\nkey = \"f6\"\nrun = [\"stop\", \"@wait SHUTDOWN 50ms\", \"cont\"]\n")
	h.key(tcell.KeyF5)
	h.expectSent(got, "stop")
	h.waitText("macro f5: 1/3 stop")
	h.responsive() // the macro waits off the UI goroutine
	if len(got) > 0 {
		t.Fatalf("%s sent before the STOP event", <-got)
	}
	h.peer.Event("STOP", "{}")
	h.expectSent(got, "cont")
	h.waitText("macro f5: done, 3 steps as expected")
	stop := h.s.Events.Since(0, nil)
	cont, _ := h.s.Commands.Get(2)
	if len(stop) != 1 || stop[0].Name != "STOP" || cont.Name != "cont" || cont.Sent.Before(stop[0].Received) {
		t.Fatalf("cont (%+v) went out before the STOP event (%+v)", cont, stop)
	}

	h.key(tcell.KeyF6)
	h.expectSent(got, "stop")
	h.waitText("macro f6: replay stopped: line 2: @wait SHUTDOWN: no SHUTDOWN event within 50ms")
	h.waitFor("the macro to end", func(string) bool { return h.s.Replaying() == nil })
	if len(got) > 0 {
		t.Fatalf("%s sent after the failed @wait", <-got)
	}
	if n := h.s.Commands.Len(); n != 3 {
		t.Fatalf("%d commands sent, want 3 (cont not after the failed wait)", n)
	}
}
