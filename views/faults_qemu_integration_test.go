//go:build linux

package views

import (
	"context"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/qmpdash/qmpdash/app/session"
	"github.com/qmpdash/qmpdash/app/store"
	"github.com/qmpdash/qmpdash/app/transport"
	"github.com/qmpdash/qmpdash/keymap"
	"github.com/qmpdash/qmpdash/qmp"
	"github.com/qmpdash/qmpdash/qmp/qmptest"
)

// The dashboard's faults against real QEMU: kill -9 mid-command, a restart
// on the same socket, a second client that gets no greeting.

func TestFaultQEMUKilledMidCommandThenRestarted(t *testing.T) {
	qmptest.Require(t, qmptest.QEMUBinary)
	sock := filepath.Join(qmptest.SocketDir(t), "vm.sock")
	startQEMU := func() *qmptest.Process { return qmptest.QEMU(t, "-qmp", "unix:"+sock+",server=on,wait=off") }
	qemu := startQEMU()
	cfg := session.Config{Addr: sock, Protocol: transport.ProtocolQMP, Backoff: fastRetry, NoDocs: true}
	log := openSessionLog(t, &cfg)
	h := startHarness(t, harnessOptions{config: cfg, wide: true})
	h.waitStatus("prelaunch")
	// A stopped QEMU reads nothing: the command is surely unanswered
	// when it dies.
	if err := qemu.Signal(syscall.SIGSTOP); err != nil {
		t.Fatal(err)
	}
	h.sent("query-status")
	h.waitText("pending")
	if err := qemu.Kill(); err != nil {
		t.Fatal(err)
	}
	killed := time.Now()
	s := h.waitFor("the status bar to say the monitor went away", func(s string) bool { return strings.Contains(statusBar(s), "○") })
	if d := time.Since(killed); d > time.Second {
		t.Errorf("the status bar took %v to tell", d)
	}
	if strings.Contains(statusBar(s), "prelaunch") {
		t.Errorf("the status bar still shows the old run state: %s", statusBar(s))
	}
	h.waitText("interrupted")
	h.waitStatus("retry in")
	h.responsive()

	startQEMU() // on the same socket: the dashboard finds it by itself
	h.waitStatus("● connected")
	h.waitStatus("prelaunch") // query-status again
	h.waitText("── disconnected ")
	s = h.waitText(" … reconnected ")
	if !strings.Contains(s, "events of that time are lost ──") {
		t.Fatalf("no outage marker in the event pane:\n%s", s)
	}
	h.responsive()
	h.sent("query-status") // the new QEMU answers
	h.waitCommand(2, store.OK)
	if e, _ := h.s.Commands.Get(1); e.Status != store.Interrupted {
		t.Fatalf("the first command is %s", e.Status)
	}
	log.waitMark("disconnected", "")
	log.waitMark("reconnected", "disconnected ")
	log.waitIn(`"status": "prelaunch"`)
	n := 0
	for _, r := range log.records() {
		if r.Dir == "out" && strings.Contains(string(r.Msg), `"execute":"query-status","id":"c1"`) {
			n++
		}
	}
	if n != 1 {
		t.Fatalf("the interrupted command went out %d times", n)
	}
}

func TestFaultSecondClientGetsNoGreeting(t *testing.T) {
	qemu := qmptest.QEMU(t)
	first, err := qmp.Dial(context.Background(), qemu.Socket, qmp.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer first.Close()
	cfg := session.Config{Addr: qemu.Socket, Protocol: transport.ProtocolQMP, NoDocs: true, Backoff: qmp.Backoff{Initial: time.Hour, Max: time.Hour}}
	log := openSessionLog(t, &cfg)
	h := startHarness(t, harnessOptions{config: cfg, wide: true})
	// QEMU holds the second client without a word; the handshake times
	// out after qmp.DefaultHandshakeTimeout.
	h.waitFor("the greeting timeout", func(s string) bool {
		bar := statusBar(s)
		return strings.Contains(bar, "retry in") && strings.Contains(bar, "no QMP greeting within")
	})
	h.responsive()
	h.press(keymap.InputLeave) // to the event pane, where the connection keys are
	h.press(keymap.Notices)
	h.waitText("is another client connected to this monitor?")
	h.press(keymap.OverlayClose)
	h.press(keymap.GiveUp)
	h.waitStatus("○ disconnected, not retrying")
	h.waitStatus("stopped reconnecting to")
	first.Close() // the other client leaves
	h.press(keymap.RetryNow)
	h.waitStatus("● connected")
	h.press(keymap.FocusInput)
	h.responsive()
	log.waitMark("gave-up", "")
	log.waitMark("retry-now", "")
	log.waitMark("reconnecting", "no QMP greeting")
}
