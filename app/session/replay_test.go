package session

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/qmpdash/qmpdash/app/replay"
	"github.com/qmpdash/qmpdash/app/store"
	"github.com/qmpdash/qmpdash/qmp/qmptest"
)

// pausingSession is a ready session whose fake server answers stop with
// a STOP event and then the reply, and everything else with {}.
func pausingSession(t *testing.T) *Session {
	s, _, p := readySession(t, Config{Name: "vm1"})
	go p.Serve(func(r qmptest.Request) string {
		if r.Name() == "stop" {
			return qmptest.EventLine("STOP", "") + qmptest.ReplyLine(r, "{}")
		}
		return qmptest.ReplyLine(r, "{}")
	})
	return s
}

func hasNotice(s *Session, level store.Level, text string) bool {
	for _, n := range s.Notices.All() {
		if n.Level == level && strings.Contains(n.Text, text) {
			return true
		}
	}
	return false
}

func TestSessionReplayRunsInTheBackground(t *testing.T) {
	s := pausingSession(t)
	steps, _ := replay.ParseScript("s.qmp", "stop\n@wait STOP 2s\nquery-status\n")
	r, err := s.StartReplay("replay s.qmp", steps, replay.Options{})
	if err != nil {
		t.Fatal(err)
	}
	select {
	case <-r.Ended():
	case <-time.After(5 * time.Second):
		t.Fatal("the replay did not end")
	}
	if done, total := r.Progress(); done != 3 || total != 3 || s.Replaying() != nil {
		t.Fatalf("progress %d/%d", done, total)
	}
	if !hasNotice(s, store.Info, "replay s.qmp: done, 3 steps as expected") || s.Commands.Len() != 2 || s.State().RunState != "paused" {
		t.Fatalf("notices %+v, %d commands", s.Notices.All(), s.Commands.Len())
	}

	path := filepath.Join(t.TempDir(), "saved.jsonl")
	events, commands, err := s.SaveHistory(path)
	if err != nil || events != 1 || commands != 2 {
		t.Fatalf("saved %d events, %d commands: %v", events, commands, err)
	}
	if _, _, err := s.SaveHistory(path); err == nil {
		t.Fatal("an existing file was overwritten")
	}
	if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o600 {
		t.Fatalf("mode %v", fi.Mode().Perm())
	}
	rec, err := LoadRecording(RecordingOptions{NoDocs: true}, path)
	if err != nil || rec[0].Events.Len() != 1 || rec[0].Commands.Len() != 2 || rec[0].State().Greeting.Version.Major != 7 {
		t.Fatalf("the saved history reads back as %+v: %v", rec, err)
	}
	rf, err := replay.LoadFile(path, "")
	if err != nil || len(rf.Steps) != 2 || rf.Steps[0].Text != "stop" || rf.Steps[1].Text != "query-status" {
		t.Fatalf("the saved history replays as %+v: %v", rf, err)
	}
}

func TestSessionReplayOneAtATimeAndStop(t *testing.T) {
	s := pausingSession(t)
	steps, _ := replay.ParseScript("slow.qmp", "query-status\n@sleep 10s\nstop\n")
	r, err := s.StartReplay("replay slow.qmp", steps, replay.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.StartReplay("other", steps, replay.Options{}); !errors.Is(err, ErrReplayRunning) {
		t.Fatalf("second replay: %v", err)
	}
	qmptest.Eventually(t, "the first command", func() bool { done, _ := r.Progress(); return done == 1 })
	if !s.StopReplay() {
		t.Fatal("no replay to stop")
	}
	<-r.Ended()
	if !hasNotice(s, store.Warning, "replay slow.qmp stopped after 1 of 3 steps") || s.Commands.Len() != 1 {
		t.Fatalf("notices %+v", s.Notices.All())
	}
	if s.StopReplay() {
		t.Fatal("stopped a replay that had ended")
	}
}
