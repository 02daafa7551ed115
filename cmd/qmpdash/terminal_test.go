package main

import (
	"net"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/qmpdash/qmpdash/views/headless"
)

// The dashboard, the demo and the viewer refuse a terminal they cannot
// draw on with a clear usage error, before they connect to or start
// anything.
func TestDashboardRefusesADumbTerminalBeforeConnecting(t *testing.T) {
	sock := filepath.Join(t.TempDir(), "qmp.sock")
	l, err := net.Listen("unix", sock)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	for _, term := range []string{"dumb", ""} {
		t.Setenv("TERM", term)
		for _, args := range [][]string{{sock}, {"demo", "--qemu", "/nonexistent/qemu"}, {"view", sock}} {
			code, _, errOut := runCLI(t, args...)
			if code != headless.ExitUsage || !strings.Contains(errOut, "the dashboard needs a terminal") {
				t.Errorf("TERM=%q %v: code %d, stderr %q", term, args, code, errOut)
			}
		}
	}
	l.(*net.UnixListener).SetDeadline(time.Now())
	if c, err := l.Accept(); err == nil {
		c.Close()
		t.Fatal("the dashboard connected to the monitor before checking the terminal")
	}
}
