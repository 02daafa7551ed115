package complete

import (
	"testing"

	"github.com/qmpdash/qmpdash/docs/docstest"
)

// testMeta are dashboard commands as views hand them in: one whose
// argument is a name (doc), others whose argument is not.
var testMeta = []MetaCommand{
	{Name: "doc", Args: "[NAME]", Description: "documentation", NameArg: true},
	{Name: "vm", Args: "NAME", Description: "focus a VM"},
	{Name: "replay", Args: "FILE|stop", Description: "replay a file"},
	{Name: "save", Args: "FILE", Description: "save the history"},
	{Name: "help", Description: "takes no argument"},
	{Name: "watch", Args: "[INTERVAL] [COMMAND]", Description: "a live view", NameArg: true, IntervalArg: true},
	{Name: "latency", Args: "NAME", Description: "latency histogram", LoggedArg: true},
}

// testLogged stands for the names a command log holds.
func testLogged() []string { return []string{"query-status", "stop", "x-custom"} }

func TestCompleteMeta(t *testing.T) {
	e := loadEngine(t, docstest.QEMU72)
	meta := NewMetaCommands(testMeta)
	tests := []struct {
		text      string
		cursor    int
		want      string // a candidate's text, "" for none
		wantStart int
	}{
		{":", 1, "", 1}, // every command; checked below
		{":d", 2, "doc ", 1},
		{"  :rep", 6, "replay ", 3},
		{":doc block_res", 14, "block_resize", 5},
		{":doc  BLOCK_JOB_COMP", 20, "BLOCK_JOB_COMPLETED", 6},
		{":vm web", 7, "", 0},
		{":watch query-sta", 16, "query-status", 7},
		{":watch 2s query-sta", 19, "query-status", 10},
		{":watch  500ms  query-sta", 24, "query-status", 15},
		{":watch 2s", 9, "", 0},
		{":doc 2s query-sta", 17, "", 0},
		{":doc a b", 8, "", 0},
		{"query", 5, "", 0},
		{":latency q", 10, "query-status", 9},
		{":latency x-c", 12, "x-custom", 9}, // not in the schema: only in the log
		{":latency query-status ", 22, "", 0},
	}
	for _, tt := range tests {
		got := e.CompleteMeta(meta, tt.text, tt.cursor, testLogged)
		if tt.text == ":" {
			if len(got) != len(testMeta) {
				t.Errorf("%q: %d candidates, want every dashboard command", tt.text, len(got))
			}
			continue
		}
		if tt.want == "" {
			if len(got) != 0 {
				t.Errorf("%q: got %v, want none", tt.text, got[0].Text)
			}
			continue
		}
		found := false
		for _, c := range got {
			found = found || c.Text == tt.want && c.Start == tt.wantStart && c.End == tt.cursor
		}
		if !found {
			t.Errorf("%q: got %+v, want %q at %d", tt.text, got, tt.want, tt.wantStart)
		}
	}
	if got := (*Engine)(nil).CompleteMeta(meta, ":sa", 3, nil); len(got) != 1 || got[0].Text != "save " {
		t.Errorf("without a schema: %+v", got)
	}
	if got := e.CompleteMeta(meta, ":he", 3, nil); len(got) != 1 || got[0].Text != "help" {
		t.Errorf("a command without arguments: %+v", got)
	}
	if got := (*Engine)(nil).CompleteMeta(meta, ":latency st", 11, testLogged); len(got) == 0 || got[0].Text != "stop" {
		t.Errorf("logged names without a schema: %+v", got)
	}
	if got := e.CompleteMeta(meta, ":latency st", 11, nil); len(got) != 0 {
		t.Errorf("no log: %+v", got)
	}
	for _, c := range e.CompleteMeta(meta, ":doc x-c", 8, testLogged) {
		if c.Text == "x-custom" {
			t.Errorf(":doc offers a logged name: %+v", c)
		}
	}
}
