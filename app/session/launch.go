package session

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/qmpdash/qmpdash/app/bell"
)

// QEMUProcess is a QEMU started by qmpdash with private monitor sockets. No
// shell is involved: the arguments go to the program as given. Relaunch
// starts it again, with the same arguments and sockets, after it exited.
// Its methods are safe for concurrent use.
type QEMUProcess struct {
	// Sockets are the QMP monitors added to the command line, in order.
	Sockets []string
	dir     string
	path    string
	args    []string // program arguments, monitors included
	stderr  *boundedBuffer

	mu  sync.Mutex
	run *qemuRun // the latest start
}

// qemuRun is one start of the process.
type qemuRun struct {
	cmd        *exec.Cmd
	stderrFrom int64 // where its stderr starts in the shared buffer
	exited     chan struct{}
	waitErr    error // how the process ended; read after exited is closed
}

// StartQEMU runs program with args plus monitors extra
// `-qmp unix:SOCK,server=on,wait=off` options whose sockets live in a fresh
// 0700 directory under $XDG_RUNTIME_DIR (else the temp directory), and
// waits until they accept connections. The process gets SIGKILL if qmpdash
// dies; Stop ends it and removes the sockets, and a directory a killed
// qmpdash left is removed by the next one that starts QEMU.
func StartQEMU(ctx context.Context, program string, args []string, monitors int) (*QEMUProcess, error) {
	path, err := exec.LookPath(program)
	if err != nil {
		return nil, fmt.Errorf("%s is not installed (on Debian: apt-get install qemu-system-x86): %w", program, err)
	}
	dir, err := makeLaunchDir()
	if err != nil {
		return nil, err
	}
	p := &QEMUProcess{dir: dir, path: path, stderr: &boundedBuffer{max: 64 << 10}}
	p.args = append([]string(nil), args...)
	for i := 0; i < monitors; i++ {
		sock := filepath.Join(dir, fmt.Sprintf("qmp%d.sock", i))
		p.Sockets = append(p.Sockets, sock)
		p.args = append(p.args, "-qmp", "unix:"+sock+",server=on,wait=off")
	}
	if err := p.start(ctx); err != nil {
		p.Stop()
		return nil, err
	}
	return p, nil
}

// Relaunch starts QEMU again with the same arguments and sockets once it
// has exited, and waits until its sockets accept connections; what it
// writes to stderr follows the earlier run's. It fails while QEMU runs.
func (p *QEMUProcess) Relaunch(ctx context.Context) error {
	if p.ExitStatus() == "" {
		return errors.New("QEMU is still running")
	}
	for _, sock := range p.Sockets {
		os.Remove(sock) // the dead run's: a new one must not be mistaken for it
	}
	if err := p.start(ctx); err != nil {
		p.kill()
		return err
	}
	return nil
}

// start runs the program once and waits for its sockets.
func (p *QEMUProcess) start(ctx context.Context) error {
	r := &qemuRun{cmd: exec.Command(p.path, p.args...), stderrFrom: p.stderr.total(), exited: make(chan struct{})}
	r.cmd.Stderr = p.stderr
	r.cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL, Setpgid: true}
	if err := r.cmd.Start(); err != nil {
		r.waitErr = err
		close(r.exited)
		p.setRun(r)
		return err
	}
	p.setRun(r)
	go func() {
		r.waitErr = r.cmd.Wait()
		close(r.exited)
		bell.Ring() // the strip shows the exit
	}()
	return p.waitForSockets(ctx, r)
}

func (p *QEMUProcess) setRun(r *qemuRun) {
	p.mu.Lock()
	p.run = r
	p.mu.Unlock()
}

func (p *QEMUProcess) current() *qemuRun {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.run
}

func (p *QEMUProcess) waitForSockets(ctx context.Context, r *qemuRun) error {
	deadline := time.Now().Add(10 * time.Second)
	for _, sock := range p.Sockets {
		for {
			if _, err := os.Stat(sock); err == nil {
				break
			}
			select {
			case <-r.exited:
				return fmt.Errorf("QEMU exited at start: %s", p.stderr.since(r.stderrFrom))
			case <-ctx.Done():
				return ctx.Err()
			case <-time.After(10 * time.Millisecond):
			}
			if time.Now().After(deadline) {
				return errors.New("QEMU did not create its monitor sockets within 10s")
			}
		}
	}
	return nil
}

// Stderr returns the end of what QEMU wrote to stderr.
func (p *QEMUProcess) Stderr() string { return p.stderr.String() }

// LastStderrLine returns the last line that is not blank of what the
// latest run wrote to stderr, cut to about 200 bytes; "" if none. An
// earlier run's output never counts. The text is QEMU's, unescaped.
func (p *QEMUProcess) LastStderrLine() string {
	out := strings.TrimRight(p.stderr.since(p.current().stderrFrom), "\r\n\t ")
	return clipText(strings.TrimSpace(out[strings.LastIndexByte(out, '\n')+1:]), 200)
}

// Exited is closed when the latest run has ended.
func (p *QEMUProcess) Exited() <-chan struct{} { return p.current().exited }

// Pid returns the process id of the latest run (0 if it did not start).
func (p *QEMUProcess) Pid() int {
	if r := p.current(); r.cmd.Process != nil {
		return r.cmd.Process.Pid
	}
	return 0
}

// StderrLen counts the bytes QEMU has written to stderr, including those
// the bounded buffer no longer holds; views poll it to redraw.
func (p *QEMUProcess) StderrLen() int64 { return p.stderr.total() }

// ExitStatus says how the latest run ended ("exit status 0", "exit status
// 1", "signal: killed"), or "" while it runs.
func (p *QEMUProcess) ExitStatus() string {
	r := p.current()
	select {
	case <-r.exited:
	default:
		return ""
	}
	if r.waitErr != nil {
		return r.waitErr.Error()
	}
	return "exit status 0"
}

// Stop ends QEMU (SIGTERM, then SIGKILL after two seconds), waits for it
// and removes its sockets. It is safe to call more than once.
func (p *QEMUProcess) Stop() {
	r := p.current()
	select {
	case <-r.exited:
	default:
		r.cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-r.exited:
		case <-time.After(2 * time.Second):
			p.kill()
		}
	}
	os.RemoveAll(p.dir)
}

// kill ends the latest run at once and waits for it.
func (p *QEMUProcess) kill() {
	r := p.current()
	if r.cmd.Process != nil {
		r.cmd.Process.Kill()
	}
	<-r.exited
}

// boundedBuffer keeps the last max bytes written to it.
type boundedBuffer struct {
	mu      sync.Mutex
	buf     []byte
	max     int
	written int64
}

func (b *boundedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.written += int64(len(p))
	b.buf = append(b.buf, p...)
	if over := len(b.buf) - b.max; over > 0 {
		b.buf = append(b.buf[:0], b.buf[over:]...)
	}
	bell.Ring() // the stderr pane shows it
	return len(p), nil
}

func (b *boundedBuffer) total() int64 {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.written
}

// since returns what was written from byte offset from on (counted as
// total counts) that the buffer still holds.
func (b *boundedBuffer) since(from int64) string {
	b.mu.Lock()
	defer b.mu.Unlock()
	held := int64(len(b.buf))
	skip := max(from-(b.written-held), 0)
	return string(b.buf[min(skip, held):])
}

func (b *boundedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return string(b.buf)
}
