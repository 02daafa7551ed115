package jsondiff

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

func TestDiff(t *testing.T) {
	for _, tc := range []struct {
		name, old, new string
		want           []string // "KIND PATH OLD NEW"
	}{
		{"equal", `{"status":"running","running":true}`, `{"status":"running","running":true}`, nil},
		{"a leaf changed", `{"status":"running","running":true}`, `{"status":"paused","running":false}`,
			[]string{`~ .status "running" "paused"`, `~ .running true false`}},
		{"member added and removed", `{"a":1,"b":2}`, `{"b":2,"c":3}`,
			[]string{`+ .c  3`, `- .a 1 `}},
		{"order of members is no change", `{"a":1,"b":2}`, `{"b":2,"a":1}`, nil},
		{"nested", `{"x":{"y":[1,{"z":"a"}]}}`, `{"x":{"y":[1,{"z":"b"}]}}`,
			[]string{`~ .x.y[1].z "a" "b"`}},
		{"array grew", `[{"id":"j1"}]`, `[{"id":"j1"},{"id":"j2"}]`,
			[]string{`+ .[1]  {"id":"j2"}`}},
		{"array shrank", `[1,2,3]`, `[1]`, []string{`- .[1] 2 `, `- .[2] 3 `}},
		{"type changed", `{"a":{"b":1}}`, `{"a":[1]}`, []string{`~ .a {"b":1} [1]`}},
		{"whole reply", `"info 1"`, `"info 2"`, []string{`~ . "info 1" "info 2"`}},
		{"quoted key", `{"a b":1,"ok-key_2":1}`, `{"a b":2,"ok-key_2":2}`,
			[]string{`~ ."a b" 1 2`, `~ .ok-key_2 1 2`}},
		{"from nothing", ``, `{"a":1}`, []string{`~ .  {"a":1}`}},
	} {
		changes, total := Diff([]byte(tc.old), []byte(tc.new))
		var got []string
		for _, c := range changes {
			got = append(got, fmt.Sprintf("%s %s %s %s", c.Kind, c.Path, c.Old, c.New))
		}
		if !slices.Equal(got, tc.want) || total != len(tc.want) {
			t.Errorf("%s: Diff = %q (%d), want %q", tc.name, got, total, tc.want)
		}
	}
}

// A reply with thousands of changes keeps MaxChanges of them and counts
// them all.
func TestDiffIsBounded(t *testing.T) {
	var a, b strings.Builder
	n := MaxChanges + 500
	a.WriteString("[")
	b.WriteString("[")
	for i := range n {
		if i > 0 {
			a.WriteString(",")
			b.WriteString(",")
		}
		fmt.Fprintf(&a, "%d", i)
		fmt.Fprintf(&b, "%d", i+1)
	}
	a.WriteString("]")
	b.WriteString("]")
	changes, total := Diff([]byte(a.String()), []byte(b.String()))
	if len(changes) != MaxChanges || total != n || changes[0].Path != ".[0]" {
		t.Fatalf("%d changes kept, %d counted, first %+v", len(changes), total, changes[0])
	}
}
