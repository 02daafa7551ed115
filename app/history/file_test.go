package history

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestHistoryPersistsWithPrivateModes(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "state", "qmpdash")
	h := File{Path: filepath.Join(dir, "history"), Max: 3}
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

func TestHistoryStoresNoSecretHowEverSpelled(t *testing.T) {
	for _, h := range []File{{}, {HMP: true}} {
		h.Path = filepath.Join(t.TempDir(), "history")
		lines := []string{
			"hmp object_add secret,id=s0,data=hunter2",
			"hmp set_password vnc hunter2",
			"hmp change vnc password hunter2",
			`{"execute": "object-add", "arguments": {"qom-type": "\u0073ecret", "id": "s0", "data": "hunter2"}}`,
		}
		if h.HMP {
			lines = []string{"object_add secret,id=s0,data=hunter2", "set_password vnc hunter2", "change vnc password hunter2"}
		}
		for _, l := range append(lines, "query-status") {
			if _, err := h.Add(l); err != nil {
				t.Fatal(err)
			}
		}
		if data, _ := os.ReadFile(h.Path); strings.Contains(string(data), "hunter2") || !strings.Contains(string(data), "query-status") {
			t.Errorf("HMP=%v: history file holds:\n%s", h.HMP, data)
		}
	}
}

func TestHistoryMissingFileIsEmpty(t *testing.T) {
	got, err := File{Path: filepath.Join(t.TempDir(), "none")}.Load()
	if err != nil || len(got) != 0 {
		t.Fatalf("got %v, %v", got, err)
	}
}

func TestHistoryLoadSkipsAnOverlongLineAndKeepsTheRest(t *testing.T) {
	h := File{Path: filepath.Join(t.TempDir(), "history")}
	long := strings.Repeat("x", 2<<20)
	if err := os.WriteFile(h.Path, []byte("stop\n"+long+"\nquery-status\ncont\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	got, err := h.Load()
	if err != nil || strings.Join(got, "|") != "stop|query-status|cont" {
		t.Fatalf("history = %d lines %.40q, %v; want stop|query-status|cont", len(got), got, err)
	}
}

// A history line is typed back onto the terminal when recalled, so lines
// with controls or format characters are neither stored nor loaded.
func TestHistoryKeepsNoTerminalControls(t *testing.T) {
	h := File{Path: filepath.Join(t.TempDir(), "history")}
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
