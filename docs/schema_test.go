package docs

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
)

func TestParseFixtures(t *testing.T) {
	for _, name := range allFixtures {
		t.Run(name, func(t *testing.T) {
			fx := loadFixture(t, name)
			s, err := ParseSchema(fx.Schema)
			if err != nil {
				t.Fatal(err)
			}
			if !s.Introspected() {
				t.Error("Introspected() = false for query-qmp-schema")
			}
			var listed []struct{ Name string }
			if err := json.Unmarshal(fx.Commands, &listed); err != nil {
				t.Fatal(err)
			}
			if got := len(s.Commands()); got != len(listed) {
				t.Errorf("%d commands in schema, query-commands lists %d", got, len(listed))
			}
			for _, c := range listed {
				cmd := s.Command(c.Name)
				if cmd == nil {
					t.Errorf("command %q from query-commands missing in schema", c.Name)
					continue
				}
				if cmd.Args == nil || cmd.Returns == nil || !cmd.Enabled {
					t.Errorf("command %q: Args %v Returns %v Enabled %v", c.Name, cmd.Args, cmd.Returns, cmd.Enabled)
				}
			}
			var entries []struct {
				MetaType string `json:"meta-type"`
			}
			if err := json.Unmarshal(fx.Schema, &entries); err != nil {
				t.Fatal(err)
			}
			events := 0
			for _, e := range entries {
				if e.MetaType == "event" {
					events++
				}
			}
			if got := len(s.Events()); got != events || events == 0 {
				t.Errorf("%d events in model, %d in fixture", got, events)
			}
			byName := func(a, b *Command) int { return strings.Compare(a.Name, b.Name) }
			if !slices.IsSortedFunc(s.Commands(), byName) {
				t.Error("Commands() not sorted by name")
			}
			if !slices.IsSortedFunc(s.Events(), func(a, b *Event) int { return strings.Compare(a.Name, b.Name) }) {
				t.Error("Events() not sorted by name")
			}
		})
	}
}

// TestFixtureFacts checks facts about real commands that every client of
// the model relies on, on every fixture.
func TestFixtureFacts(t *testing.T) {
	facts := []struct {
		name string
		// system marks facts of the system emulator; the storage daemon
		// has no guest, so no run state and no lifecycle events.
		system bool
		check  func(t *testing.T, s *Schema)
	}{
		{"block_resize members", false, func(t *testing.T, s *Schema) {
			args := s.Command("block_resize").Args
			for _, want := range []struct {
				name     string
				typ      string
				optional bool
			}{{"device", "str", true}, {"node-name", "str", true}, {"size", "int", false}} {
				m := args.Member(want.name)
				if m == nil {
					t.Fatalf("no member %q", want.name)
				}
				if m.Optional != want.optional || m.Type.Kind != KindBuiltin || m.Type.Name != want.typ {
					t.Errorf("%s: optional %v type %s/%s, want %v %s", want.name, m.Optional, m.Type.Kind, m.Type.Name, want.optional, want.typ)
				}
			}
			if args.Member("size").Type.JSONType != "int" {
				t.Errorf("size json-type %q", args.Member("size").Type.JSONType)
			}
		}},
		{"blockdev-add flat union", false, func(t *testing.T, s *Schema) {
			args := s.Command("blockdev-add").Args
			if args.Tag != "driver" || args.Member("driver") == nil {
				t.Fatalf("tag %q", args.Tag)
			}
			qcow2 := args.Variant("qcow2")
			if qcow2 == nil || qcow2.Member("file") == nil || qcow2.Member("file").Optional {
				t.Fatal("qcow2 variant lacks required member file")
			}
			if args.Variant("no-such-driver") != nil || args.Member("file") != nil {
				t.Error("Variant/Member found what is not there")
			}
			// file is an alternate of an inline node (the union itself:
			// a cycle) and a node name.
			file := qcow2.Member("file").Type
			if file.Kind != KindAlternate || !slices.Contains(file.Alternatives, args) {
				t.Errorf("file is %s, want an alternate containing the blockdev-add union", file.Describe())
			}
		}},
		{"query-status returns status enum", true, func(t *testing.T, s *Schema) {
			ret := s.Command("query-status").Returns
			st := ret.Member("status")
			if ret.Kind != KindObject || st == nil || st.Type.Kind != KindEnum {
				t.Fatalf("returns %s", ret.Describe())
			}
			for _, v := range []string{"running", "paused"} {
				if st.Type.Value(v) == nil {
					t.Errorf("status lacks %q", v)
				}
			}
		}},
		{"lifecycle events", true, func(t *testing.T, s *Schema) {
			for _, e := range []string{"STOP", "RESUME", "SHUTDOWN"} {
				if s.Event(e) == nil || s.Event(e).Data == nil {
					t.Errorf("event %s missing", e)
				}
			}
			if s.Event("SHUTDOWN").Data.Member("guest") == nil {
				t.Error("SHUTDOWN data lacks guest")
			}
			if s.Event("NO_SUCH_EVENT") != nil || s.Command("no-such-command") != nil {
				t.Error("lookup of unknown names returned non-nil")
			}
		}},
		{"features and flags", false, func(t *testing.T, s *Schema) {
			if !HasFeature(s.Command("drive-backup").Features, FeatureDeprecated) {
				t.Error("drive-backup not deprecated")
			}
			if !HasFeature(s.Command("x-debug-query-block-graph").Features, FeatureUnstable) {
				t.Error("x-debug-query-block-graph not unstable")
			}
			if HasFeature(s.Command("blockdev-add").Features, FeatureDeprecated) {
				t.Error("blockdev-add deprecated")
			}
			if ret := s.Command("query-block-jobs").Returns; ret.Kind != KindArray || ret.Element.Kind != KindObject {
				t.Errorf("query-block-jobs returns %s", ret.Describe())
			}
		}},
	}
	for _, name := range allFixtures {
		s := loadSchema(t, name)
		for _, f := range facts {
			if f.system && name == fixtureQSD {
				continue
			}
			t.Run(name+"/"+f.name, func(t *testing.T) { f.check(t, s) })
		}
	}
}

func TestFixtureDifferences(t *testing.T) {
	tests := []struct {
		fixture   string
		system    bool // device_add, query-status, STOP: a guest exists
		oob       bool
		hmpReturn string
	}{
		{fixture72, true, true, "str"},
		{fixture100, true, true, "str"},
		{fixtureQSD, false, false, ""},
	}
	for _, tt := range tests {
		t.Run(tt.fixture, func(t *testing.T) {
			s := loadSchema(t, tt.fixture)
			for _, c := range []string{"device_add", "query-status"} {
				if got := s.Command(c) != nil; got != tt.system {
					t.Errorf("%s present = %v, want %v", c, got, tt.system)
				}
			}
			if got := s.Event("STOP") != nil; got != tt.system {
				t.Errorf("STOP present = %v, want %v", got, tt.system)
			}
			if got := s.Command("migrate-pause") != nil && s.Command("migrate-pause").AllowOOB; got != tt.oob {
				t.Errorf("migrate-pause allow-oob = %v, want %v", got, tt.oob)
			}
			if s.Command("query-status") != nil && s.Command("query-status").AllowOOB {
				t.Error("query-status allows oob")
			}
			if tt.hmpReturn != "" && s.Command("human-monitor-command").Returns.Name != tt.hmpReturn {
				t.Errorf("human-monitor-command returns %s", s.Command("human-monitor-command").Returns.Describe())
			}
		})
	}
}
