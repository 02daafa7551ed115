//go:build linux

package session

import (
	"context"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/qmpdash/qmpdash/app/transport"
	"github.com/qmpdash/qmpdash/qmp"
	"github.com/qmpdash/qmpdash/qmp/qmptest"
)

// launchedSession starts a real QEMU and runs a session on it in a fleet,
// as `qmpdash -- qemu-system-x86_64 ...` does, retrying every millisecond
// so that a session that redials a dead QEMU does so many times.
func launchedSession(t *testing.T, m *marks) (*Fleet, *Session, *QEMUProcess) {
	t.Helper()
	qmptest.Require(t, "qemu-system-x86_64")
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	t.Cleanup(cancel)
	p, err := StartQEMU(ctx, "qemu-system-x86_64", []string{"-machine", "none", "-nodefaults", "-display", "none", "-S"}, 1)
	if err != nil {
		t.Fatal(err)
	}
	f := NewFleet(ctx, FleetConfig{})
	t.Cleanup(f.Close) // stops QEMU, whichever run is current
	s := New(Config{Name: "vm", Addr: p.Sockets[0], Protocol: transport.ProtocolQMP, NoDocs: true, Keepalive: -1,
		Backoff: qmp.Backoff{Initial: time.Millisecond, Max: time.Millisecond}, Mark: m.add})
	if err := f.AddLaunched(s, p); err != nil {
		p.Stop()
		t.Fatal(err)
	}
	qmptest.Eventually(t, "connected", func() bool { return s.State().Conn == qmp.StateReady })
	return f, s, p
}

// A launched QEMU that exits is shown as exited, with how and its last
// stderr line, and is not redialled; RetryNow starts it again with the
// same command line and reattaches, and a second exit shows only what the
// new run wrote.
func TestLaunchedQEMUExitedThenRelaunched(t *testing.T) {
	var m marks
	f, s, p := launchedSession(t, &m)
	if got := f.Running(); !slices.Equal(got, []string{"vm"}) {
		t.Fatalf("Running() = %v while QEMU runs", got)
	}
	if got := f.Processes(); len(got) != 1 || got[0] != p {
		t.Fatalf("Processes() = %v, want the launched QEMU", got)
	}
	first := p.Pid()
	if err := syscall.Kill(first, syscall.SIGTERM); err != nil { // QEMU says so on stderr and exits 0
		t.Fatal(err)
	}
	qmptest.Eventually(t, "the exit shown", func() bool { return s.State().Exited != "" })
	st := s.State()
	if st.Exited != "exit status 0" || !strings.Contains(st.ExitLine, "terminating on signal 15") {
		t.Errorf("Exited %q, ExitLine %q: want how QEMU ended and its last stderr line", st.Exited, st.ExitLine)
	}
	if st.Conn != qmp.StateClosed || !st.RetryAt.IsZero() {
		t.Errorf("state %v, retry at %v: want closed with no retry planned", st.Conn, st.RetryAt)
	}
	if got := f.Running(); len(got) != 0 {
		t.Errorf("Running() = %v after QEMU exited", got)
	}
	if !noticeWith(s, "QEMU exited: exit status 0: ") {
		t.Errorf("notices: %+v", s.Notices.All())
	}
	if s.GiveUp() {
		t.Error("GiveUp acted on an exited QEMU, which nothing redials")
	}
	redials := m.count("reconnecting")

	if !s.RetryNow() {
		t.Fatal("RetryNow did nothing for an exited QEMU")
	}
	qmptest.Eventually(t, "reattached", func() bool { return s.State().Conn == qmp.StateReady })
	if m.count("reconnecting") != redials {
		t.Errorf("the dead QEMU was redialled: marks %v", m.list)
	}
	if p.Pid() == first || p.ExitStatus() != "" || s.State().Exited != "" {
		t.Fatalf("pid %d (was %d), exit %q, state %+v: want a new QEMU running", p.Pid(), first, p.ExitStatus(), s.State())
	}
	if !m.has("relaunch") || !m.has("exited: exit status 0: ") {
		t.Errorf("marks: %v", m.list)
	}
	if got := f.Running(); !slices.Equal(got, []string{"vm"}) {
		t.Errorf("Running() = %v after the relaunch", got)
	}

	if err := syscall.Kill(p.Pid(), syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	qmptest.Eventually(t, "the second exit shown", func() bool { return s.State().Exited != "" })
	if st := s.State(); st.Exited != "signal: killed" || st.ExitLine != "" {
		t.Errorf("Exited %q, ExitLine %q: want the kill, and no line from the earlier run", st.Exited, st.ExitLine)
	}
}
