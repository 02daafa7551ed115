//go:build linux

package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/qmpdash/qmpdash/app/history"
	"github.com/qmpdash/qmpdash/qmp"
	"github.com/qmpdash/qmpdash/qmp/qmptest"
	"github.com/qmpdash/qmpdash/views/headless"
)

// runIn runs the CLI in-process with stdin, in private XDG directories.
func runIn(t *testing.T, stdin string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(args, strings.NewReader(stdin), &out, &errb)
	return code, out.String(), errb.String()
}

func privateXDG(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("XDG_CACHE_HOME", filepath.Join(dir, "cache"))
	t.Setenv("XDG_STATE_HOME", filepath.Join(dir, "state"))
}

func TestExecAgainstQEMU(t *testing.T) {
	privateXDG(t)
	p := qmptest.QEMU(t)
	code, out, errOut := runIn(t, "", "exec", p.Socket, "query-status")
	if code != 0 || !strings.Contains(out, `"status":"prelaunch"`) {
		t.Fatalf("exec query-status: %d %q %q", code, out, errOut)
	}
	code, out, _ = runIn(t, "", "exec", "-p", p.Socket, "query-status")
	if code != 0 || !strings.HasPrefix(out, "{\n  \"running\": false,") {
		t.Fatalf("--pretty must indent and sort keys: %q", out)
	}
	code, out, _ = runIn(t, "", "exec", p.Socket, "hmp", "info", "status")
	if code != 0 || strings.TrimSpace(out) != "VM status: paused (prelaunch)" {
		t.Fatalf("hmp output must be text: %d %q", code, out)
	}
	if code, _, errOut = runIn(t, "", "exec", p.Socket, "block_resize", "device=nope", "size=1"); code != headless.ExitQMPError || !strings.Contains(errOut, "GenericError") {
		t.Fatalf("QMP error: %d %q", code, errOut)
	}
	if code, _, errOut = runIn(t, "", "exec", filepath.Join(t.TempDir(), "none.sock"), "query-status"); code != headless.ExitConnection {
		t.Fatalf("connection error: %d %q", code, errOut)
	}
	// The schema was cached by version and package for the next start.
	if entries, _ := filepath.Glob(filepath.Join(os.Getenv("XDG_CACHE_HOME"), "qmpdash", "schema", "*")); len(entries) != 1 {
		t.Fatalf("schema cache holds %v", entries)
	}
}

func TestValidationRejectsBeforeQEMUSeesIt(t *testing.T) {
	privateXDG(t)
	p := qmptest.QEMU(t)
	log := filepath.Join(t.TempDir(), "wire.jsonl")
	lines := []struct{ in, want string }{
		{"query-stauts", "did you mean query-status"},
		{"block_resize device=d0 sise=5 size=1", "sise: unknown argument"},
		{"block_resize device=d0", "size: missing required argument"},
		{"block_resize device=d0 size=big", `expected int, got string "big"`},
		{"blockdev-add driver=qcow3 node-name=n0", `driver: "qcow3" is not one of`},
		{"blockdev-add driver=qcow2 node-name=n0 file=f0 filename=/x", "filename: not valid for driver=qcow2"},
		{"block_resize device=d0 size=1 x=", "col 33: missing value"},
	}
	for _, l := range lines {
		code, _, errOut := runIn(t, l.in+"\n", "shell", "--exit-on-error", "-l", log, p.Socket)
		if code != headless.ExitUsage || !strings.Contains(errOut, l.want) {
			t.Errorf("%s: exit %d, stderr %q; want 2 and %q", l.in, code, errOut, l.want)
		}
	}
	data, err := os.ReadFile(log)
	if err != nil {
		t.Fatal(err)
	}
	for _, rec := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		var r struct {
			Dir string
			Msg struct{ Execute string }
		}
		json.Unmarshal([]byte(rec), &r)
		if r.Dir == "out" && (r.Msg.Execute == "block_resize" || r.Msg.Execute == "blockdev-add" || r.Msg.Execute == "query-stauts") {
			t.Fatalf("QEMU was sent a rejected command: %s", rec)
		}
	}
}

func TestShellInAPipe(t *testing.T) {
	privateXDG(t)
	p := qmptest.QEMU(t)
	code, out, errOut := runIn(t, "query-status\n# a comment\n\nstop\ncont\n", "shell", p.Socket)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	got := strings.Split(strings.TrimSpace(out), "\n")
	want := []string{`"status":"prelaunch"`, `{}`, `"event":"RESUME"`, `{}`}
	if len(got) != len(want) {
		t.Fatalf("output:\n%s", out)
	}
	for i := range want {
		if !strings.Contains(got[i], want[i]) {
			t.Errorf("line %d = %s, want %s (events print before the reply they precede)", i, got[i], want[i])
		}
	}
	if strings.Contains(out, "(QEMU)") || strings.Contains(out, "Connected to") {
		t.Error("prompt or banner printed to a pipe")
	}
}

func TestEventsCountAroundStopAndCont(t *testing.T) {
	p := qmptest.QEMUWithMonitors(t, 2)
	var code int
	var out, errOut string
	done := make(chan struct{})
	go func() {
		defer close(done)
		code, out, errOut = runIn(t, "", "events", "--count", "2", "--timeout", "20s", p.Sockets[0])
	}()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	c, err := qmp.Dial(ctx, p.Sockets[1], qmp.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	// The events command may attach at any moment: keep toggling the run
	// state through the second monitor until it has printed two events.
	tick := time.NewTicker(20 * time.Millisecond)
	defer tick.Stop()
	for running := false; ; running = !running {
		select {
		case <-done:
			lines := strings.Split(strings.TrimSpace(out), "\n")
			if code != 0 || len(lines) != 2 {
				t.Fatalf("exit %d, stdout %q, stderr %q", code, out, errOut)
			}
			names := map[string]bool{}
			for _, l := range lines {
				var ev struct{ Event string }
				if err := json.Unmarshal([]byte(l), &ev); err != nil {
					t.Fatalf("not a JSON line: %s", l)
				}
				names[ev.Event] = true
			}
			if !names["STOP"] || !names["RESUME"] {
				t.Fatalf("want STOP and RESUME, got %q", out)
			}
			return
		case <-tick.C:
			cmd := "cont"
			if running {
				cmd = "stop"
			}
			if _, err := c.Execute(ctx, cmd, nil); err != nil {
				t.Fatal(err)
			}
		}
	}
}

func ctxFor(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	t.Cleanup(cancel)
	return ctx
}

func dialT(t *testing.T, addr string) *qmp.Client {
	t.Helper()
	c, err := qmp.Dial(ctxFor(t), addr, qmp.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

func TestNamedVMFromConfig(t *testing.T) {
	privateXDG(t)
	cfgDir := filepath.Join(t.TempDir(), "config")
	t.Setenv("XDG_CONFIG_HOME", cfgDir)
	p := qmptest.QEMU(t)
	log := filepath.Join(t.TempDir(), "web1.jsonl")
	os.MkdirAll(filepath.Join(cfgDir, "qmpdash"), 0o700)
	conf := "[[vm]]\nname = \"web1\"\naddress = \"" + p.Socket + "\"\nmode = \"qmp\"\nlog = \"" + log + "\"\n"
	os.WriteFile(filepath.Join(cfgDir, "qmpdash", "config.toml"), []byte(conf), 0o600)

	if code, out, errOut := runIn(t, "query-status\n", "shell", "@web1"); code != 0 || !strings.Contains(out, "prelaunch") {
		t.Fatalf("shell @web1: %d %q %q", code, out, errOut)
	}
	if data, err := os.ReadFile(log); err != nil || !strings.Contains(string(data), `"vm":"web1"`) {
		t.Fatalf("the VM's log from the config was not written: %v %s", err, data)
	}
	if code, _, errOut := runIn(t, "", "exec", "@nope", "query-status"); code != headless.ExitUsage || !strings.Contains(errOut, `no VM named "nope"`) {
		t.Fatalf("unknown name: %d %q", code, errOut)
	}
	os.WriteFile(filepath.Join(cfgDir, "qmpdash", "config.toml"), []byte("[[vm]]\nname = \"x\"\nadress = \"/y\"\n"), 0o600)
	if code, _, errOut := runIn(t, "", "exec", "@x", "query-status"); code != headless.ExitUsage || !strings.Contains(errOut, "config.toml:3:1: vm.adress: unknown key") {
		t.Fatalf("config error: %d %q", code, errOut)
	}
}

func TestReadOnlyRefusesBeforeQEMUSeesIt(t *testing.T) {
	privateXDG(t)
	p := qmptest.QEMU(t)
	code, _, errOut := runIn(t, "", "exec", "--read-only", p.Socket, "stop")
	if code != headless.ExitUsage || !strings.Contains(errOut, "read-only mode: stop may change the VM") {
		t.Fatalf("exec --read-only stop: %d %q", code, errOut)
	}
	code, out, _ := runIn(t, "", "exec", "--read-only", p.Socket, "query-status")
	if code != 0 || !strings.Contains(out, "prelaunch") {
		t.Fatalf("a query was refused: %d %q", code, out)
	}
	// Scripts are not asked: a piped quit goes through without a prompt.
	code, out, errOut = runIn(t, "quit\n", "shell", p.Socket)
	if code != 0 || strings.Contains(out+errOut, "[y/N]") {
		t.Fatalf("piped quit: %d %q %q", code, out, errOut)
	}
	<-p.Exited()
}

func TestShellWarnsOfLooseHistoryAndLog(t *testing.T) {
	privateXDG(t)
	historyPath := history.DefaultPath()
	logPath := filepath.Join(t.TempDir(), "vm.jsonl")
	for _, p := range []string{historyPath, logPath} {
		if err := os.MkdirAll(filepath.Dir(p), 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	srv := qmptest.NewServer(t)
	go func() {
		if p := srv.Accept(); p != nil {
			p.Negotiate()
			p.Serve(func(r qmptest.Request) string { return qmptest.ReplyLine(r, "{}") })
		}
	}()
	code, _, errOut := runIn(t, "", "shell", "--qmp", "-l", logPath, srv.Path)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, p := range []string{historyPath, logPath} {
		if !strings.Contains(errOut, p+" is readable by other users") {
			t.Errorf("no warning about %s in:\n%s", p, errOut)
		}
	}
}

func TestConnectTimeoutFlagCoversTheHandshake(t *testing.T) {
	privateXDG(t)
	srv := qmptest.NewServer(t)
	served := make(chan struct{})
	t.Cleanup(func() { <-served })
	go func() {
		defer close(served)
		if p := srv.Accept(); p != nil {
			time.Sleep(5500 * time.Millisecond) // past the 5 s the handshake used to get
			p.Negotiate()
			p.Serve(func(r qmptest.Request) string { return qmptest.ReplyLine(r, `{"status": "running"}`) })
		}
	}()
	code, out, errOut := runIn(t, "", "exec", "--qmp", "--connect-timeout", "9s", srv.Path, "query-status")
	if code != 0 || !strings.Contains(out, "running") {
		t.Fatalf("exec: exit %d, %q, %q", code, out, errOut)
	}
}
