package views

import (
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/gdamore/tcell/v2"
	"github.com/qmpdash/qmpdash/app/session"
	"github.com/qmpdash/qmpdash/app/transport"
	"github.com/qmpdash/qmpdash/qmp/qmptest"
)

// A VM whose QEMU is stopped with SIGSTOP shows "not responding" after its
// command timeout; the other VM and the UI carry on meanwhile.
func TestFleetStoppedQEMUIsIsolatedFromTheOthers(t *testing.T) {
	hung, live := qmptest.QEMU(t), qmptest.QEMU(t)
	t.Cleanup(func() { hung.Signal(syscall.SIGCONT) })
	cfg := func(name, addr string) *session.Session {
		return session.New(session.Config{Name: name, Addr: addr, Protocol: transport.ProtocolQMP, NoDocs: true,
			CommandTimeout: time.Second, Keepalive: 300 * time.Millisecond})
	}
	fh := &fleetHarness{}
	fh.startDashboard(t, []*session.Session{cfg("hung", hung.Socket), cfg("live", live.Socket)}, 160, 40, nil)
	fh.waitText("2 live ●")
	if err := hung.Signal(syscall.SIGSTOP); err != nil {
		t.Fatal(err)
	}
	stopped := time.Now()
	fh.waitText("1 hung ◌ not responding")
	if d := time.Since(stopped); d > 5*time.Second {
		t.Errorf("not responding took %v with a 1s command timeout", d)
	}
	// The other VM answers, and keys still work.
	fh.leaveInput()
	fh.typeText("]:query-status")
	fh.waitText("> query-status")
	fh.key(tcell.KeyEnter)
	fh.waitFor("live's reply", func(s string) bool {
		for _, line := range strings.Split(s, "\n") {
			if strings.Contains(line, "query-status") && strings.Contains(line, " ok ") {
				return true
			}
		}
		return false
	})
	if st := fh.fleet.Session("live").State(); st.NotResponding {
		t.Fatal("the live VM was marked not responding too")
	}
	if err := hung.Signal(syscall.SIGCONT); err != nil {
		t.Fatal(err)
	}
	fh.waitText("1 hung ● prelaunch")
}
