package views

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gdamore/tcell/v2"
	"github.com/qmpdash/qmpdash/app/session"
	"github.com/qmpdash/qmpdash/app/wirelog"
	"github.com/qmpdash/qmpdash/docs/docstest"
	"github.com/qmpdash/qmpdash/keymap"
	"github.com/qmpdash/qmpdash/qmp"
	"github.com/qmpdash/qmpdash/qmp/qmptest"
)

// writeRecording writes a session log as qmpdash records one: for web1 a
// greeting, the handshake, the schema query, events around a stop command
// and a failed command; for db1 a greeting and a RESET event.
func writeRecording(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "recorded.jsonl")
	l, err := wirelog.Open(path, "web1", "unix:/run/web1.sock", 0)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	at := time.Date(2026, 3, 4, 5, 6, 7, 0, time.Local)
	msg := func(dir qmp.Direction, data string) {
		at = at.Add(time.Millisecond)
		l.Tap(qmp.WireMessage{Dir: dir, Time: at, Data: []byte(data)})
	}
	fx := docstest.Load(t, docstest.QEMU72)
	l.Mark("connected", "qmp")
	msg(qmp.In, qmptest.Greeting72)
	msg(qmp.Out, `{"execute":"qmp_capabilities","id":1}`)
	msg(qmp.In, `{"return": {}, "id": 1}`)
	msg(qmp.Out, `{"execute":"query-qmp-schema","id":"auto:query-qmp-schema:1"}`)
	msg(qmp.In, `{"return": `+string(fx.Schema)+`, "id": "auto:query-qmp-schema:1"}`)
	for _, ev := range []string{"RTC_CHANGE", "STOP", "RTC_CHANGE", "RESUME", "RTC_CHANGE"} {
		msg(qmp.In, strings.TrimSpace(qmptest.EventLine(ev, `{"offset": 1}`)))
	}
	msg(qmp.Out, `{"execute":"stop","id":"c1"}`)
	msg(qmp.In, `{"return": {}, "id": "c1"}`)
	msg(qmp.Out, `{"execute":"device_del","arguments":{"id":"nope"},"id":"c2"}`)
	msg(qmp.In, `{"id": "c2", "error": {"class": "DeviceNotFound", "desc": "Device 'nope' not found"}}`)
	db, err := wirelog.Open(path, "db1", "unix:/run/db1.sock", 0)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	db.Tap(qmp.WireMessage{Dir: qmp.In, Time: at, Data: []byte(qmptest.Greeting72)})
	db.Tap(qmp.WireMessage{Dir: qmp.In, Time: at, Data: []byte(`{"event": "RESET", "data": {"guest": true}}`)})
	return path
}

// recordedFleet is a fleet of a recording's sessions, as the viewer shows
// them, and its first session.
func recordedFleet(t *testing.T, path string) (*session.Fleet, *session.Session) {
	t.Helper()
	sessions, err := session.LoadRecording(session.RecordingOptions{NoDocs: true}, path)
	if err != nil {
		t.Fatal(err)
	}
	fleet := session.NewFleet(context.Background(), session.FleetConfig{})
	for _, s := range sessions {
		fleet.Adopt(s)
	}
	return fleet, sessions[0]
}

func TestViewerShowsAndFiltersARecording(t *testing.T) {
	h := startHarness(t, harnessOptions{recording: writeRecording(t)})
	s := h.waitFor("the recorded events and commands", func(s string) bool {
		return strings.Contains(s, "RESUME") && strings.Contains(s, "DeviceNotFound")
	})
	if !strings.Contains(s, "QEMU 7.2.22") || !strings.Contains(s, "running") || h.s.Schema() == nil {
		t.Fatalf("greeting, run state or schema missing:\n%s", s)
	}
	if !strings.Contains(s, "db1") || strings.Contains(s, "RESET") {
		t.Fatalf("db1 is not a VM of its own:\n%s", s)
	}
	// nothing can be sent
	h.typeText("stop")
	h.press(keymap.InputSubmit)
	h.waitText("recorded log: read-only")

	h.press(keymap.InputLeave) // input → event pane
	h.press(keymap.FilterEdit)
	h.waitText("Event filter")
	h.typeText("!RTC_*")
	h.key(tcell.KeyEnter)
	s = h.waitFor("RTC_* excluded", func(s string) bool {
		return !strings.Contains(s, "Event filter") && strings.Contains(s, "filter: !RTC_*")
	})
	events := rowsOf(s, 2, 22)
	if strings.Contains(events, "RTC_CHANGE") || !strings.Contains(events, "STOP") || !strings.Contains(events, "RESUME") {
		t.Fatalf("filtered events:\n%s", s)
	}
}

func TestViewerSavesButDoesNotReplay(t *testing.T) {
	h := startHarness(t, harnessOptions{recording: writeRecording(t)})
	h.waitText("DeviceNotFound")
	t.Chdir(t.TempDir()) // short names type faster
	h.typeText(":save saved.jsonl")
	h.press(keymap.InputSubmit)
	h.waitText("saved 5 events and 2 commands to saved.jsonl")
	if _, err := os.Stat("saved.jsonl"); err != nil {
		t.Fatal(err)
	}
	h.typeText(":replay saved.jsonl")
	h.press(keymap.InputSubmit)
	h.waitText("recorded log: read-only")
}

func TestDashboardReplaysAScript(t *testing.T) {
	h := startHarness(t, harnessOptions{reply: func(r qmptest.Request) string {
		if r.Name() == "stop" {
			return qmptest.EventLine("STOP", "") + qmptest.ReplyLine(r, "{}")
		}
		return qmptest.ReplyLine(r, "{}")
	}})
	t.Chdir(t.TempDir())
	if err := os.WriteFile("pause.qmp", []byte("stop\n@wait STOP 5s\nquery-status\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	h.typeText(":replay pause.qmp")
	h.press(keymap.InputSubmit)
	h.waitText("replay pause.qmp: done, 3 steps as expected")
	if h.s.Commands.Len() != 2 {
		t.Fatalf("%d commands after the replay", h.s.Commands.Len())
	}
}

func TestReplayAndSaveRefuseBadNamesInTheInputLine(t *testing.T) {
	h := startHarness(t, harnessOptions{})
	t.Chdir(t.TempDir())
	if err := os.WriteFile("taken", nil, 0o600); err != nil {
		t.Fatal(err)
	}
	h.typeText(":replay nope.qmp")
	h.press(keymap.InputSubmit)
	s := h.waitText("no such file or directory")
	if !strings.Contains(s, "> :replay nope.qmp") {
		t.Fatalf("the mistyped line was not kept:\n%s", s)
	}
	h.d.app.QueueUpdateDraw(func() { h.d.input.SetText(":save taken") })
	h.press(keymap.InputSubmit)
	s = h.waitText("taken exists; :save writes only new files")
	if !strings.Contains(s, "> :save taken") {
		t.Fatalf("the refused line was not kept:\n%s", s)
	}
}
