package app

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"syscall"
	"time"
)

// QEMUProcess is a QEMU started by qmpdash with private monitor sockets. No
// shell is involved: the arguments go to the program as given.
type QEMUProcess struct {
	// Sockets are the QMP monitors added to the command line, in order.
	Sockets []string
	dir     string
	cmd     *exec.Cmd
	stderr  *boundedBuffer
	exited  chan struct{}
	waitErr error // how the process ended; read after exited is closed
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
	p := &QEMUProcess{dir: dir, stderr: &boundedBuffer{max: 64 << 10}, exited: make(chan struct{})}
	args = append([]string(nil), args...)
	for i := 0; i < monitors; i++ {
		sock := filepath.Join(dir, fmt.Sprintf("qmp%d.sock", i))
		p.Sockets = append(p.Sockets, sock)
		args = append(args, "-qmp", "unix:"+sock+",server=on,wait=off")
	}
	p.cmd = exec.Command(path, args...)
	p.cmd.Stderr = p.stderr
	p.cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL, Setpgid: true}
	if err := p.cmd.Start(); err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	go func() { p.waitErr = p.cmd.Wait(); close(p.exited) }()
	if err := p.waitForSockets(ctx); err != nil {
		p.Stop()
		return nil, err
	}
	return p, nil
}

func (p *QEMUProcess) waitForSockets(ctx context.Context) error {
	deadline := time.Now().Add(10 * time.Second)
	for _, sock := range p.Sockets {
		for {
			if _, err := os.Stat(sock); err == nil {
				break
			}
			select {
			case <-p.exited:
				return fmt.Errorf("QEMU exited at start: %s", p.Stderr())
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

// Exited is closed when the process has ended.
func (p *QEMUProcess) Exited() <-chan struct{} { return p.exited }

// Pid returns the process id.
func (p *QEMUProcess) Pid() int { return p.cmd.Process.Pid }

// StderrLen counts the bytes QEMU has written to stderr, including those
// the bounded buffer no longer holds; views poll it to redraw.
func (p *QEMUProcess) StderrLen() int64 { return p.stderr.total() }

// ExitStatus says how the process ended ("exit status 1", "signal:
// killed", "exited"), or "" while it runs.
func (p *QEMUProcess) ExitStatus() string {
	select {
	case <-p.exited:
	default:
		return ""
	}
	if p.waitErr != nil {
		return p.waitErr.Error()
	}
	return "exited"
}

// Stop ends QEMU (SIGTERM, then SIGKILL after two seconds), waits for it
// and removes its sockets. It is safe to call more than once.
func (p *QEMUProcess) Stop() {
	select {
	case <-p.exited:
	default:
		p.cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-p.exited:
		case <-time.After(2 * time.Second):
			p.cmd.Process.Kill()
			<-p.exited
		}
	}
	os.RemoveAll(p.dir)
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
	return len(p), nil
}

func (b *boundedBuffer) total() int64 {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.written
}

func (b *boundedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return string(b.buf)
}
