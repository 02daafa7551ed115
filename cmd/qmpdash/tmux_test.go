//go:build linux

package main

import (
	"fmt"
	"github.com/qmpdash/qmpdash/app/transport/libvirt/libvirttest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/qmpdash/qmpdash/app/guest"
	"github.com/qmpdash/qmpdash/app/guest/guesttest"
	"github.com/qmpdash/qmpdash/qmp/qmptest"
)

// End-to-end tests drive the real binary in tmux, as a user would: keys in
// with send-keys, the screen out with capture-pane.

var (
	buildOnce sync.Once
	binPath   string
	buildErr  error
)

// TestMain removes the binary built for the tmux tests, and stops the
// libvirt daemons the libvirt tests started, if any.
func TestMain(m *testing.M) {
	code := libvirttest.Main(m)
	if binPath != "" {
		os.RemoveAll(filepath.Dir(binPath))
	}
	os.Exit(code)
}

// binary builds qmpdash once per test run.
func binary(t *testing.T) string {
	t.Helper()
	buildOnce.Do(func() {
		dir, err := os.MkdirTemp("", "qmpdash-bin")
		if err != nil {
			buildErr = err
			return
		}
		binPath = filepath.Join(dir, "qmpdash")
		out, err := exec.Command("go", "build", "-o", binPath, ".").CombinedOutput()
		if err != nil {
			buildErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return binPath
}

// tmux is one detached tmux server running one command.
type tmux struct {
	t      *testing.T
	socket string
	// pane is the pid of the pane's process, the command under test.
	pane int
	// runtime is the command's XDG_RUNTIME_DIR, where a dashboard shares
	// its monitors.
	runtime string
}

// startTmux runs the command line in a detached 160x40 tmux session with
// private XDG directories; the server is killed at cleanup.
func startTmux(t *testing.T, args ...string) *tmux {
	t.Helper()
	return startTmuxConfig(t, "", args...)
}

// startTmuxConfig is startTmux with config, if not empty, as config.toml in
// the private XDG config directory.
func startTmuxConfig(t *testing.T, config string, args ...string) *tmux {
	t.Helper()
	qmptest.Require(t, "tmux")
	dir := t.TempDir()
	if config != "" {
		path := filepath.Join(dir, "config", "qmpdash", "config.toml")
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(config), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// The runtime dir is short: the status bar shows the private socket
	// of a launched QEMU, made there, in full.
	runtime, err := os.MkdirTemp("", "qr")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(runtime) }) // after the command is gone (cleanups run last first)
	tm := &tmux{t: t, socket: fmt.Sprintf("qmpdash-test-%d-%d", os.Getpid(), time.Now().UnixNano()), runtime: runtime}
	env := []string{"env", "XDG_STATE_HOME=" + filepath.Join(dir, "state"), "XDG_CACHE_HOME=" + filepath.Join(dir, "cache"),
		"XDG_CONFIG_HOME=" + filepath.Join(dir, "config"), "XDG_RUNTIME_DIR=" + tm.runtime, "TERM=xterm-256color"}
	cmd := append([]string{"-L", tm.socket, "new-session", "-d", "-x", "160", "-y", "40"}, strings.Join(quoteAll(append(env, args...)), " "))
	if out, err := exec.Command("tmux", cmd...).CombinedOutput(); err != nil {
		t.Fatalf("tmux new-session: %v\n%s", err, out)
	}
	out, err := exec.Command("tmux", "-L", tm.socket, "display-message", "-p", "#{pane_pid} #{socket_path}").Output()
	var socketPath string
	if _, serr := fmt.Sscanf(string(out), "%d %s", &tm.pane, &socketPath); err != nil || serr != nil {
		t.Fatalf("tmux pane pid and socket: %v %v (%q)", err, serr, out)
	}
	// The command under test may still write to dir as it exits on the
	// hang-up: wait for it (and what it started) before dir is removed.
	t.Cleanup(func() {
		tree := processTree(tm.pane)
		exec.Command("tmux", "-L", tm.socket, "kill-server").Run()
		os.Remove(socketPath) // a killed tmux server leaves it in /tmp/tmux-UID
		qmptest.Eventually(t, "the processes of the tmux pane to end", func() bool { return !anyRunning(tree) })
	})
	return tm
}

func quoteAll(args []string) []string {
	out := make([]string, len(args))
	for i, a := range args {
		out[i] = "'" + strings.ReplaceAll(a, "'", `'\''`) + "'"
	}
	return out
}

// keys sends tmux key names or literal text (send-keys semantics).
func (tm *tmux) keys(keys ...string) {
	tm.t.Helper()
	if out, err := exec.Command("tmux", append([]string{"-L", tm.socket, "send-keys"}, keys...)...).CombinedOutput(); err != nil {
		tm.t.Fatalf("send-keys %q: %v\n%s", keys, err, out)
	}
}

// screen returns the visible pane.
func (tm *tmux) screen() string {
	out, _ := exec.Command("tmux", "-L", tm.socket, "capture-pane", "-p").Output()
	return string(out)
}

// waitFor polls the screen until cond holds, failing with the last screen
// after the deadline.
func (tm *tmux) waitFor(what string, cond func(screen string) bool) string {
	tm.t.Helper()
	return tm.waitWithin(10*time.Second, what, cond)
}

// waitWithin is waitFor with a deadline of its own, for what a booting
// guest does.
func (tm *tmux) waitWithin(d time.Duration, what string, cond func(screen string) bool) string {
	tm.t.Helper()
	var s string
	ok := false
	defer func() {
		if !ok {
			tm.t.Logf("screen:\n%s", s)
		}
	}()
	qmptest.EventuallyWithin(tm.t, d, what, func() bool { s = tm.screen(); ok = cond(s); return ok })
	return s
}

// waitText waits until the screen contains text.
func (tm *tmux) waitText(text string) string {
	tm.t.Helper()
	return tm.waitFor(fmt.Sprintf("%q", text), func(s string) bool { return strings.Contains(s, text) })
}

// exited reports whether the command in the pane has ended (tmux then
// closes the session and the server).
func (tm *tmux) exited() bool {
	return exec.Command("tmux", "-L", tm.socket, "has-session").Run() != nil
}

func TestInteractiveShellInTmux(t *testing.T) {
	p := qmptest.QEMUWithMonitors(t, 2)
	tm := startTmux(t, binary(t), "shell", p.Sockets[0])
	tm.waitText("(QEMU)")
	tm.keys("query-stat", "Tab", "u", "Tab", "Enter")
	tm.waitText(`"status":"prelaunch"`)
	// An event arrives while a command is half typed: it prints above the
	// prompt at once, and the typed text survives.
	tm.keys("query-")
	driver := dialT(t, p.Sockets[1])
	if _, err := driver.Execute(ctxFor(t), "cont", nil); err != nil {
		t.Fatal(err)
	}
	s := tm.waitText(`"event":"RESUME"`)
	if !strings.Contains(s, "(QEMU) query-") {
		t.Fatalf("the half-typed line was lost:\n%s", s)
	}
	tm.keys("C-u", "C-d")
	tm.waitFor("exit on Ctrl-D", func(string) bool { return tm.exited() })
}

func TestDashboardInTmux(t *testing.T) {
	p := qmptest.QEMU(t)
	tm := startTmux(t, binary(t), p.Socket)
	tm.waitText("● connected")
	tm.waitText("prelaunch")
	// A VM started with -S has not run yet: cont first, so stop is a
	// real STOP.
	tm.keys("cont", "Enter")
	tm.waitText("RESUME")
	tm.keys("stop", "Enter")
	// tmux may capture a frame half drawn: wait for all three.
	tm.waitFor("stop ok, the STOP event and the paused run state", func(s string) bool {
		return strings.Count(s, " ok ") >= 2 && strings.Contains(s, "STOP") && strings.Contains(s, "paused")
	})
	// Filter STOP out: it vanishes from the event pane.
	// Escape alone: a key right behind it would arrive as Alt+key. The
	// focused pane's border turns double when the event pane has focus.
	tm.keys("Escape")
	tm.waitText("╔")
	tm.keys("/")
	tm.waitText("Event filter")
	tm.keys("!STOP", "Enter")
	tm.waitFor("STOP filtered out", func(s string) bool {
		return !strings.Contains(eventPane(s), "STOP") && strings.Contains(eventPane(s), "RESUME")
	})
	// Cycle the detail view's modes.
	tm.keys("v")
	tm.waitText("· raw")
	tm.keys("v")
	tm.waitText("· condensed")
	// q quits from a pane, leaving the terminal usable.
	tm.keys("q")
	tm.waitFor("the dashboard to exit", func(string) bool { return tm.exited() })
}

// eventPane is the left half of the top rows, where the events are.
func eventPane(screen string) string {
	var b strings.Builder
	for i, line := range strings.Split(screen, "\n") {
		if i > 0 && i < 25 {
			r := []rune(line)
			b.WriteString(string(r[:min(len(r), 80)]) + "\n")
		}
	}
	return b.String()
}

// TestDemoInTmux runs the demo as a user would: its first frame shows
// the VMs, the mirror job runs and is asked after, and guest events come
// without a key pressed; the guest agent VM answers from inside its
// guest; the layouts and a broadcast work; quitting leaves nothing behind.
func TestDemoInTmux(t *testing.T) {
	img := guesttest.Image(t) // built once into the user's cache, which the demo then reads
	tm := startTmux(t, binary(t), "demo", "--guest-cache", guest.CacheDir())
	tm.waitFor("the demo VMs", func(s string) bool {
		return strings.Contains(s, "1 web") && strings.Contains(s, "2 db") && strings.Contains(s, "3 batch") &&
			strings.Contains(s, "4 batch-in")
	})
	procs := demoProcesses(t, tm.pane)
	if len(procs) != 4 {
		t.Fatalf("want 4 demo QEMUs, found %v", procs)
	}
	tm.waitWithin(guesttest.BootTimeout, "the mirror job running and asked after", func(s string) bool {
		return strings.Contains(s, "JOB_STATUS_CHANGE") && strings.Contains(s, "status=running id=mirror0") &&
			strings.Contains(s, "query-block-jobs")
	})
	tm.keys("Escape")
	tm.waitText("╔")
	tm.keys("a") // every VM's events
	tm.waitWithin(guesttest.BootTimeout, "events from the guests", func(s string) bool {
		return strings.Contains(s, "RTC_CHANGE") && strings.Contains(s, "BALLOON_CHANGE")
	})
	tm.keys("a")
	// Five VMs' tabs do not all fit in the strip at 160 columns: the
	// overview's tiles show every VM.
	tm.keys("L", "L")
	tm.waitWithin(guesttest.BootTimeout, "the guest agent, once its guest is up", func(s string) bool { return strings.Contains(s, "web-agent") })
	tm.keys("L")
	tm.waitText("tabs")
	tm.keys(":")
	tm.keys(":vm web-agent", "Enter")
	tm.waitText("guest agent")
	tm.keys("guest-get-osinfo", "Enter")
	tm.waitFor("the guest's kernel release", func(s string) bool {
		return strings.Contains(s, `"kernel-release": "`+img.KernelRelease+`"`)
	})
	tm.keys("Escape")
	tm.waitText("╔")
	tm.keys(":")
	tm.keys(":vm web", "Enter")
	tm.waitText("Events · web ")
	tm.keys("Escape")
	tm.waitText("╔")
	tm.keys("L") // split: each VM with its own panes
	tm.waitFor("the split layout", func(s string) bool {
		return strings.Contains(s, "Events · web") && strings.Contains(s, "Events · db") && strings.Contains(s, "Events · batch")
	})
	tm.keys("L") // overview: one tile per VM
	tm.waitFor("the overview", func(s string) bool {
		return strings.Contains(s, "overview") && strings.Contains(s, "1 web ◀") && strings.Contains(s, "ev/s")
	})
	tm.keys("L") // back to tabs
	tm.waitText("tabs")
	for range 2 { // mark web, db and batch; not the agent, which has no query-status
		tm.keys("Space", "]")
	}
	tm.keys("Space")
	tm.waitText("3 marked VMs")
	tm.keys(":")
	tm.keys("query-status", "Enter")
	tm.waitFor("one result per VM", func(s string) bool {
		n := 0
		for _, line := range strings.Split(s, "\n") {
			for _, vm := range []string{"web ", "db ", "batch "} {
				if strings.Contains(line, "│"+vm) && strings.Contains(line, " ok ") && strings.Contains(line, "status=") {
					n++
				}
			}
		}
		return strings.Contains(s, "Broadcast query-status · 3 VMs") && n == 3
	})
	tm.keys("Escape")
	tm.waitText("╔")
	tm.keys("q")
	tm.waitText("Quit and stop the 4 QEMUs qmpdash started:")
	tm.keys("y")
	tm.waitFor("the demo to exit", func(string) bool { return tm.exited() })
	for _, p := range procs {
		if _, err := os.Stat(fmt.Sprintf("/proc/%d", p.pid)); err == nil {
			t.Errorf("the demo left QEMU pid %d running", p.pid)
		}
		for _, dir := range []string{p.sockDir, p.fileDir} {
			if _, err := os.Stat(dir); dir == "" || !os.IsNotExist(err) {
				t.Errorf("the demo left %q behind", dir)
			}
		}
	}
}

// demoProcess is a QEMU the demo started.
type demoProcess struct {
	pid     int
	sockDir string
	// fileDir holds the guest's console file, disks and agent socket.
	fileDir string
}

// demoProcesses finds the demo's QEMUs by the guest names it gives them,
// with the directory of their monitor sockets.
func demoProcesses(t *testing.T, demo int) []demoProcess {
	t.Helper()
	var out []demoProcess
	for _, pid := range processTree(demo) {
		raw, err := os.ReadFile(fmt.Sprintf("/proc/%d/cmdline", pid))
		if err != nil || !strings.Contains(string(raw), "qmpdash-demo-") {
			continue
		}
		p := demoProcess{pid: pid}
		for _, arg := range strings.Split(string(raw), "\x00") {
			if sock, ok := strings.CutPrefix(arg, "unix:"); ok {
				p.sockDir = filepath.Dir(strings.Split(sock, ",")[0])
			}
			if console, ok := strings.CutPrefix(arg, "file:"); ok {
				p.fileDir = filepath.Dir(console)
			}
		}
		out = append(out, p)
	}
	return out
}

func TestLaunchAndAttachInTmux(t *testing.T) {
	qmptest.Require(t, "qemu-system-x86_64")
	// +vmx makes TCG print a warning on stderr: the pane must show it.
	tm := startTmux(t, binary(t), "--", "qemu-system-x86_64", "-machine", "pc", "-accel", "tcg", "-m", "64",
		"-nodefaults", "-display", "none", "-S", "-cpu", "qemu64,+vmx", "-name", "guest=attached,debug-threads=on")
	s := tm.waitFor("the launched VM", func(s string) bool {
		// The run state comes with the first query-status's reply, just
		// after the connection.
		return strings.Contains(s, "● connected") && strings.Contains(s, "attached") && strings.Contains(s, "QEMU stderr · pid") &&
			strings.Contains(s, "doesn't support requested feature") && strings.Contains(s, "prelaunch")
	})
	sock := ""
	for _, f := range strings.Fields(s) {
		if strings.HasSuffix(f, "qmp0.sock") {
			sock = f
		}
	}
	if sock == "" {
		t.Fatalf("no private socket in the status bar:\n%s", s)
	}
	var pid int
	for _, line := range strings.Split(s, "\n") {
		if i := strings.Index(line, "QEMU stderr · pid "); i >= 0 {
			fmt.Sscanf(line[i+len("QEMU stderr · pid "):], "%d", &pid)
		}
	}
	tm.keys("Escape")
	tm.waitText("╔")
	// Quitting would stop the QEMU: it asks first, and n stays.
	tm.keys("q")
	tm.waitText("Quit and stop the QEMU qmpdash started: attached?")
	tm.keys("n")
	tm.waitFor("the dialog closed", func(s string) bool { return !strings.Contains(s, "Quit and stop") })
	if _, err := os.Stat(fmt.Sprintf("/proc/%d", pid)); pid == 0 || err != nil || tm.exited() {
		t.Fatalf("n did not stay: QEMU pid %d: %v", pid, err)
	}
	tm.keys("q")
	tm.waitText("Quit and stop the QEMU qmpdash started: attached?")
	tm.keys("y")
	tm.waitFor("the dashboard to exit", func(string) bool { return tm.exited() })
	if _, err := os.Stat(fmt.Sprintf("/proc/%d", pid)); pid == 0 || err == nil {
		t.Errorf("QEMU (pid %d) still runs after the dashboard quit", pid)
	}
	if _, err := os.Stat(filepath.Dir(sock)); !os.IsNotExist(err) {
		t.Errorf("the private socket directory %s was left behind", filepath.Dir(sock))
	}
}

func TestShellConfirmsDestructiveCommands(t *testing.T) {
	p := qmptest.QEMU(t)
	tm := startTmux(t, binary(t), "shell", p.Socket)
	tm.waitText("(QEMU)")
	tm.keys("quit", "Enter")
	tm.waitText("Send quit to " + p.Socket + "? It cannot be undone. [y/N]")
	tm.keys("n", "Enter")
	tm.waitText("not sent")
	select {
	case <-p.Exited():
		t.Fatal("QEMU quit although the user said no")
	default:
	}
	tm.keys("quit", "Enter")
	tm.waitText("[y/N]")
	tm.keys("y", "Enter")
	select {
	case <-p.Exited():
	case <-time.After(10 * time.Second):
		t.Fatal("QEMU did not quit after the user confirmed")
	}
}

func TestConfigMacroInTmux(t *testing.T) {
	p := qmptest.QEMU(t)
	config := "# the user's own file\n[[macro]]\nkey = \"f5\"   # one key, one command\nrun = \"query-status\"\n"
	tm := startTmuxConfig(t, config, binary(t), p.Socket)
	tm.waitText("● connected")
	tm.keys("F5")
	// The command log's row: QEMU answered the command the key sent.
	tm.waitFor("query-status ok in the command log", func(s string) bool {
		for _, line := range strings.Split(s, "\n") {
			if strings.Contains(line, "query-status") && strings.Contains(line, " ok ") {
				return true
			}
		}
		return false
	})
}
