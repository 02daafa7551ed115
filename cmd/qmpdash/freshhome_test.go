//go:build linux

package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/qmpdash/qmpdash/qmp/qmptest"
)

// A user who has never run anything: HOME exists but holds no ~/.config,
// ~/.cache or ~/.local/state, and no XDG variable is set. The dashboard
// runs, and the history and the schema cache are made private on first use.
func TestDashboardInAFreshHome(t *testing.T) {
	p := qmptest.QEMU(t)
	home := t.TempDir()
	tm := startTmux(t, "env", "-u", "XDG_STATE_HOME", "-u", "XDG_CACHE_HOME", "-u", "XDG_CONFIG_HOME",
		"HOME="+home, binary(t), p.Socket)
	tm.waitText("● connected")
	tm.keys("query-version", "Enter")
	tm.waitText("query-version")
	// The schema is cached in the background once it arrives.
	tm.waitFor("the schema cache", func(string) bool {
		_, err := os.Stat(filepath.Join(home, ".cache", "qmpdash"))
		return err == nil
	})
	tm.keys("Escape")
	tm.waitText("╔")
	tm.keys("q")
	tm.waitFor("the dashboard to exit", func(string) bool { return tm.exited() })
	for path, want := range map[string]os.FileMode{
		filepath.Join(home, ".local", "state", "qmpdash"):            0o700 | os.ModeDir,
		filepath.Join(home, ".local", "state", "qmpdash", "history"): 0o600,
		filepath.Join(home, ".cache", "qmpdash"):                     0o700 | os.ModeDir,
	} {
		fi, err := os.Stat(path)
		if err != nil {
			t.Errorf("%s: %v", path, err)
		} else if fi.Mode() != want {
			t.Errorf("%s: mode %v, want %v", path, fi.Mode(), want)
		}
	}
}

// A HOME where nothing can be written: the dashboard says that history is
// not saved and works on.
func TestDashboardWithoutAWritableStateDir(t *testing.T) {
	p := qmptest.QEMU(t)
	file := filepath.Join(t.TempDir(), "not-a-dir")
	if err := os.WriteFile(file, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	// A path below a regular file cannot be made, even by root.
	tm := startTmux(t, "env", "XDG_STATE_HOME="+filepath.Join(file, "state"), binary(t), p.Socket)
	tm.waitText("● connected")
	tm.keys("query-version", "Enter")
	tm.waitText("query-version")
	tm.keys("Escape")
	tm.waitText("╔")
	tm.keys("n")
	tm.waitText("command history is not saved")
}
