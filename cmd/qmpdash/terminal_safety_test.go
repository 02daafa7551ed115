//go:build linux

package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/creack/pty"
	"github.com/qmpdash/qmpdash/qmp/qmptest"
)

// Every headless command runs against the hostile server with its stdout
// and stderr on a terminal (a pty) and, in process, on pipes; no control
// the server sent may come out as it was sent.

// headlessRuns are the command lines, with their stdin ("" for none).
func headlessRuns(sock, log string) []struct {
	name, stdin string
	args        []string
} {
	shellInput := "query-hostile\nquery-hostile-error\nhostile-cmd mode=zzz\nhmp info x\n"
	return []struct {
		name, stdin string
		args        []string
	}{
		{"exec return", "", []string{"exec", sock, "query-hostile"}},
		{"exec --pretty return", "", []string{"exec", "-p", "-v", sock, "query-hostile"}},
		{"exec error reply", "", []string{"exec", sock, "query-hostile-error"}},
		{"exec validation", "", []string{"exec", sock, "hostile-cmd", "mode=zzz"}},
		{"exec hmp", "", []string{"exec", sock, "hmp", "info", "x"}},
		{"shell piped", shellInput, []string{"shell", "-l", log, sock}},
		{"shell -H piped", "info x\n", []string{"shell", "-H", sock}},
		{"replay --diff", "", []string{"replay", "--diff", "--to", sock, log}},
		{"events", "", []string{"events", "--count", "1", sock}},
		{"docs", "", []string{"docs", sock, "hostile-cmd"}},
	}
}

func TestHeadlessCommandsKeepServerControlsOffThePipe(t *testing.T) {
	privateXDG(t)
	sock := hostileServer(t)
	log := filepath.Join(t.TempDir(), "hostile.jsonl")
	for _, r := range headlessRuns(sock, log) {
		_, stdout, stderr := runIn(t, r.stdin, r.args...)
		checkNoHostileControls(t, r.name+" (stdout+stderr on pipes)", []byte(stdout+stderr), true)
	}
}

func TestHeadlessCommandsKeepServerControlsOffTheTerminal(t *testing.T) {
	bin := binary(t)
	sock := hostileServer(t)
	dir := t.TempDir()
	log := filepath.Join(dir, "hostile.jsonl")
	for _, r := range headlessRuns(sock, log) {
		out := runOnPty(t, bin, dir, r.stdin, r.args...)
		checkNoHostileControls(t, r.name+" (on a terminal)", out, true)
	}
}

// TestInteractiveShellKeepsServerControlsOffTheTerminal types into the
// shell on a pty; the line editor draws with its own escapes, so only the
// server's controls (those before the marker) are looked for. The history
// file holds a line with controls: Up must not bring it back.
func TestInteractiveShellKeepsServerControlsOffTheTerminal(t *testing.T) {
	bin := binary(t)
	sock := hostileServer(t)
	dir := t.TempDir()
	state := filepath.Join(dir, "state", "qmpdash")
	if err := os.MkdirAll(state, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(state, "history"), []byte("query-status "+hostile+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	term := startOnPty(t, bin, dir, sock)
	term.waitFor("(QEMU)")
	term.write("\x1b[A") // Up: the hostile history line must not come back
	term.write("\x15")   // Ctrl-U clears whatever came
	for _, line := range []string{"query-hostile", "query-hostile-error", "hostile-cmd mode=zzz", "hmp info x"} {
		term.write(line + "\r")
	}
	term.write("query-status\r")
	term.waitFor(`"running":true`)
	term.write("\x04")
	out := term.exit()
	checkNoHostileControls(t, "interactive shell", out, false) // a recalled history line would show its OSC 52
}

// runOnPty runs the binary with stdout and stderr on a fresh pty and stdin
// from a pipe, in private XDG directories under dir, and returns every
// byte the terminal received.
func runOnPty(t *testing.T, bin, dir, stdin string, args ...string) []byte {
	t.Helper()
	ptmx, tty, err := pty.Open()
	if err != nil {
		t.Fatal(err)
	}
	defer ptmx.Close()
	cmd := exec.Command(bin, args...)
	cmd.Env = xdgEnv(dir)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = strings.NewReader(stdin), tty, tty
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	tty.Close()
	var out bytes.Buffer
	copied := make(chan struct{})
	go func() { io.Copy(&out, ptmx); close(copied) }() // ends with EIO when the child is gone
	cmd.Wait()
	<-copied
	return out.Bytes()
}

func xdgEnv(dir string) []string {
	return append(os.Environ(), "XDG_CACHE_HOME="+filepath.Join(dir, "cache"),
		"XDG_STATE_HOME="+filepath.Join(dir, "state"), "XDG_CONFIG_HOME="+filepath.Join(dir, "config"))
}

// ptyProcess is the binary running on a pty as its controlling terminal.
type ptyProcess struct {
	t      *testing.T
	cmd    *exec.Cmd
	ptmx   *os.File
	mu     sync.Mutex
	out    bytes.Buffer
	copied chan struct{}
	// exited is closed once the process has ended.
	exited chan struct{}
}

func startOnPty(t *testing.T, bin, dir string, args ...string) *ptyProcess {
	t.Helper()
	cmd := exec.Command(bin, append([]string{"shell"}, args...)...)
	cmd.Env = xdgEnv(dir)
	ptmx, err := pty.StartWithSize(cmd, &pty.Winsize{Rows: 40, Cols: 200})
	if err != nil {
		t.Fatal(err)
	}
	p := &ptyProcess{t: t, cmd: cmd, ptmx: ptmx, copied: make(chan struct{}), exited: make(chan struct{})}
	go func() {
		cmd.Wait()
		close(p.exited)
	}()
	t.Cleanup(func() {
		cmd.Process.Kill()
		p.wait()
	})
	go func() {
		buf := make([]byte, 4096)
		for {
			n, err := ptmx.Read(buf)
			p.mu.Lock()
			p.out.Write(buf[:n])
			p.mu.Unlock()
			if err != nil {
				close(p.copied)
				return
			}
		}
	}()
	return p
}

func (p *ptyProcess) write(s string) {
	if _, err := p.ptmx.Write([]byte(s)); err != nil {
		p.t.Fatal(err)
	}
}

// waitFor polls the output until it holds text, with a deadline.
func (p *ptyProcess) waitFor(text string) {
	p.t.Helper()
	found := false
	defer func() {
		if !found {
			p.mu.Lock()
			defer p.mu.Unlock()
			p.t.Logf("the terminal:\n%q", p.out.Bytes())
		}
	}()
	qmptest.Eventually(p.t, fmt.Sprintf("%q on the terminal", text), func() bool {
		p.mu.Lock()
		defer p.mu.Unlock()
		found = bytes.Contains(p.out.Bytes(), []byte(text))
		return found
	})
}

// exit waits for the process to end by itself, as it should on what the
// test typed, and returns all it wrote; it fails the test, showing the
// terminal, if the process is still running after qmptest.WaitTimeout
// (the cleanup then kills it): a hang is reported, not left to the
// package's timeout.
func (p *ptyProcess) exit() []byte {
	p.t.Helper()
	select {
	case <-p.exited:
		return p.wait()
	case <-time.After(qmptest.WaitTimeout):
		p.mu.Lock()
		defer p.mu.Unlock()
		p.t.Fatalf("the process did not exit within %v; the terminal:\n%q", qmptest.WaitTimeout, p.out.Bytes())
		return nil
	}
}

// wait waits for the process to exit and returns all it wrote.
func (p *ptyProcess) wait() []byte {
	<-p.exited
	<-p.copied
	p.ptmx.Close()
	p.mu.Lock()
	defer p.mu.Unlock()
	return bytes.Clone(p.out.Bytes())
}
