//go:build linux

package qmptest

import (
	"bufio"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// TestQEMUStartsAndCleanupReaps checks that QEMU's monitor answers with a
// greeting, and that the process is gone (reaped) once the test that
// started it ends.
func TestQEMUStartsAndCleanupReaps(t *testing.T) {
	var p *Process
	t.Run("inner", func(t *testing.T) {
		p = QEMU(t)
		if got := readFirstLine(t, p.Socket); !strings.Contains(got, `"QMP"`) {
			t.Errorf("first line from %s = %q, want a QMP greeting", p.Socket, got)
		}
		if len(p.Socket) >= 108 {
			t.Errorf("socket path is %d bytes, over sun_path", len(p.Socket))
		}
	})
	if p == nil {
		t.Fatal("QEMU did not return a process")
	}
	select {
	case <-p.Exited():
	default:
		t.Fatalf("pid %d still running after its test ended", p.Cmd.Process.Pid)
	}
	if _, err := os.Stat(p.Dir); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("temp dir %s still exists after the test: %v", p.Dir, err)
	}
}

// TestQEMUCleanupAfterFatal checks that a test that fails with t.Fatal
// right after starting QEMU still kills it.
func TestQEMUCleanupAfterFatal(t *testing.T) {
	ft := &fatalTB{TB: t}
	var p *Process
	done := make(chan struct{})
	go func() {
		defer close(done)
		defer ft.runCleanups()
		p = QEMU(ft)
		ft.Fatalf("boom")
	}()
	<-done
	if p == nil || !ft.fatal {
		t.Fatalf("process %v, fatal %v: the fake test did not run as planned", p, ft.fatal)
	}
	select {
	case <-p.Exited():
	default:
		t.Fatalf("pid %d still running after t.Fatal", p.Cmd.Process.Pid)
	}
}

func TestQEMUWithMonitorsGivesEachAGreeting(t *testing.T) {
	p := QEMUWithMonitors(t, 3)
	if len(p.Sockets) != 3 || p.Sockets[0] != p.Socket {
		t.Fatalf("Sockets = %q, Socket = %q: want 3, Socket first", p.Sockets, p.Socket)
	}
	seen := map[string]bool{}
	for _, s := range p.Sockets {
		if seen[s] {
			t.Errorf("socket %s listed twice", s)
		}
		seen[s] = true
		if got := readFirstLine(t, s); !strings.Contains(got, `"QMP"`) {
			t.Errorf("first line from %s = %q, want a QMP greeting", s, got)
		}
	}
}

func TestStorageDaemonGreets(t *testing.T) {
	p := StorageDaemon(t)
	if got := readFirstLine(t, p.Socket); !strings.Contains(got, `"QMP"`) {
		t.Errorf("first line from %s = %q, want a QMP greeting", p.Socket, got)
	}
}

func TestGuestAgentAnswersPing(t *testing.T) {
	p := GuestAgent(t)
	conn, err := net.DialTimeout("unix", p.Socket, StartTimeout)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if err := conn.SetDeadline(time.Now().Add(StartTimeout)); err != nil {
		t.Fatal(err)
	}
	if _, err := conn.Write([]byte(`{"execute":"guest-ping"}` + "\n")); err != nil {
		t.Fatal(err)
	}
	line, err := bufio.NewReader(conn).ReadString('\n')
	if err != nil || !strings.Contains(line, `"return"`) {
		t.Fatalf("guest-ping: %q, %v; stderr:\n%s", line, err, p.Stderr())
	}
}

func TestKillAndSignal(t *testing.T) {
	p := QEMU(t)
	if err := p.Signal(syscall.SIGSTOP); err != nil {
		t.Fatalf("SIGSTOP: %v", err)
	}
	if err := p.Kill(); err != nil { // SIGKILL works on a stopped process
		t.Fatal(err)
	}
	select {
	case <-p.Exited():
	default:
		t.Fatal("Kill returned before the process was reaped")
	}
	var exitErr *exec.ExitError
	if err := p.ExitErr(); !errors.As(err, &exitErr) || exitErr.ExitCode() != -1 {
		t.Errorf("ExitErr = %v, want an *exec.ExitError for a process killed by a signal", err)
	}
	if err := p.Signal(syscall.SIGCONT); !errors.Is(err, os.ErrProcessDone) {
		t.Errorf("Signal after exit = %v, want os.ErrProcessDone", err)
	}
	if err := p.Kill(); err != nil {
		t.Errorf("second Kill: %v", err)
	}
}

func TestRequire(t *testing.T) {
	if p := Require(t, "sh"); p == "" {
		t.Fatal("Require(sh) returned no path")
	}
	for _, tc := range []struct {
		ci        string
		wantFatal bool
	}{{"", false}, {"true", true}} {
		t.Setenv("CI", tc.ci)
		ft := &fatalTB{TB: t}
		done := make(chan struct{})
		go func() {
			defer close(done)
			Require(ft, "qmpdash-no-such-binary")
		}()
		<-done
		if ft.fatal != tc.wantFatal || ft.skipped == tc.wantFatal {
			t.Errorf("CI=%q: fatal=%v skipped=%v, want fatal=%v", tc.ci, ft.fatal, ft.skipped, tc.wantFatal)
		}
		if !strings.Contains(ft.msg, "qmpdash-no-such-binary") {
			t.Errorf("CI=%q: message %q does not name the binary", tc.ci, ft.msg)
		}
	}
}

func TestSocketDirFitsSunPath(t *testing.T) {
	t.Run(strings.Repeat("a-very-long-subtest-name-", 6), func(t *testing.T) {
		dir := SocketDir(t)
		if n := len(dir + "/qmp99.sock"); n > maxSocketPath {
			t.Errorf("socket path in %s is %d bytes, want <= %d", dir, n, maxSocketPath)
		}
		if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
			t.Errorf("SocketDir %s: %v", dir, err)
		}
	})
}

// readFirstLine connects to a UNIX socket and returns its first line.
func readFirstLine(t *testing.T, path string) string {
	t.Helper()
	conn, err := net.DialTimeout("unix", path, StartTimeout)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if err := conn.SetDeadline(time.Now().Add(StartTimeout)); err != nil {
		t.Fatal(err)
	}
	line, err := bufio.NewReader(conn).ReadString('\n')
	if err != nil {
		t.Fatalf("read %s: %v", path, err)
	}
	return line
}

// fatalTB records Fatal and Skip instead of ending the real test, and runs
// its own cleanups, so tests can watch the helpers fail. Use it from a
// goroutine of its own: Fatal and Skip end that goroutine.
type fatalTB struct {
	testing.TB
	mu       sync.Mutex
	fatal    bool
	skipped  bool
	msg      string
	cleanups []func()
}

func (f *fatalTB) Helper() {}

func (f *fatalTB) Cleanup(fn func()) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.cleanups = append(f.cleanups, fn)
}

func (f *fatalTB) runCleanups() {
	f.mu.Lock()
	fns := f.cleanups
	f.cleanups = nil
	f.mu.Unlock()
	for i := len(fns) - 1; i >= 0; i-- {
		fns[i]()
	}
}

func (f *fatalTB) Fatalf(format string, args ...any) {
	f.record(&f.fatal, format, args...)
}

func (f *fatalTB) Skipf(format string, args ...any) {
	f.record(&f.skipped, format, args...)
}

func (f *fatalTB) record(flag *bool, format string, args ...any) {
	f.mu.Lock()
	*flag = true
	f.msg = strings.TrimSpace(fmt.Sprintf(format, args...))
	f.mu.Unlock()
	runtime.Goexit()
}

// TestReaperFuncNamesTheReaper keeps ReaperFunc, which leak checks ignore,
// in step with the code.
func TestReaperFuncNamesTheReaper(t *testing.T) {
	QEMU(t)
	buf := make([]byte, 1<<20)
	stacks := string(buf[:runtime.Stack(buf, true)])
	if !strings.Contains(stacks, ReaperFunc+"(") {
		t.Errorf("no goroutine runs %s:\n%s", ReaperFunc, stacks)
	}
}
