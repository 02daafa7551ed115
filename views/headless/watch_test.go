package headless

import (
	"strings"
	"testing"
	"time"

	"github.com/qmpdash/qmpdash/app/jsondiff"
	"github.com/qmpdash/qmpdash/app/watch"
)

func TestWatchPrinter(t *testing.T) {
	spec, err := watch.Parse("1s query-status")
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 1, 2, 3, 4, 5, 0, time.Local)
	first := watch.Snapshot{Reply: []byte(`{"status":"running"}`), Refreshed: at, Refreshes: 1}
	same := watch.Snapshot{Reply: []byte(`{"status":"running"}`), Refreshed: at, Refreshes: 2}
	changes, n := jsondiff.Diff([]byte(`{"status":"running","a":1}`), []byte("{\"status\":\"pau\x1b[31msed\",\"b\":2}"))
	changed := watch.Snapshot{Reply: []byte(`{}`), Refreshed: at, Refreshes: 3, Count: 1, Changes: changes, ChangedPaths: n}
	// A server's JSON escape stays an escape; the client lets no raw
	// control character through in a JSON line.
	changes, n = jsondiff.Diff([]byte(`{"status":"running","a":1}`), []byte(`{"status":"pau\u001b[31msed","b":2}`))
	changedJSON := watch.Snapshot{Reply: []byte(`{}`), Refreshed: at, Refreshes: 3, Count: 1, Changes: changes, ChangedPaths: n}
	for _, tc := range []struct {
		name          string
		changes, json bool
		snap          watch.Snapshot
		want          string
	}{
		{"reply", false, false, first, "03:04:05  every 1s: query-status  · 0 changed\n{\n  \"status\": \"running\"\n}\n\n"},
		{"changes: the first reply is the base", true, false, first, "03:04:05  every 1s: query-status  · 0 changed\n{\n  \"status\": \"running\"\n}\n"},
		{"changes: nothing changed, nothing printed", true, false, same, ""},
		{"changes, escaped", true, false, changed, "03:04:05  every 1s: query-status  · 1 changed\n" +
			`~ .status: "running" → "pau\u001b[31msed"` + "\n+ .b: 2\n- .a: 1\n"},
		{"json reply", false, true, first, `{"time":"` + at.Format(time.RFC3339Nano) + `","command":"query-status","refresh":1,"changed":0,"return":{"status":"running"}}` + "\n"},
		{"json changes", true, true, changedJSON, `{"time":"` + at.Format(time.RFC3339Nano) + `","command":"query-status","refresh":3,"changed":1,"changes":[` +
			`{"op":"change","path":".status","old":"running","new":"pau\u001b[31msed"},{"op":"add","path":".b","new":2},{"op":"remove","path":".a","old":1}]}` + "\n"},
	} {
		var b strings.Builder
		p := WatchPrinter{Out: &b, Spec: spec, Changes: tc.changes, JSON: tc.json}
		if err := p.Print(tc.snap); err != nil || b.String() != tc.want {
			t.Errorf("%s: %v\n got %q\nwant %q", tc.name, err, b.String(), tc.want)
		}
	}
}
