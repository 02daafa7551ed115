package complete

import (
	"slices"
	"testing"

	"github.com/qmpdash/qmpdash/app/cmdline"
)

// TestTransaction checks completion inside transaction( ... ): action
// types at the start of each action, the action's data members after it,
// and the transaction's properties after ')'.
func TestTransaction(t *testing.T) {
	for _, name := range allFixtures {
		e := loadEngine(t, name)
		tests := []struct {
			line  string
			kind  Kind
			has   []string
			lacks []string
		}{
			{"transaction(|", Action, []string{"abort", "blockdev-snapshot-sync", "block-dirty-bitmap-add"}, []string{"transaction", "stop", "hmp"}},
			{"!transaction( blockdev-snap|", Action, []string{"blockdev-snapshot", "blockdev-snapshot-sync", "blockdev-snapshot-internal-sync"}, []string{"abort"}},
			{"transaction( abort ; |", Action, []string{"abort", "blockdev-backup"}, nil},
			{"transaction( abort;bdbadd|", Action, []string{"block-dirty-bitmap-add"}, nil},
			{"transaction( blockdev-snapshot-sync |", Argument, []string{"snapshot-file", "device", "mode", "format"}, []string{"type", "data"}},
			{"transaction( blockdev-snapshot-sync device=d0 |", Argument, []string{"snapshot-file"}, []string{"device"}},
			{"transaction( abort ; block-dirty-bitmap-add name=b |", Argument, []string{"node", "granularity", "persistent"}, []string{"name", "snapshot-file"}},
			{"transaction( block-dirty-bitmap-add | ; blockdev-snapshot-sync device=d0 )", Argument, []string{"node", "name"}, []string{"snapshot-file"}},
			{"transaction( blockdev-snapshot-sync mode=|", Value, []string{"existing", "absolute-paths"}, nil},
			{"transaction( blockdev-snapshot-sync x=1 ; blockdev-backup sync=|", Value, []string{"full", "top", "none", "incremental"}, nil},
			{"transaction( abort ) |", Argument, []string{"completion-mode"}, []string{"actions"}},
			{"transaction( abort ) completion-mode=g|", Value, []string{"grouped"}, []string{"individual"}},
			{"transaction( nosuchaction |", Argument, nil, nil},
			{"transaction( abort |", Argument, nil, nil},
		}
		for _, tt := range tests {
			cs := complete(t, e, tt.line)
			got := displays(cs)
			if tt.has == nil && len(cs) != 0 {
				t.Errorf("%s %q: %v, want nothing", name, tt.line, got)
			}
			for _, n := range tt.has {
				if c := find(t, cs, n); c.Kind != tt.kind {
					t.Errorf("%s %q: %q has kind %v, want %v", name, tt.line, n, c.Kind, tt.kind)
				}
			}
			for _, n := range tt.lacks {
				if slices.Contains(got, n) {
					t.Errorf("%s %q: %q offered in %v", name, tt.line, n, got)
				}
			}
		}
	}
}

// TestActionTypesFromSchema checks that the action types are exactly the
// values of the action union's tag, with spans after '!' and '('.
func TestActionTypesFromSchema(t *testing.T) {
	e := loadEngine(t, fixture100)
	u := txActions(e.schema)
	if u == nil {
		t.Fatal("no transaction action union in the 10.0 schema")
	}
	var want []string
	for _, v := range u.Member(u.Tag).Type.Values {
		want = append(want, v.Name)
	}
	cs := complete(t, e, "!transaction(|")
	got := displays(cs)
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) || len(want) < 10 {
		t.Errorf("action types %v, want %v", got, want)
	}
	if c := cs[0]; c.Start != 13 || c.End != 13 {
		t.Errorf("span [%d,%d], want [13,13]", c.Start, c.End)
	}
	c := find(t, complete(t, e, "transaction( drive-back|"), "drive-backup")
	if !c.Deprecated || c.Summary != "transaction action · 17 args (3 required) · deprecated" || c.Start != 13 || c.End != 23 {
		t.Errorf("drive-backup: %+v", c)
	}
}

// TestCompleteIn checks lines of a multi-line transaction, which only a
// Parser knows to be inside one, and HMP mode.
func TestCompleteIn(t *testing.T) {
	e := loadEngine(t, fixture100)
	var p cmdline.Parser
	if _, more, err := p.Feed("transaction("); !more || err != nil {
		t.Fatalf("Feed: more %v, err %v", more, err)
	}
	tests := []struct {
		line string
		kind Kind
		has  string
	}{
		{"blockdev-snap|", Action, "blockdev-snapshot-sync"},
		{"blockdev-snapshot-sync |", Argument, "snapshot-file"},
		{"blockdev-snapshot-sync device=d0 ; block-dirty-bitmap-add n|", Argument, "node"},
		{"blockdev-snapshot-sync mode=e|", Value, "existing"},
		{"blockdev-snapshot-sync snapshot-file=x mo|de=existing", Argument, "mode"},
		{") |", Argument, "completion-mode"},
	}
	for _, tt := range tests {
		text, cursor := at(t, tt.line)
		cs := e.CompleteIn(&p, text, cursor)
		checkSpans(t, text, cs)
		if c := find(t, cs, tt.has); c.Kind != tt.kind {
			t.Errorf("%q: %q has kind %v, want %v", tt.line, tt.has, c.Kind, tt.kind)
		}
	}
	if !p.Pending() {
		t.Error("CompleteIn changed the parser")
	}
	// Without the parser the same line is a command.
	if c := first(complete(t, e, "blockdev-snap|")); c.Kind != Command {
		t.Errorf("outside a transaction: %+v", c)
	}
	h := cmdline.Parser{HMPMode: true}
	if cs := e.CompleteIn(&h, "info", 2); len(cs) != 0 {
		t.Errorf("HMP mode: %v", displays(cs))
	}
}
