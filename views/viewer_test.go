package views

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gdamore/tcell/v2"
	"github.com/qmpdash/qmpdash/app/history"
	"github.com/qmpdash/qmpdash/app/session"
	"github.com/qmpdash/qmpdash/app/wirelog"
	"github.com/qmpdash/qmpdash/docs/docstest"
	"github.com/qmpdash/qmpdash/qmp"
	"github.com/qmpdash/qmpdash/qmp/qmptest"
	"github.com/qmpdash/qmpdash/views/widget"
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

// startViewer opens the dashboard on a recording's sessions.
func startViewer(t *testing.T, path string) *harness {
	t.Helper()
	sessions, err := session.LoadRecording(session.RecordingOptions{NoDocs: true}, path)
	if err != nil {
		t.Fatal(err)
	}
	fleet := session.NewFleet(context.Background(), session.FleetConfig{})
	for _, s := range sessions {
		fleet.Adopt(s)
	}
	th := widget.DefaultTheme()
	widget.ApplyTviewStyles(th)
	screen := tcell.NewSimulationScreen("UTF-8")
	if err := screen.Init(); err != nil {
		t.Fatal(err)
	}
	d := NewDashboard(fleet, Options{Screen: screen, Theme: th, History: history.File{Path: filepath.Join(t.TempDir(), "history")}})
	ctx, cancel := context.WithCancel(context.Background())
	stopped := make(chan struct{})
	go func() { d.Run(ctx); close(stopped) }()
	t.Cleanup(func() { cancel(); <-stopped })
	d.app.QueueUpdateDraw(func() { screen.SetSize(160, screenRows) })
	return &harness{t: t, d: d, screen: screen, s: sessions[0], stopped: stopped}
}

func TestViewerShowsAndFiltersARecording(t *testing.T) {
	h := startViewer(t, writeRecording(t))
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
	h.key(tcell.KeyEnter)
	h.waitText("recorded log: read-only")

	h.key(tcell.KeyEscape) // input → event pane
	h.typeText("/")
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
	h := startViewer(t, writeRecording(t))
	h.waitText("DeviceNotFound")
	t.Chdir(t.TempDir()) // short names type faster
	h.typeText(":save saved.jsonl")
	h.key(tcell.KeyEnter)
	h.waitText("saved 5 events and 2 commands to saved.jsonl")
	if _, err := os.Stat("saved.jsonl"); err != nil {
		t.Fatal(err)
	}
	h.typeText(":replay saved.jsonl")
	h.key(tcell.KeyEnter)
	h.waitText("recorded log: read-only")
}

func TestDashboardReplaysAScript(t *testing.T) {
	h := startHarness(t, widget.DefaultTheme(), func(r qmptest.Request) string {
		if r.Name() == "stop" {
			return qmptest.EventLine("STOP", "") + qmptest.ReplyLine(r, "{}")
		}
		return qmptest.ReplyLine(r, "{}")
	})
	t.Chdir(t.TempDir())
	if err := os.WriteFile("pause.qmp", []byte("stop\n@wait STOP 5s\nquery-status\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	h.typeText(":replay pause.qmp")
	h.key(tcell.KeyEnter)
	h.waitText("replay pause.qmp: done, 3 steps as expected")
	if h.s.Commands.Len() != 2 {
		t.Fatalf("%d commands after the replay", h.s.Commands.Len())
	}
}

func TestReplayAndSaveRefuseBadNamesInTheInputLine(t *testing.T) {
	h := startHarness(t, widget.DefaultTheme(), nil)
	t.Chdir(t.TempDir())
	if err := os.WriteFile("taken", nil, 0o600); err != nil {
		t.Fatal(err)
	}
	h.typeText(":replay nope.qmp")
	h.key(tcell.KeyEnter)
	s := h.waitText("no such file or directory")
	if !strings.Contains(s, "> :replay nope.qmp") {
		t.Fatalf("the mistyped line was not kept:\n%s", s)
	}
	h.d.app.QueueUpdateDraw(func() { h.d.input.SetText(":save taken") })
	h.key(tcell.KeyEnter)
	s = h.waitText("taken exists; :save writes only new files")
	if !strings.Contains(s, "> :save taken") {
		t.Fatalf("the refused line was not kept:\n%s", s)
	}
}
