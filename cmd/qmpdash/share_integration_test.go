package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/qmpdash/qmpdash/app/session"
	"github.com/qmpdash/qmpdash/app/share"
	"github.com/qmpdash/qmpdash/app/transport"
	"github.com/qmpdash/qmpdash/qmp"
	"github.com/qmpdash/qmpdash/qmp/qmptest"
	"github.com/qmpdash/qmpdash/views/headless"
)

// privateRuntime gives the test a runtime directory of its own, short
// enough for the shared sockets' paths.
func privateRuntime(t *testing.T) {
	dir, err := os.MkdirTemp("", "qs")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	t.Setenv("XDG_RUNTIME_DIR", dir)
}

// TestExecGoesThroughTheDashboardsSharedMonitor holds a QEMU's monitor in
// a fleet wired as the dashboard wires it, and runs exec against the same
// socket, and by name: it works through the shared socket, and the
// commands show in the fleet's command log marked as shared. --no-share
// goes straight to the held monitor, which never greets.
func TestExecGoesThroughTheDashboardsSharedMonitor(t *testing.T) {
	privateXDG(t)
	privateRuntime(t)
	p := qmptest.QEMU(t)
	cfgDir := filepath.Join(t.TempDir(), "config")
	t.Setenv("XDG_CONFIG_HOME", cfgDir)
	os.MkdirAll(filepath.Join(cfgDir, "qmpdash"), 0o700)
	os.WriteFile(filepath.Join(cfgDir, "qmpdash", "config.toml"), []byte("[[vm]]\nname = \"web1\"\naddress = \""+p.Socket+"\"\n"), 0o600)

	if (&dashboardFlags{conn: connFlags{noShare: true}}).shareMonitors() != nil {
		t.Fatal("--no-share still serves the monitors")
	}
	fleet := session.NewFleet(context.Background(), session.FleetConfig{Alongside: (&dashboardFlags{}).shareMonitors()})
	s := session.New(session.Config{Name: "web1", Addr: p.Socket, Protocol: transport.ProtocolQMP, NoDocs: true, Keepalive: -1})
	if err := fleet.Add(s); err != nil {
		t.Fatal(err)
	}
	closed := false
	defer func() {
		if !closed {
			fleet.Close()
		}
	}()
	qmptest.Eventually(t, "the session and its shared socket", func() bool {
		_, ok := share.Existing(p.Socket)
		return ok && s.State().Conn == qmp.StateReady
	})

	if code, out, errOut := runIn(t, "", "exec", p.Socket, "query-status"); code != 0 || !strings.Contains(out, `"status":"prelaunch"`) {
		t.Fatalf("exec SOCK query-status: %d %q %q", code, out, errOut)
	}
	if code, out, errOut := runIn(t, "", "exec", "@web1", "cont"); code != 0 {
		t.Fatalf("exec @web1 cont: %d %q %q", code, out, errOut)
	}
	qmptest.Eventually(t, "the dashboard to see RESUME", func() bool { return s.State().RunState == "running" })
	marked := map[string]bool{}
	for _, e := range s.Commands.Range(0, s.Commands.Len(), nil) {
		if strings.HasPrefix(e.From, "shared #") && strings.Contains(e.From, " pid ") {
			marked[e.Name] = true
		}
	}
	if !marked["query-status"] || !marked["cont"] {
		t.Errorf("the command log's shared commands: %v", marked)
	}
	code, _, errOut := runIn(t, "", "exec", "--no-share", "--connect-timeout", "1s", p.Socket, "query-status")
	if code != headless.ExitConnection {
		t.Errorf("exec --no-share while the monitor is held: %d %q", code, errOut)
	}

	fleet.Close()
	closed = true
	if _, ok := share.Existing(p.Socket); ok {
		t.Error("the shared socket outlived the fleet")
	}
	// With the dashboard gone, exec reaches QEMU itself.
	deadline := time.Now().Add(10 * time.Second)
	for {
		code, out, errOut := runIn(t, "", "exec", p.Socket, "query-status")
		if code == 0 && strings.Contains(out, `"status":"running"`) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("exec after the dashboard left: %d %q %q", code, out, errOut)
		}
	}
}

// TestDashboardSharesItsMonitorInTmux runs the dashboard in tmux and exec
// against the same socket: the command shows in the dashboard's command
// pane marked as shared, its event in the event pane, and the socket goes
// when the dashboard quits.
func TestDashboardSharesItsMonitorInTmux(t *testing.T) {
	privateXDG(t)
	p := qmptest.QEMU(t)
	tm := startTmux(t, binary(t), p.Socket)
	t.Setenv("XDG_RUNTIME_DIR", tm.runtime)
	tm.waitText("prelaunch")
	qmptest.Eventually(t, "the shared socket", func() bool { _, ok := share.Existing(p.Socket); return ok })
	if code, out, errOut := runIn(t, "", "exec", p.Socket, "cont"); code != 0 {
		t.Fatalf("exec cont while the dashboard holds the monitor: %d %q %q", code, out, errOut)
	}
	tm.waitFor("the shared cont in the command pane, RESUME and the running state", func(s string) bool {
		return strings.Contains(s, "[shared #") && strings.Contains(s, "RESUME") && strings.Contains(s, "running")
	})
	tm.keys("Escape") // from the input line to the panes, where q quits
	tm.waitText("╔")
	tm.keys("q")
	tm.waitFor("the dashboard to exit", func(string) bool { return tm.exited() })
	qmptest.Eventually(t, "the shared socket to go", func() bool { _, ok := share.Existing(p.Socket); return !ok })
}
