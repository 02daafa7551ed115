//go:build linux

package main

import (
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/qmpdash/qmpdash/qmp/qmptest"
)

// TestDashboardFlagsAStoppedQEMUInTmux is issue #17 bug 7's done-when: a
// SIGSTOPped QEMU is flagged "not responding" in the status bar within
// 10 s, and the flag clears once it runs again.
func TestDashboardFlagsAStoppedQEMUInTmux(t *testing.T) {
	p := qmptest.QEMU(t)
	tm := startTmux(t, binary(t), p.Socket)
	tm.waitText("● connected")
	tm.waitText("prelaunch")
	pid := p.Cmd.Process.Pid
	if err := syscall.Kill(pid, syscall.SIGSTOP); err != nil {
		t.Fatal(err)
	}
	// Runs before the helper's kill: a stopped QEMU is never left behind.
	t.Cleanup(func() { syscall.Kill(pid, syscall.SIGCONT) })
	tm.waitWithin(10*time.Second, "◌ not responding", func(s string) bool { return strings.Contains(s, "◌ not responding") })
	if err := syscall.Kill(pid, syscall.SIGCONT); err != nil {
		t.Fatal(err)
	}
	tm.waitFor("the flag to clear", func(s string) bool {
		return !strings.Contains(s, "◌ not responding") && strings.Contains(s, "● connected")
	})
}
