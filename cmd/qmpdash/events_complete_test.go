//go:build linux

package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/qmpdash/qmpdash/docs/docstest"
	"github.com/qmpdash/qmpdash/qmp/qmptest"
)

// TestEventsFilterShellCompletion runs the binary's hidden __complete
// command, as a shell's completion script does, for events --filter and
// --exclude: the names come from the monitor named by ADDR or
// $QMP_SOCKET, else from the installed manual (here an invented one on
// $MANPATH, whose only event is WIDGET_FROBBED), and never as an error.
func TestEventsFilterShellCompletion(t *testing.T) {
	bin := binary(t)
	dir := t.TempDir()
	man := filepath.Join(dir, "man")
	page, err := os.ReadFile(filepath.Join("..", "..", "docs", "testdata", "ref-7x.7"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(man, "man7"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(man, "man7", "qemu-qmp-ref.7"), page, 0o644); err != nil {
		t.Fatal(err)
	}
	sock := schemaServer(t)
	gone := filepath.Join(dir, "gone.sock")
	tests := []struct {
		name      string
		env       string // QMP_SOCKET
		args      []string
		want, not []string
	}{
		{"ADDR", "", []string{"events", sock, "-f", ""}, []string{"STOP", "BLOCK_JOB_COMPLETED", "DEVICE_DELETED"}, []string{"WIDGET_FROBBED"}},
		{"QMP_SOCKET", sock, []string{"events", "--exclude", "BLOCK_JOB_"}, []string{"BLOCK_JOB_COMPLETED", "BLOCK_JOB_READY"}, []string{"STOP"}},
		{"lower case", sock, []string{"events", "--filter", "rtc"}, []string{"rtc_change"}, []string{"RTC_CHANGE"}},
		{"no monitor", "", []string{"events", gone, "-f", "W"}, []string{"WIDGET_FROBBED"}, []string{"STOP", "BLOCK_JOB_COMPLETED"}},
		{"nothing matches", gone, []string{"events", "-x", "ZZZ"}, nil, []string{"WIDGET_FROBBED"}},
	}
	for _, tt := range tests {
		cmd := exec.Command(bin, append([]string{"__complete"}, tt.args...)...)
		cmd.Env = append(xdgEnv(dir), "QMP_SOCKET="+tt.env, "MANPATH="+man)
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		lines := strings.Split(strings.TrimSpace(string(out)), "\n")
		names, directive := lines[:len(lines)-1], lines[len(lines)-1]
		if directive != ":4" { // ShellCompDirectiveNoFileComp
			t.Errorf("%s: directive %q, want :4 (no file names)", tt.name, directive)
		}
		for _, n := range tt.want {
			if !slices.Contains(names, n) {
				t.Errorf("%s: %s missing from %q", tt.name, n, out)
			}
		}
		for _, n := range tt.not {
			if slices.Contains(names, n) {
				t.Errorf("%s: %s offered in %q", tt.name, n, out)
			}
		}
	}
}

// schemaServer is a fake QEMU 7.2 monitor answering from the fixture, for
// every connection until the test ends.
func schemaServer(t *testing.T) string {
	f := qmptest.NewFakeQEMU(t, docstest.QEMU72)
	f.AcceptAll()
	return f.Path
}
