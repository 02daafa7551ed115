package app

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestHistoryPersistsWithPrivateModes(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "state", "qmpdash")
	h := History{Path: filepath.Join(dir, "history"), Max: 3}
	for _, line := range []string{"query-status", "", "stop", "object-add qom-type=secret id=s0 data=hunter2", "cont", "query-block"} {
		if _, err := h.Add(line); err != nil {
			t.Fatal(err)
		}
	}
	got, err := h.Load()
	if err != nil || strings.Join(got, "|") != "stop|cont|query-block" {
		t.Fatalf("history = %q, %v", got, err)
	}
	for path, want := range map[string]os.FileMode{dir: 0o700, h.Path: 0o600} {
		if fi, err := os.Stat(path); err != nil || fi.Mode().Perm() != want {
			t.Errorf("%s: mode %v, want %v (%v)", path, fi.Mode().Perm(), want, err)
		}
	}
	data, _ := os.ReadFile(h.Path)
	if strings.Contains(string(data), "hunter2") {
		t.Fatal("a secret reached the history file")
	}
}

func TestLooksSecret(t *testing.T) {
	for line, want := range map[string]bool{
		"object-add qom-type=secret id=s0 data=x": true,
		"blockdev-add driver=luks key-secret=s0":  true,
		"change-vnc-password password=abc":        true,
		"set_password protocol=vnc password=x":    true,
		"query-status":                            false,
		"block_resize device=d0 size=1024":        false,
	} {
		if got := LooksSecret(line); got != want {
			t.Errorf("LooksSecret(%q) = %v, want %v", line, got, want)
		}
	}
}

func TestHistoryMissingFileIsEmpty(t *testing.T) {
	got, err := History{Path: filepath.Join(t.TempDir(), "none")}.Load()
	if err != nil || len(got) != 0 {
		t.Fatalf("got %v, %v", got, err)
	}
}

func TestHistoryWriterKeepsOrder(t *testing.T) {
	h := History{Path: filepath.Join(t.TempDir(), "history")}
	w := NewHistoryWriter(h)
	for _, l := range []string{"a", "b", "c"} {
		w.Add(l)
	}
	w.Close()
	got, err := h.Load()
	if err != nil || strings.Join(got, ",") != "a,b,c" {
		t.Fatalf("history %q, %v", got, err)
	}
}

// A history line is typed back onto the terminal when recalled, so lines
// with controls or format characters are neither stored nor loaded.
func TestHistoryKeepsNoTerminalControls(t *testing.T) {
	h := History{Path: filepath.Join(t.TempDir(), "history")}
	hostile := []string{"query-status \x1b]52;c;SGk=\x07", "stop\rcont", "quit \u202e", "x\x9by"}
	if err := os.WriteFile(h.Path, []byte(strings.Join(hostile, "\n")+"\nquery-block\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, line := range hostile {
		if stored, err := h.Add(line); stored || err != nil {
			t.Errorf("Add(%q) stored it (%v)", line, err)
		}
	}
	if got, err := h.Load(); err != nil || strings.Join(got, "|") != "query-block" {
		t.Fatalf("history = %q, %v; want only the clean line", got, err)
	}
}
