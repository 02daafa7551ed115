package replay

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/qmpdash/qmpdash/app/jsondiff"
)

func TestParseScript(t *testing.T) {
	script := `# comment
query-status

@expect-error GenericError
device_add driver=nope
transaction(
  block-dirty-bitmap-add node=d0 name=b0
)
@wait STOP
@wait RESET 2s
@sleep 150ms
{"execute": "cont"}
`
	steps, err := ParseScript("s.qmp", script)
	if err != nil {
		t.Fatal(err)
	}
	want := []struct {
		kind   StepKind
		line   int
		text   string
		expect string
		event  string
		d      time.Duration
	}{
		{StepCommand, 2, "query-status", "", "", 0},
		{StepCommand, 5, "device_add driver=nope", "GenericError", "", 0},
		{StepCommand, 6, "transaction(\n  block-dirty-bitmap-add node=d0 name=b0\n)", "", "", 0},
		{StepWait, 9, "", "", "STOP", DefaultWaitTimeout},
		{StepWait, 10, "", "", "RESET", 2 * time.Second},
		{StepSleep, 11, "", "", "", 150 * time.Millisecond},
		{StepCommand, 12, `{"execute": "cont"}`, "", "", 0},
	}
	if len(steps) != len(want) {
		t.Fatalf("%d steps: %+v", len(steps), steps)
	}
	for i, w := range want {
		s := steps[i]
		if s.Kind != w.kind || s.Line != w.line || s.Text != w.text || s.ExpectError != w.expect || s.Event != w.event || s.Timeout != w.d {
			t.Errorf("step %d = %+v, want %+v", i, s, w)
		}
		if s.Kind == StepCommand && s.Cmd == nil {
			t.Errorf("step %d not parsed", i)
		}
	}
}

func TestParseScriptErrors(t *testing.T) {
	for _, tc := range []struct{ script, want string }{
		{"stop\nblock_resize device=\"d0\n", `s.qmp:2: `},
		{"@wait\n", "s.qmp:1: usage: @wait EVENT [TIMEOUT]"},
		{"@wait STOP soon\n", `s.qmp:1: @wait: bad timeout "soon"`},
		{"@sleep\n", "s.qmp:1: usage: @sleep DURATION"},
		{"@expect-error GenericError\n@sleep 1s\nstop\n", "s.qmp:2: @expect-error must come right before a command"},
		{"stop\n@expect-error GenericError\n", "@expect-error at the end"},
		{"@frob\n", "s.qmp:1: unknown directive @frob"},
		{"transaction(\n  stop\n", "s.qmp:1: unterminated transaction"},
	} {
		_, err := ParseScript("s.qmp", tc.script)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: error %v, want %q", tc.script, err, tc.want)
		}
	}
}

func TestDiffReplies(t *testing.T) {
	recorded := []byte(`{"return": {"status": "running", "running": true, "list": [1, 2], "gone": "x"}, "id": "c1"}`)
	got := []byte(`{"id": 7, "return": {"running": true, "status": "paused", "list": [1, 2, 3], "empty": {}}}`)
	diff := DiffReplies(recorded, got)
	want := []string{"~ .return.status: running → paused", "+ .return.list[2]=3", "+ .return.empty={}", "- .return.gone=x"}
	if strings.Join(diff, "\n") != strings.Join(want, "\n") {
		t.Fatalf("diff:\n%s", strings.Join(diff, "\n"))
	}
	if d := DiffReplies(recorded, recorded); len(d) != 0 {
		t.Fatalf("a reply differs from itself: %v", d)
	}
	if d := DiffReplies([]byte(`{"error": {"class": "GenericError", "desc": "a"}}`), []byte(`{"return": {}}`)); len(d) != 2 {
		t.Fatalf("error vs return: %v", d)
	}
	// A nested id is the id too; a long list is cut and counts the rest,
	// also past what jsondiff keeps.
	if d := DiffReplies([]byte(`{"id": {"n": 1}, "return": 1}`), []byte(`{"id": {"n": 2}, "return": 1}`)); len(d) != 0 {
		t.Fatalf("a nested id differs: %v", d)
	}
	for _, n := range []int{30, jsondiff.MaxChanges + 30} {
		old, cur := make([]int, n), make([]int, n)
		for i := range cur {
			cur[i] = i + 1
		}
		a, _ := json.Marshal(map[string]any{"return": old})
		b, _ := json.Marshal(map[string]any{"return": cur})
		d := DiffReplies(a, b)
		if want := fmt.Sprintf("… %d more differences", n-maxDiffLines); len(d) != maxDiffLines+1 || d[maxDiffLines] != want {
			t.Fatalf("%d differences: %d lines, last %q, want %q", n, len(d), d[len(d)-1], want)
		}
	}
}
