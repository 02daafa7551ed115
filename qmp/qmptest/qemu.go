//go:build linux

package qmptest

import (
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// Names of the real programs the helpers below start.
const (
	QEMUBinary          = "qemu-system-x86_64"
	GuestAgentBinary    = "qemu-ga"
	StorageDaemonBinary = "qemu-storage-daemon"
)

// StartTimeout bounds the wait for a started program's socket to appear and
// for a killed program to be reaped.
const StartTimeout = 10 * time.Second

// ReaperFunc is the function whose goroutine waits for a started program to
// exit. It lives as long as the program, so leak checks that run while a
// Process is alive should ignore it (goleak.IgnoreAnyFunction(ReaperFunc)).
const ReaperFunc = "github.com/qmpdash/qmpdash/qmp/qmptest.(*Process).reap"

// maxSocketPath keeps socket paths under the kernel's sun_path limit (108
// bytes including the terminating NUL), with room for the socket's name.
const maxSocketPath = 100

// Process is a real program started for one test. It is killed and reaped
// when the test ends, whether it passed, failed or called t.Fatal, and its
// sockets live in a temp dir removed after it is gone.
type Process struct {
	// Socket is the first monitor socket's path (the agent's socket for
	// GuestAgent).
	Socket string
	// Sockets lists every monitor socket, Socket first.
	Sockets []string
	// Dir is the process's private temp dir, which holds its sockets.
	Dir string
	// Cmd is the started command. Do not call Cmd.Wait (a goroutine of
	// the helper does): use Exited, ExitErr or Kill.
	Cmd *exec.Cmd

	stderrPath string
	exited     chan struct{}
	waitErr    error // set before exited is closed
	killOnce   sync.Once
}

// Require returns the path of binary, looked up in $PATH and then in
// /usr/sbin and /sbin (where Debian installs qemu-ga). When it is missing the
// test is skipped with a message saying what to install, unless the CI
// environment variable is set: in CI a missing binary fails the test.
func Require(t testing.TB, binary string) string {
	t.Helper()
	return RequireFrom(t, binary, "qemu-system-x86 qemu-utils qemu-guest-agent")
}

// RequireFrom is Require for a program from other Debian packages, which
// the skip or failure message names.
func RequireFrom(t testing.TB, binary, debianPackages string) string {
	t.Helper()
	if p, err := exec.LookPath(binary); err == nil {
		return p
	}
	for _, dir := range []string{"/usr/sbin", "/sbin"} {
		p := filepath.Join(dir, binary)
		if fi, err := os.Stat(p); err == nil && fi.Mode().IsRegular() && fi.Mode()&0o111 != 0 {
			return p
		}
	}
	msg := fmt.Sprintf("%s not found in $PATH, /usr/sbin or /sbin "+
		"(Debian: apt-get install %s)", binary, debianPackages)
	if os.Getenv("CI") != "" {
		t.Fatalf("qmptest: %s; CI is set, so integration tests must not be skipped", msg)
	}
	t.Skipf("qmptest: %s; skipping (set CI=1 to make this a failure)", msg)
	return ""
}

// QEMU starts qemu-system-x86_64 with no machine, no devices and no guest
// (-machine none -nodefaults -display none -S) and one QMP monitor on a UNIX
// socket in a temp dir, plus any extra arguments. It returns once the socket
// exists; the process is killed and reaped when the test ends. It skips or
// fails the test as Require does when QEMU is not installed.
func QEMU(t testing.TB, extra ...string) *Process {
	t.Helper()
	return QEMUWithMonitors(t, 1, extra...)
}

// QEMUWithMonitors is QEMU with n separate QMP monitors, each on its own
// socket (Process.Sockets, in order), for tests that need a second monitor
// of the same QEMU.
func QEMUWithMonitors(t testing.TB, n int, extra ...string) *Process {
	t.Helper()
	args := append([]string{"-machine", "none", "-nodefaults", "-display", "none", "-S"}, extra...)
	return QEMUIn(t, SocketDir(t), n, args...)
}

// QEMUIn starts qemu-system-x86_64 with the caller's whole command line
// (none of QEMU's defaults above) plus n QMP monitors on sockets in dir
// (qmp.sock, qmp1.sock, ...), for tests that boot a machine and keep
// other files, such as a console log, in the same dir (from SocketDir).
// It returns once the sockets listen; the process is killed and reaped
// when the test ends.
func QEMUIn(t testing.TB, dir string, n int, args ...string) *Process {
	t.Helper()
	if n < 1 {
		t.Fatalf("qmptest: QEMU needs at least one monitor, got %d", n)
	}
	bin := Require(t, QEMUBinary)
	args = append([]string(nil), args...)
	var socks []string
	for i := range n {
		sock := filepath.Join(dir, "qmp.sock")
		if i > 0 {
			sock = filepath.Join(dir, "qmp"+strconv.Itoa(i)+".sock")
		}
		socks = append(socks, sock)
		args = append(args, "-qmp", "unix:"+sock+",server=on,wait=off")
	}
	return start(t, dir, socks, bin, args...)
}

// GuestAgent starts qemu-ga on the host, listening on a UNIX socket in a
// temp dir, with its state dir and pid file in that dir too. It returns once
// the socket exists; the agent is killed and reaped when the test ends.
func GuestAgent(t testing.TB) *Process {
	t.Helper()
	bin := Require(t, GuestAgentBinary)
	dir := SocketDir(t)
	sock := filepath.Join(dir, "qga.sock")
	return start(t, dir, []string{sock}, bin,
		"--method", "unix-listen", "--path", sock,
		"--statedir", dir, "--pidfile", filepath.Join(dir, "qga.pid"))
}

// StorageDaemon starts qemu-storage-daemon with one QMP monitor on a UNIX
// socket in a temp dir. It returns once the socket exists; the daemon is
// killed and reaped when the test ends.
func StorageDaemon(t testing.TB) *Process {
	t.Helper()
	bin := Require(t, StorageDaemonBinary)
	dir := SocketDir(t)
	sock := filepath.Join(dir, "qsd.sock")
	return start(t, dir, []string{sock}, bin,
		"--chardev", "socket,path="+sock+",server=on,wait=off,id=m", "--monitor", "chardev=m")
}

// Signal sends sig to the process (for example SIGSTOP to freeze it, or
// SIGCONT to thaw it). Sending to a process that has exited is an error.
func (p *Process) Signal(sig os.Signal) error {
	select {
	case <-p.exited:
		return os.ErrProcessDone
	default:
	}
	return p.Cmd.Process.Signal(sig)
}

// Kill sends SIGKILL and waits until the process is reaped (at most
// StartTimeout). It is safe to call more than once and after the process
// exited on its own.
func (p *Process) Kill() error {
	p.killOnce.Do(func() {
		// ErrProcessDone is fine: it exited already and the reaper has it.
		_ = p.Cmd.Process.Signal(syscall.SIGKILL)
	})
	select {
	case <-p.exited:
		return nil
	case <-time.After(StartTimeout):
		return fmt.Errorf("qmptest: %s (pid %d) not reaped %v after SIGKILL",
			filepath.Base(p.Cmd.Path), p.Cmd.Process.Pid, StartTimeout)
	}
}

// Exited is closed once the process has exited and been reaped.
func (p *Process) Exited() <-chan struct{} { return p.exited }

// ExitErr returns the process's exit status (as exec.Cmd.Wait reports it)
// once Exited is closed, and nil before.
func (p *Process) ExitErr() error {
	select {
	case <-p.exited:
		return p.waitErr
	default:
		return nil
	}
}

// Stderr returns what the process has written to its standard error so far
// (the last 8 KiB), for failure messages.
func (p *Process) Stderr() string {
	const keep = 8 << 10
	f, err := os.Open(p.stderrPath)
	if err != nil {
		return fmt.Sprintf("(stderr unavailable: %v)", err)
	}
	defer f.Close()
	if fi, err := f.Stat(); err == nil && fi.Size() > keep {
		if _, err := f.Seek(-keep, io.SeekEnd); err != nil {
			return fmt.Sprintf("(stderr unavailable: %v)", err)
		}
	}
	b, err := io.ReadAll(f)
	if err != nil {
		return fmt.Sprintf("(stderr unavailable: %v)", err)
	}
	return string(b)
}

// start runs bin in dir, registers its cleanup, and waits for every socket.
func start(t testing.TB, dir string, sockets []string, bin string, args ...string) *Process {
	t.Helper()
	stderrPath := filepath.Join(dir, "stderr.log")
	stderr, err := os.Create(stderrPath)
	if err != nil {
		t.Fatalf("qmptest: %v", err)
	}
	defer stderr.Close() // the child has its own copy
	cmd := exec.Command(bin, args...)
	cmd.Dir = dir
	// A file, not a buffer, so exec starts no copying goroutine, and the
	// output survives the process for failure messages.
	cmd.Stderr = stderr
	cmd.Stdout = stderr
	// Pdeathsig kills the child even when the test binary itself dies
	// (a go test -timeout panic, say), so nothing outlives the run. It
	// fires when the forking thread exits; the Go runtime keeps its
	// threads, so in practice that is when the process dies.
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	if err := cmd.Start(); err != nil {
		t.Fatalf("qmptest: start %s: %v", bin, err)
	}
	p := &Process{Socket: sockets[0], Sockets: sockets, Dir: dir, Cmd: cmd,
		stderrPath: stderrPath, exited: make(chan struct{})}
	go p.reap()
	t.Cleanup(func() {
		if err := p.Kill(); err != nil {
			t.Error(err)
		}
		if out := p.Stderr(); t.Failed() && out != "" {
			t.Logf("qmptest: stderr of %s:\n%s", filepath.Base(bin), out)
		}
	})
	for _, s := range sockets {
		if err := p.waitForSocket(s, StartTimeout); err != nil {
			t.Fatalf("qmptest: %s %q: %v\nstderr:\n%s", filepath.Base(bin), args, err, p.Stderr())
		}
	}
	return p
}

// reap waits for the process and records its exit status.
func (p *Process) reap() {
	p.waitErr = p.Cmd.Wait()
	close(p.exited)
}

// waitForSocket polls until path is a listening UNIX socket. It looks
// rather than connects, because a probe connection would be taken by the
// monitor as a client; and it checks /proc/net/unix for the listening flag
// because the file exists from bind(2), a moment before listen(2).
func (p *Process) waitForSocket(path string, timeout time.Duration) error {
	deadline := time.Now().Add(timeout)
	tick := time.NewTicker(2 * time.Millisecond)
	defer tick.Stop()
	for {
		fi, err := os.Stat(path)
		if err == nil && fi.Mode()&os.ModeSocket != 0 && listening(path) {
			return nil
		}
		if err != nil && !errors.Is(err, os.ErrNotExist) {
			return err
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("socket %s did not appear within %v", path, timeout)
		}
		select {
		case <-p.exited:
			return fmt.Errorf("exited before creating %s: %v", path, p.waitErr)
		case <-tick.C:
		}
	}
}

// listening reports whether /proc/net/unix shows a listening socket bound
// to path. Where /proc is unavailable it trusts the file's existence.
func listening(path string) bool {
	b, err := os.ReadFile("/proc/net/unix")
	if err != nil {
		return true
	}
	// Columns: Num RefCount Protocol Flags Type St Inode Path; Flags has
	// __SO_ACCEPTCON (0x10000) set on listening sockets.
	for _, line := range strings.Split(string(b), "\n") {
		f := strings.Fields(line)
		if len(f) == 8 && f[7] == path {
			flags, err := strconv.ParseUint(f[3], 16, 32)
			if err == nil && flags&0x10000 != 0 {
				return true
			}
		}
	}
	return false
}

// SocketDir returns a fresh private dir in which a socket path (of a name up
// to 10 bytes) fits the kernel's sun_path limit: t.TempDir() when it is
// short enough, else a dir directly under the system temp dir. Either way it
// is removed when the test ends.
func SocketDir(t testing.TB) string {
	t.Helper()
	dir := t.TempDir()
	if len(dir)+len("/qmp99.sock") <= maxSocketPath {
		return dir
	}
	dir, err := os.MkdirTemp("", "qmpdash")
	if err != nil {
		t.Fatalf("qmptest: %v", err)
	}
	t.Cleanup(func() {
		if err := os.RemoveAll(dir); err != nil {
			t.Errorf("qmptest: remove %s: %v", dir, err)
		}
	})
	return dir
}

// FreeTCPPort returns a TCP port on 127.0.0.1 that was free a moment ago,
// for a server about to be told to listen on it.
func FreeTCPPort(t testing.TB) int {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("qmptest: %v", err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}
