package session

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/qmpdash/qmpdash/app/cmdline"
	"github.com/qmpdash/qmpdash/app/store"
	"github.com/qmpdash/qmpdash/app/wirelog"
	"github.com/qmpdash/qmpdash/qmp"
	"github.com/qmpdash/qmpdash/qmp/qmptest"
)

// recordSession runs a session with a log on a fake server, sends stop
// (answered with a STOP event first) and a forced unknown command, and
// receives three RTC_CHANGE events; it returns the log's path.
func recordSession(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "session.jsonl")
	l, err := wirelog.Open(path, "vm1", "unused", 0)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	s, _, p := readySession(t, Config{Name: "vm1", Log: l})
	go p.Serve(func(r qmptest.Request) string {
		if r.Name() == "stop" {
			return qmptest.EventLine("STOP", "") + qmptest.ReplyLine(r, "{}")
		}
		return fmt.Sprintf(`{"id": %s, "error": {"class": "CommandNotFound", "desc": "The command %s has not been found"}}`+"\r\n", r.ID, r.Name())
	})
	for _, text := range []string{"stop", "!frob"} {
		line, _ := cmdline.Parse(text)
		if _, err := s.Send(line, text); err != nil {
			t.Fatal(err)
		}
	}
	for i := range 3 {
		p.Event("RTC_CHANGE", fmt.Sprintf(`{"offset": %d}`, i))
	}
	qmptest.Eventually(t, "the commands' outcomes and the events", func() bool {
		return s.Commands.Pending() == 0 && s.Events.Len() == 4
	})
	return path
}

func TestLoadRecordingRebuildsTheSession(t *testing.T) {
	path := recordSession(t)
	sessions, err := LoadRecording(RecordingOptions{NoDocs: true}, path)
	if err != nil || len(sessions) != 1 {
		t.Fatalf("%d sessions, %v", len(sessions), err)
	}
	s := sessions[0]
	st := s.State()
	if s.Name() != "vm1" || st.Greeting.Version.Major != 7 || st.Mode != qmp.ModeQMP || st.RunState != "paused" ||
		st.SchemaSource != SchemaFromCommandList || s.Schema() == nil || st.Conn != qmp.StateClosed {
		t.Fatalf("state %+v", st)
	}
	if s.Events.Len() != 4 {
		t.Fatalf("%d events", s.Events.Len())
	}
	cmds := map[string]store.CommandEntry{} // in wire order, which the sends race for
	for _, c := range s.Commands.Range(0, 10, nil) {
		cmds[c.Name] = c
	}
	if c := cmds["stop"]; len(cmds) != 2 || c.Text != "stop" || c.Status != store.OK || c.Latency() <= 0 || c.Reply == nil {
		t.Errorf("stop: %+v", c)
	}
	if c := cmds["frob"]; c.Status != store.Failed || c.ErrClass != "CommandNotFound" {
		t.Errorf("frob: %+v", c)
	}
	line, _ := cmdline.Parse("stop")
	if _, err := s.Send(line, "stop"); !errors.Is(err, ErrRecorded) || err.Error() != "recorded log: read-only" {
		t.Fatalf("Send on a recording: %v", err)
	}
}

func TestLoadRecordingSplitsVMsAndSkipsBrokenLines(t *testing.T) {
	path := recordSession(t)
	other, err := wirelog.Open(path, "vm2", "unix:/vm2.sock", 0)
	if err != nil {
		t.Fatal(err)
	}
	other.Tap(qmp.WireMessage{Dir: qmp.In, Time: time.Now(), Data: []byte(qmptest.Greeting72)})
	other.Tap(qmp.WireMessage{Dir: qmp.In, Time: time.Now(), Data: []byte(`{"event": "RESET", "data": {"guest": true}}`)})
	other.Close()
	f, _ := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
	f.WriteString(`{"time": "2026-01-02T03:04:05.000000Z", "vm": "vm2", "di` + "\n") // torn
	f.Close()

	sessions, err := LoadRecording(RecordingOptions{NoDocs: true}, path)
	if err != nil || len(sessions) != 2 {
		t.Fatalf("%d sessions, %v", len(sessions), err)
	}
	vm2 := sessions[1]
	if vm2.Name() != "vm2" || vm2.State().Addr != "unix:/vm2.sock" || vm2.Events.Len() != 1 || vm2.Commands.Len() != 0 {
		t.Fatalf("vm2: %s %+v, %d events", vm2.Name(), vm2.State(), vm2.Events.Len())
	}
	if sessions[0].Events.Len() != 4 {
		t.Fatalf("vm1 has %d events", sessions[0].Events.Len())
	}
	var skipped string
	for _, n := range vm2.Notices.All() {
		if strings.HasPrefix(n.Text, "skipped ") {
			skipped = n.Text
		}
	}
	if !strings.Contains(skipped, path+":") {
		t.Fatalf("no file:line notice for the torn line; notices %+v", vm2.Notices.All())
	}
}
