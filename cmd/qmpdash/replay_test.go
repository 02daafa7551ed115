//go:build linux

package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/qmpdash/qmpdash/qmp/qmptest"
	"github.com/qmpdash/qmpdash/views/headless"
)

func TestReplayCommandReplaysAShellLog(t *testing.T) {
	privateXDG(t)
	p := qmptest.QEMU(t)
	log := filepath.Join(t.TempDir(), "shell.jsonl")
	if code, _, errOut := runIn(t, "cont\nstop\ndevice_del id=nope\n", "shell", "-l", log, "--log-max", "10M", p.Socket); code != headless.ExitQMPError { // device_del fails
		t.Fatalf("recording: %d %q", code, errOut)
	}
	code, out, errOut := runIn(t, "", "replay", "--diff", log)
	want := []string{"cont\n  ok {}", "stop\n  ok {}", "(expecting DeviceNotFound) device_del id=nope\n  error DeviceNotFound: Device 'nope' not found"}
	for _, w := range want {
		if !strings.Contains(out, w) {
			t.Errorf("output lacks %q", w)
		}
	}
	if code != 0 || strings.Contains(out, "query-qmp-schema") || strings.Contains(out, "diff ") || t.Failed() {
		t.Fatalf("replay: %d\n%s\n%s", code, out, errOut)
	}
	if _, out, _ = runIn(t, "", "exec", p.Socket, "query-status"); !strings.Contains(out, `"status":"paused"`) {
		t.Fatalf("after the replay: %s", out)
	}
}

func TestReplayCommandScripts(t *testing.T) {
	privateXDG(t)
	p := qmptest.QEMU(t)
	dir := t.TempDir()
	script := func(name, text string) string {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
		return path
	}
	pause := script("pause.qmp", "cont\n@wait RESUME 5s\n")
	for _, tc := range []struct {
		args []string
		code int
		out  string // in stdout, or stderr when the code is 2
	}{
		{[]string{"--dry-run", "--to", p.Socket, pause}, 0, "cont\n  checked, not sent\nline 2: @wait RESUME 5s\n  skipped (dry run)"},
		{[]string{"--read-only", "--to", p.Socket, pause}, headless.ExitQMPError, "FAILED: read-only mode: cont may change the VM"},
		{[]string{"--to", p.Socket, script("bad.qmp", "stop\n@wait\n")}, headless.ExitUsage, "bad.qmp:2: usage: @wait EVENT [TIMEOUT]"},
		{[]string{"--to", p.Socket, script("fail.qmp", "device_del id=nope\nquery-status\n")}, headless.ExitQMPError, "FAILED: DeviceNotFound: Device 'nope' not found"},
		{[]string{"--pace", "soon", pause}, headless.ExitUsage, `--pace: "soon" is not original, none or a duration`},
		{[]string{"--to", p.Socket, pause}, 0, "cont\n  ok {}"},
	} {
		code, out, errOut := runIn(t, "", append([]string{"replay"}, tc.args...)...)
		got := out
		if tc.code == headless.ExitUsage {
			got = errOut
		}
		if code != tc.code || !strings.Contains(got, tc.out) {
			t.Errorf("replay %v: %d, want %d and %q\nstdout %s\nstderr %s", tc.args, code, tc.code, tc.out, out, errOut)
		}
		if strings.Contains(out, "query-status") && tc.code != 0 {
			t.Errorf("replay %v went on after the first failure:\n%s", tc.args, out)
		}
	}
}

func TestViewInTmux(t *testing.T) {
	privateXDG(t)
	p := qmptest.QEMU(t)
	log := filepath.Join(t.TempDir(), "shell.jsonl")
	if code, _, errOut := runIn(t, "cont\nstop\n", "shell", "-l", log, p.Socket); code != 0 {
		t.Fatalf("recording: %d %q", code, errOut)
	}
	tm := startTmux(t, binary(t), "view", log)
	// The status bar is waited for too: a capture can catch the terminal
	// half way through writing a frame.
	tm.waitFor("the recorded session and its status bar", func(s string) bool {
		return strings.Contains(eventPane(s), "RESUME") && strings.Contains(eventPane(s), "STOP") && strings.Count(s, " ok ") >= 2 &&
			strings.Contains(s, "QEMU 7.2.22") && strings.Contains(s, "paused")
	})
	tm.keys("cont", "Enter")
	tm.waitText("recorded log: read-only")
	tm.keys("Escape")
	tm.waitText("╔")
	tm.keys("q")
	tm.waitFor("the viewer to exit", func(string) bool { return tm.exited() })
}

// A session log records a socket given by a relative path as its absolute
// path, so that replay finds the monitor from any directory.
func TestReplayFindsARelativeSocketFromAnotherDirectory(t *testing.T) {
	privateXDG(t)
	sock := plainServer(t, func(qmptest.Request) string { return "" })
	log := filepath.Join(t.TempDir(), "relative.jsonl")
	t.Chdir(filepath.Dir(sock))
	if code, _, errOut := runIn(t, "query-status\n", "shell", "-l", log, filepath.Base(sock)); code != 0 {
		t.Fatalf("recording: %d %q", code, errOut)
	}
	data, err := os.ReadFile(log)
	if err != nil {
		t.Fatal(err)
	}
	var first struct{ Addr string }
	if err := json.Unmarshal(data[:bytes.IndexByte(data, '\n')], &first); err != nil || first.Addr != sock {
		t.Errorf("the log's first record has addr %q (%v), want %q", first.Addr, err, sock)
	}
	t.Chdir(t.TempDir())
	if code, out, errOut := runIn(t, "", "replay", log); code != 0 || !strings.Contains(out, "query-status") {
		t.Errorf("replay from elsewhere: exit %d, stdout %q, stderr %q", code, out, errOut)
	}
}
