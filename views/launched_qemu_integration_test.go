package views

import (
	"context"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/gdamore/tcell/v2"
	"github.com/qmpdash/qmpdash/app/session"
	"github.com/qmpdash/qmpdash/app/transport"
	"github.com/qmpdash/qmpdash/keymap"
	"github.com/qmpdash/qmpdash/qmp/qmptest"
)

// startLaunched runs a dashboard on a width×height screen over a QEMU it
// started, named "launched", as `qmpdash -- qemu-system-x86_64 ...` does,
// and over fake VMs named others, after it.
func startLaunched(t *testing.T, width, height int, others ...string) (*fleetHarness, *session.QEMUProcess) {
	t.Helper()
	qmptest.Require(t, "qemu-system-x86_64")
	p, err := session.StartQEMU(context.Background(), "qemu-system-x86_64",
		[]string{"-machine", "none", "-nodefaults", "-display", "none", "-S"}, 1)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(p.Stop)
	fh := &fleetHarness{peers: map[string]*qmptest.Peer{}, got: map[string][]string{}, launched: map[string]*session.QEMUProcess{"launched": p}}
	sessions := []*session.Session{session.New(session.Config{Name: "launched", Addr: p.Sockets[0], Protocol: transport.ProtocolQMP,
		NoDocs: true, Keepalive: -1})}
	fakes := map[int]*qmptest.FakeQEMU{}
	for i, name := range others {
		f := fh.fake(t, name)
		fakes[i+1] = f
		sessions = append(sessions, session.New(session.Config{Name: name, Addr: f.Path, Protocol: transport.ProtocolQMP,
			NoDocs: true, Keepalive: -1}))
	}
	fh.startDashboard(t, sessions, width, height, func(i int) {
		if f := fakes[i]; f != nil {
			fh.peers[others[i-1]] = f.Accept()
		}
	})
	return fh, p
}

// killAs sends SIGTERM to pid from a shell whose argv[0] is name, which
// QEMU puts in the line it writes to stderr on the way out; the shell stays
// until the returned function is called, so that QEMU finds its name.
func killAs(t *testing.T, name string, pid int) (done func()) {
	t.Helper()
	cmd := &exec.Cmd{Path: "/bin/sh", Args: []string{name, "-c", `kill -TERM "$1" && read -r _`, "sh", strconv.Itoa(pid)}}
	in, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	return func() { in.Close(); cmd.Wait() }
}

// Quitting asks first while a QEMU the dashboard started runs, naming it;
// no stays, y quits. The dashboard itself does not stop the QEMU: the
// fleet does when Run has returned.
func TestQuitAsksBeforeStoppingLaunchedQEMU(t *testing.T) {
	fh, p := startLaunched(t, 120, 30, "other")
	fh.waitText("prelaunch")
	fh.leaveInput()
	fh.press(keymap.Quit)
	fh.waitText("Quit and stop the QEMU qmpdash started: launched?")
	fh.waitText("y quits and stops it, any other key stays")
	fh.typeText("n")
	fh.waitFor("the dialog closed", func(s string) bool { return !strings.Contains(s, "Quit and stop") })
	select {
	case <-fh.stopped:
		t.Fatal("the dashboard quit on n")
	default:
	}
	if p.ExitStatus() != "" {
		t.Fatalf("QEMU ended: %s", p.ExitStatus())
	}
	fh.key(tcell.KeyCtrlC) // outside the input line: quit, which asks again
	fh.waitText("Quit and stop the QEMU qmpdash started: launched?")
	fh.typeText("y")
	select {
	case <-fh.stopped:
	case <-time.After(10 * time.Second):
		t.Fatal("y did not quit")
	}
}

// A launched QEMU that exits shows as exited in the status bar, with its
// exit status and its last stderr line escaped, and in the VM strip, and
// is not redialled; r relaunches it and reattaches. Once no launched QEMU
// runs, quitting does not ask.
func TestLaunchedQEMUExitShownThenRelaunchedWithR(t *testing.T) {
	fh, p := startLaunched(t, 200, 30, "other")
	fh.waitText("prelaunch")
	first := p.Pid()
	done := killAs(t, "\x1b[31mkiller", first)
	screen := fh.waitStatus("○ QEMU exited (exit status 0)")
	done()
	if want := `stderr: qemu-system-x86_64: terminating on signal 15 from pid `; !strings.Contains(statusBar(screen), want) {
		t.Errorf("status bar lacks %q:\n%s", want, screen)
	}
	fh.waitStatus(`(\x1b[31mkiller)`) // QEMU's text, escaped
	fh.waitFor("exited in the VM strip", func(s string) bool {
		return strings.Contains(strings.Split(s, "\n")[0], "launched ○ exited")
	})
	if strings.Contains(statusBar(fh.text()), "retry in") {
		t.Fatalf("an exited QEMU is being redialled:\n%s", fh.text())
	}

	fh.leaveInput()
	fh.press(keymap.RetryNow)
	fh.waitStatus("● connected")
	fh.waitText("launched ● prelaunch")
	if p.Pid() == first || p.ExitStatus() != "" {
		t.Fatalf("pid %d (was %d), exit %q: want a new QEMU running", p.Pid(), first, p.ExitStatus())
	}
	if strings.Contains(statusBar(fh.text()), "stderr:") {
		t.Errorf("the status bar still shows the last run's stderr:\n%s", fh.text())
	}

	fh.press(keymap.Quit) // QEMU runs again: quitting asks again
	fh.waitText("Quit and stop the QEMU qmpdash started: launched?")
	fh.key(tcell.KeyEscape)
	fh.waitFor("the dialog closed", func(s string) bool { return !strings.Contains(s, "Quit and stop") })
	p.Stop()
	fh.waitStatus("○ QEMU exited (exit status 0)")
	fh.press(keymap.Quit)
	select {
	case <-fh.stopped:
	case <-time.After(10 * time.Second):
		t.Fatalf("q with no launched QEMU running did not quit:\n%s", fh.text())
	}
}
