package session

import (
	"context"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/qmpdash/qmpdash/app/cmdline"
	"github.com/qmpdash/qmpdash/app/store"
	"github.com/qmpdash/qmpdash/app/transport"
	"github.com/qmpdash/qmpdash/qmp"
	"github.com/qmpdash/qmpdash/qmp/qmptest"
	"go.uber.org/goleak"
)

// marks records what a session writes to its log with Mark.
type marks struct {
	mu   sync.Mutex
	list []string
}

func (m *marks) add(mark, detail string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.list = append(m.list, mark+": "+detail)
}

func (m *marks) has(prefix string) bool {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, l := range m.list {
		if strings.HasPrefix(l, prefix) {
			return true
		}
	}
	return false
}

func (m *marks) count(prefix string) int {
	m.mu.Lock()
	defer m.mu.Unlock()
	n := 0
	for _, l := range m.list {
		if strings.HasPrefix(l, prefix) {
			n++
		}
	}
	return n
}

func noticeWith(s *Session, text string) bool {
	for _, n := range s.Notices.All() {
		if strings.Contains(n.Text, text) {
			return true
		}
	}
	return false
}

func TestSessionOutageIsMarkedInEventsNoticesAndLog(t *testing.T) {
	var m marks
	s, srv, p := readySession(t, Config{Mark: m.add})
	p.Event("STOP", "")
	qmptest.Eventually(t, "the event", func() bool { return s.Events.Len() == 1 })
	line, _ := cmdline.Parse("query-status")
	seq, err := s.Send(line, "query-status")
	if err != nil {
		t.Fatal(err)
	}
	p.Expect("query-status")
	lost := time.Now()
	p.Close()
	qmptest.Eventually(t, "the state to say disconnected", func() bool { return s.State().Conn != qmp.StateReady })
	if d := time.Since(lost); d > time.Second {
		t.Errorf("the disconnect took %v to show", d)
	}
	qmptest.Eventually(t, "the interrupted command", func() bool { e, _ := s.Commands.Get(seq); return e.Status == store.Interrupted })
	if !noticeWith(s, "query-status (#1): interrupted — outcome unknown") || !noticeWith(s, "disconnected: ") {
		t.Errorf("notices: %+v", s.Notices.All())
	}
	serveSession(srv.Accept(), "running")
	qmptest.Eventually(t, "the outage marker", func() bool { return s.Events.Len() == 2 })
	got := s.Events.Visible(0, 2, nil)
	o := got[1].Outage
	if o == nil || !got[1].IsMarker() || got[0].IsMarker() || !o.Up.After(o.Down) || o.Down.Before(lost) {
		t.Fatalf("entries: %+v", got)
	}
	if !strings.Contains(o.String(), "disconnected ") || !strings.Contains(o.String(), " … reconnected ") {
		t.Errorf("outage reads %q", o.String())
	}
	// A filter for real events hides none of the markers.
	s.Events.SetFilter(store.EventFilter{Include: []string{"NOTHING"}})
	if s.Events.VisibleLen() != 1 {
		t.Errorf("filtered: %d visible, want the marker alone", s.Events.VisibleLen())
	}
	for _, want := range []string{"disconnected: ", "reconnected: disconnected ", "connected: qmp"} {
		if !m.has(want) {
			t.Errorf("the log has no %q mark: %v", want, m.list)
		}
	}
	if s.Commands.Len() != 1 {
		t.Error("the interrupted command was sent again")
	}
}

// awaySession runs a session on a server whose socket is moved away, so
// that connection attempts fail; back puts it back.
func awaySession(t *testing.T, b qmp.Backoff, cfg Config) (s *Session, srv *qmptest.Server, back func()) {
	srv = qmptest.NewServer(t)
	if err := os.Rename(srv.Path, srv.Path+".away"); err != nil {
		t.Fatal(err)
	}
	cfg.Addr, cfg.Protocol, cfg.NoDocs, cfg.Backoff = srv.Path, transport.ProtocolQMP, true, b
	s = New(cfg)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { s.Run(ctx); close(done) }()
	t.Cleanup(func() { cancel(); <-done })
	back = func() {
		if err := os.Rename(srv.Path+".away", srv.Path); err != nil {
			t.Fatal(err)
		}
	}
	qmptest.Eventually(t, "a failed attempt", func() bool { return !s.State().RetryAt.IsZero() })
	return s, srv, back
}

func TestSessionRetryNowCutsTheWait(t *testing.T) {
	var m marks
	s, srv, back := awaySession(t, qmp.Backoff{Initial: time.Hour, Max: time.Hour}, Config{Mark: m.add})
	if s.GiveUp() && !s.RetryNow() {
		t.Fatal("RetryNow did nothing after GiveUp")
	}
	qmptest.Eventually(t, "the next wait", func() bool { return time.Until(s.State().RetryAt) > time.Minute })
	if s.RetryAt().IsZero() {
		t.Error("RetryAt is zero while a reconnection waits")
	}
	back()
	if !s.RetryNow() {
		t.Fatal("RetryNow did nothing while waiting")
	}
	serveSession(srv.Accept(), "running") // within Accept's 5s, not the hour
	qmptest.Eventually(t, "connected", func() bool { return s.State().Conn == qmp.StateReady })
	if s.RetryNow() || s.GiveUp() {
		t.Error("RetryNow or GiveUp acted while connected")
	}
	if !s.RetryAt().IsZero() {
		t.Error("RetryAt is set while connected")
	}
	if !m.has("retry-now") || !m.has("gave-up") {
		t.Errorf("marks: %v", m.list)
	}
}

func TestSessionGiveUpStopsRetrying(t *testing.T) {
	s, srv, back := awaySession(t, qmp.Backoff{Initial: 20 * time.Millisecond, Max: 20 * time.Millisecond}, Config{})
	if !s.GiveUp() {
		t.Fatal("GiveUp did nothing while retrying")
	}
	if st := s.State(); !st.GaveUp || !st.RetryAt.IsZero() || st.Conn != qmp.StateClosed {
		t.Fatalf("state after GiveUp: %+v", st)
	}
	if !noticeWith(s, "stopped reconnecting to "+srv.Path) {
		t.Errorf("notices: %+v", s.Notices.All())
	}
	back()
	time.Sleep(300 * time.Millisecond) // fifteen retry periods
	if st := s.State(); st.Conn != qmp.StateClosed || !st.GaveUp {
		t.Fatalf("the session went on trying after GiveUp: %+v", st)
	}
	s.RetryNow()
	serveSession(srv.Accept(), "running")
	qmptest.Eventually(t, "connected", func() bool { st := s.State(); return st.Conn == qmp.StateReady && !st.GaveUp })
}

func TestSessionTellsOfBadMessagesOnceASecond(t *testing.T) {
	var m marks
	s, _, p := readySession(t, Config{Mark: m.add})
	for range 50 {
		p.Write("garbage\r\n")
	}
	qmptest.Eventually(t, "every bad message in the log", func() bool { return m.count("protocol-error") == 50 })
	n := 0
	for _, note := range s.Notices.All() {
		if strings.Contains(note.Text, "the monitor sent a bad message, ignored") {
			n++
		}
	}
	if n != 1 {
		t.Fatalf("%d notices for 50 bad messages in a burst, want 1", n)
	}
	if s.State().Conn != qmp.StateReady {
		t.Fatal("garbage closed the connection")
	}
}

func TestSessionReconnectCyclesLeaveNoGoroutines(t *testing.T) {
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
	srv := qmptest.NewServer(t)
	s := New(Config{Addr: srv.Path, Protocol: transport.ProtocolQMP, NoDocs: true, Backoff: qmp.Backoff{Initial: time.Millisecond}})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { s.Run(ctx); close(done) }()
	for i := range 20 {
		p := srv.Accept()
		serveSession(p, "running")
		qmptest.Eventually(t, "connected", func() bool { return s.State().Conn == qmp.StateReady && s.Schema() != nil })
		if i%2 == 0 { // half the cycles with a request in flight
			line, _ := cmdline.Parse("query-status")
			if _, err := s.Send(line, "query-status"); err != nil {
				t.Fatal(err)
			}
			p.Expect("query-status")
		}
		p.Close()
		qmptest.Eventually(t, "disconnected", func() bool { return s.State().Conn != qmp.StateReady })
	}
	cancel()
	<-done
	qmptest.Eventually(t, "no command pending", func() bool { return s.Commands.Pending() == 0 })
	if n := s.Events.Len(); n != 19 {
		t.Errorf("%d outage markers after 20 connections, want 19", n)
	}
}

func TestSessionRereadsTheSchemaOfANewVersion(t *testing.T) {
	s, srv, p := readySession(t, Config{})
	p.Close()
	p = srv.Accept()
	p.Write(`{"QMP": {"version": {"qemu": {"micro": 2, "minor": 0, "major": 10}, "package": ""}, "capabilities": []}}` + "\r\n")
	p.Reply(p.Expect("qmp_capabilities"), "{}")
	p.Reply(p.Expect("query-status"), `{"status": "running", "running": true}`)
	p.Reply(p.Expect("query-commands"), `[{"name": "quit"}]`)
	p.Reply(p.Expect("query-qmp-schema"), `[{"name": "quit", "meta-type": "command", "arg-type": "0", "ret-type": "0"}, {"name": "0", "meta-type": "object", "members": []}]`)
	qmptest.Eventually(t, "the new schema", func() bool {
		sc := s.Schema()
		return sc != nil && sc.Command("quit") != nil && sc.Command("stop") == nil
	})
	if !noticeWith(s, "QEMU is now 10.0.2 (was 7.2.22): its schema is read again") {
		t.Errorf("notices: %+v", s.Notices.All())
	}
}
