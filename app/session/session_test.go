package session

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/qmpdash/qmpdash/app/cmdline"
	"github.com/qmpdash/qmpdash/app/send"
	"github.com/qmpdash/qmpdash/app/store"
	"github.com/qmpdash/qmpdash/app/transport"
	"github.com/qmpdash/qmpdash/qmp"
	"github.com/qmpdash/qmpdash/qmp/qmptest"
)

// serveSession answers the session's start-up queries on a fake server.
func serveSession(p *qmptest.Peer, status string) {
	p.Negotiate()
	for i := 0; i < 3; i++ { // query-status, query-commands, query-qmp-schema
		r := p.ReadRequest()
		switch r.Name() {
		case "query-status":
			p.Reply(r, `{"status": "`+status+`", "running": false}`)
		case "query-commands":
			p.Reply(r, `[{"name": "stop"}, {"name": "query-status"}]`)
		default:
			p.ReplyError(r, "CommandNotFound", "no introspection here")
		}
	}
}

// startSession runs a session with cfg on srv until the test ends; Addr,
// Protocol and a fast Backoff are set here. It reads no documentation,
// whose notices would depend on the man pages installed.
func startSession(t *testing.T, srv *qmptest.Server, cfg Config) *Session {
	cfg.Addr, cfg.Protocol, cfg.NoDocs = srv.Path, transport.ProtocolQMP, true
	cfg.Backoff = qmp.Backoff{Initial: 10 * time.Millisecond}
	if cfg.Keepalive == 0 {
		cfg.Keepalive = -1 // a probe would be a request the script does not expect
	}
	s := New(cfg)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { s.Run(ctx); close(done) }()
	t.Cleanup(func() { cancel(); <-done })
	return s
}

// readySession is startSession on a fake server that answered the
// start-up queries (run state "running"); it returns once the schema is
// loaded, with the server's side of the connection.
func readySession(t *testing.T, cfg Config) (*Session, *qmptest.Server, *qmptest.Peer) {
	srv := qmptest.NewServer(t)
	s := startSession(t, srv, cfg)
	p := srv.Accept()
	serveSession(p, "running")
	qmptest.Eventually(t, "schema", func() bool { return s.Schema() != nil })
	return s, srv, p
}

func TestSessionRecordsEventsAndRunState(t *testing.T) {
	srv := qmptest.NewServer(t)
	s := startSession(t, srv, Config{})
	p := srv.Accept()
	serveSession(p, "paused")
	qmptest.Eventually(t, "run state from query-status", func() bool { return s.State().RunState == "paused" })
	qmptest.Eventually(t, "schema fallback", func() bool { return s.State().SchemaSource == SchemaFromCommandList })
	p.Event("RESUME", "")
	p.Event("RTC_CHANGE", `{"offset": 1}`)
	qmptest.Eventually(t, "events in the log", func() bool { return s.Events.Len() == 2 })
	if st := s.State(); st.RunState != "running" || st.Conn != qmp.StateReady || st.Greeting.Version.Major != 7 {
		t.Fatalf("state = %+v", st)
	}
}

func TestSessionSendRecordsOutcome(t *testing.T) {
	s, _, p := readySession(t, Config{})
	line, _ := cmdline.Parse("stop")
	seq, err := s.Send(line, "stop")
	if err != nil {
		t.Fatal(err)
	}
	r := p.Expect("stop")
	p.Write(qmptest.EventLine("STOP", ""), qmptest.ReplyLine(r, "{}"))
	qmptest.Eventually(t, "ok", func() bool { e, _ := s.Commands.Get(seq); return e.Status == store.OK })

	// The fallback schema knows command names: a typo never leaves.
	line, _ = cmdline.Parse("stpo")
	var verr *send.ValidationError
	if _, err := s.Send(line, "stpo"); !errors.As(err, &verr) {
		t.Fatalf("typo: err = %v", err)
	}
	if s.Commands.Len() != 1 {
		t.Fatalf("a rejected line reached the command log")
	}
}

func TestSessionSendWhileDisconnectedKeepsNothingPending(t *testing.T) {
	s := New(Config{Addr: "/nonexistent/qmp.sock"})
	line, _ := cmdline.Parse("query-status")
	if _, err := s.Send(line, "query-status"); !errors.Is(err, send.ErrNotConnected) {
		t.Fatalf("err = %v", err)
	}
	if s.Commands.Len() != 0 {
		t.Fatal("an unsent command was logged")
	}
}

func TestSessionReconnectsAndInterruptsPending(t *testing.T) {
	s, srv, p := readySession(t, Config{})
	line, _ := cmdline.Parse("query-status")
	seq, err := s.Send(line, "query-status")
	if err != nil {
		t.Fatal(err)
	}
	p.Expect("query-status")
	p.Close() // the monitor goes away with the request in flight
	qmptest.Eventually(t, "interrupted", func() bool { e, _ := s.Commands.Get(seq); return e.Status == store.Interrupted })
	qmptest.Eventually(t, "disconnect notice", func() bool { return noticeWith(s, "disconnected") })
	p2 := srv.Accept() // the session dials again by itself
	serveSession(p2, "paused")
	qmptest.Eventually(t, "reconnected", func() bool { st := s.State(); return st.Conn == qmp.StateReady && st.RunState == "paused" })
}

func TestSessionReadOnlyRefusesBeforeSending(t *testing.T) {
	s, _, p := readySession(t, Config{Policy: send.Policy{ReadOnly: true, Confirm: send.DefaultConfirm()}})
	line, _ := cmdline.Parse("stop")
	if _, err := s.Send(line, "stop"); !errors.Is(err, send.ErrReadOnly) {
		t.Fatalf("stop in read-only mode: %v", err)
	}
	line, _ = cmdline.Parse("query-status")
	out, err := s.Check(line, "query-status")
	if err != nil || s.NeedsConfirm(out) {
		t.Fatalf("query-status: %v, confirm %v", err, s.NeedsConfirm(out))
	}
	if _, err := s.SendChecked(out); err != nil {
		t.Fatal(err)
	}
	r := p.Expect("query-status") // the first request QEMU sees: stop never left
	p.Reply(r, `{"status": "running"}`)
}

func TestSessionTimeoutThenLateReplyIsAttached(t *testing.T) {
	s, _, p := readySession(t, Config{Timeouts: map[string]time.Duration{"stop": 50 * time.Millisecond}})

	line, _ := cmdline.Parse("stop")
	seq, err := s.Send(line, "stop")
	if err != nil {
		t.Fatal(err)
	}
	r := p.Expect("stop")
	if string(r.ID) != `"c1"` {
		t.Fatalf("request id %s: want the log entry's", r.ID)
	}
	qmptest.Eventually(t, "timed out", func() bool { e, _ := s.Commands.Get(seq); return e.Status == store.TimedOut })
	p.Reply(r, "{}") // QEMU answers after all
	qmptest.Eventually(t, "late reply attached", func() bool {
		e, _ := s.Commands.Get(seq)
		return e.Late && e.Status == store.OK && len(e.Reply) > 0 && strings.Contains(string(e.Request), `"execute":"stop"`)
	})
}
