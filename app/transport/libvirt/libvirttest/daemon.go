//go:build linux

// Package libvirttest gives tests a real libvirt daemon and short-lived
// TCG domains on it. It uses the system daemon when one runs; otherwise
// the first test that asks starts virtlogd and libvirtd (as root, without
// systemd) and Main stops them, by PID, once every test binary using them
// has finished (a shared lock counts the users).
package libvirttest

import (
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/qmpdash/qmpdash/qmp/qmptest"
)

// Socket is the system daemon's socket the tests use.
const Socket = "/run/libvirt/libvirt-sock"

const (
	logSocket = "/run/libvirt/virtlogd-sock"
	lockPath  = "/run/lock/qmpdash-libvirttest.lock"
)

var state struct {
	inMain  bool
	once    sync.Once
	err     error
	skip    string
	lock    *os.File
	started []*exec.Cmd
}

// Main runs the tests and then stops the daemons this binary started,
// waiting for other test binaries still using them. Call it from TestMain:
// os.Exit(libvirttest.Main(m)).
func Main(m *testing.M) int {
	state.inMain = true
	code := m.Run()
	if state.lock == nil {
		return code
	}
	if len(state.started) > 0 {
		// Wait for the other users' shared locks to go.
		_ = syscall.Flock(int(state.lock.Fd()), syscall.LOCK_EX)
		for i := len(state.started) - 1; i >= 0; i-- {
			cmd := state.started[i]
			_ = cmd.Process.Signal(syscall.SIGTERM)
			_ = cmd.Wait()
		}
	}
	state.lock.Close()
	return code
}

// Require makes sure a libvirt daemon serves Socket, starting one if none
// does. It skips the test when libvirt is not installed or the test does
// not run as root (fails in CI), and fails it when the daemon does not
// come up.
func Require(t testing.TB) {
	t.Helper()
	qmptest.RequireFrom(t, "libvirtd", "libvirt-daemon-system libvirt-clients")
	qmptest.RequireFrom(t, "virsh", "libvirt-clients")
	if os.Geteuid() != 0 {
		msg := "libvirttest: the system libvirt daemon needs root"
		if os.Getenv("CI") != "" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	if !state.inMain {
		t.Fatal("libvirttest: the package's TestMain must call libvirttest.Main, which stops the daemons it starts")
	}
	state.once.Do(func() { state.err = ensureDaemons() })
	if state.err != nil {
		t.Fatalf("libvirttest: %v", state.err)
	}
}

// ensureDaemons starts virtlogd and libvirtd unless they answer, holding
// the lock shared afterwards to count as a user. Only starting them takes
// the lock alone: when they answer already (CI starts them first), a test
// binary does not wait for the others that use them, each holding a slot
// of go test -p while it waits.
func ensureDaemons() error {
	f, err := os.OpenFile(lockPath, os.O_CREATE|os.O_RDWR, 0o600)
	if err != nil {
		return err
	}
	state.lock = f
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_SH); err != nil {
		return err
	}
	if answers(logSocket) && answers(Socket) {
		return nil
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX); err != nil {
		return err
	}
	defer syscall.Flock(int(f.Fd()), syscall.LOCK_SH)
	for _, d := range []struct{ bin, sock string }{{"virtlogd", logSocket}, {"libvirtd", Socket}} {
		if answers(d.sock) {
			continue
		}
		cmd := daemonCommand(d.bin)
		cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
		if err := cmd.Start(); err != nil {
			return fmt.Errorf("starting %s: %w", d.bin, err)
		}
		state.started = append(state.started, cmd)
		if err := waitFor(d.sock, 30*time.Second); err != nil {
			return fmt.Errorf("%s: %w", d.bin, err)
		}
	}
	return nil
}

// daemonCommand runs a daemon; libvirtd under tini -s when tini is
// installed (.ci/deps installs it), which reaps the QEMU processes
// libvirtd daemonizes. Where PID 1 reaps orphans late (a container, a
// microVM: every half minute or so), libvirtd waits for each QEMU it ends
// to be gone: a domain's destroy took 1.6 s instead of 0.2, a probe of
// QEMU's capabilities 30 s. tini passes the signals it gets on to it.
func daemonCommand(bin string) *exec.Cmd {
	if tini, err := exec.LookPath("tini"); err == nil && bin == "libvirtd" {
		return exec.Command(tini, "-s", "--", bin)
	}
	return exec.Command(bin)
}

// answers reports whether something accepts connections on sock.
func answers(sock string) bool {
	c, err := net.Dial("unix", sock)
	if err != nil {
		return false
	}
	c.Close()
	return true
}

// waitFor polls until sock answers or the deadline passes.
func waitFor(sock string, limit time.Duration) error {
	deadline := time.Now().Add(limit)
	for !answers(sock) {
		if time.Now().After(deadline) {
			return errors.New(sock + " did not appear")
		}
		time.Sleep(20 * time.Millisecond)
	}
	return nil
}
