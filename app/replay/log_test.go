package replay

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A recorded request that is not a command object is refused with its
// file:line, never replayed as {"execute":""}.
func TestFromLogRefusesRequestsThatAreNotCommands(t *testing.T) {
	path := filepath.Join(t.TempDir(), "vm.jsonl")
	rec := func(msg string) string {
		return `{"time":"2026-01-02T03:04:05Z","addr":"/run/vm.sock","dir":"out","msg":` + msg + "}\n"
	}
	log := rec(`"query-status"`) + rec(`{"arguments":{}}`) + rec(`[1]`) + rec(`{"execute":"query-status","id":1}`)
	if err := os.WriteFile(path, []byte(log), 0o600); err != nil {
		t.Fatal(err)
	}
	rf, err := LoadFile(path, "")
	if err != nil {
		t.Fatal(err)
	}
	if len(rf.Steps) != 1 || rf.Steps[0].Text != "query-status" || rf.Steps[0].Line != 4 {
		t.Errorf("steps = %+v, want only line 4's query-status", rf.Steps)
	}
	var skipped []string
	for _, err := range rf.Skipped {
		skipped = append(skipped, err.Error())
	}
	for _, want := range []string{path + ":1: ", path + ":2: ", path + ":3: "} {
		if !strings.Contains(strings.Join(skipped, "\n"), want) {
			t.Errorf("skipped %q, want one at %s", skipped, want)
		}
	}
}
