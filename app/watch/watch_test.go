package watch

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/qmpdash/qmpdash/app/cmdline"
	"github.com/qmpdash/qmpdash/app/send"
	"github.com/qmpdash/qmpdash/app/store"
	"github.com/qmpdash/qmpdash/qmp"
	"github.com/qmpdash/qmpdash/qmp/qmptest"
)

// quiet is how long a test waits to see that no request comes: several
// intervals of MinInterval, so a watch that did not wait would be caught.
const quiet = 5 * MinInterval

// connectNegotiated dials a fake server and returns the client and the server's end,
// with a goroutine reading its requests into a channel so that a second
// request sent while the first is unanswered would be seen.
func connectNegotiated(t *testing.T) (*qmp.Client, *qmptest.Peer, <-chan qmptest.Request) {
	t.Helper()
	srv := qmptest.NewServer(t)
	peers := make(chan *qmptest.Peer, 1)
	go func() {
		p := srv.Accept()
		if p != nil { // by hand: Negotiate would leave a read deadline
			p.Greet()
			if r, err := p.Next(); err == nil {
				p.Reply(r, "{}")
			}
		}
		peers <- p
	}()
	c, err := qmp.Dial(context.Background(), srv.Path, qmp.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	p := <-peers
	if p == nil {
		t.FailNow()
	}
	reqs := make(chan qmptest.Request, 16)
	go func() {
		for {
			r, err := p.Next()
			if err != nil {
				close(reqs)
				return
			}
			reqs <- r
		}
	}()
	return c, p, reqs
}

// next waits for the next request, failing the test after qmptest.Timeout.
func next(t *testing.T, reqs <-chan qmptest.Request) qmptest.Request {
	t.Helper()
	select {
	case r, ok := <-reqs:
		if !ok {
			t.Fatal("connection closed")
		}
		return r
	case <-time.After(qmptest.Timeout):
		t.Fatal("no request came")
	}
	return qmptest.Request{}
}

// none fails the test if a request comes within quiet.
func none(t *testing.T, reqs <-chan qmptest.Request, why string) {
	t.Helper()
	select {
	case r, ok := <-reqs:
		if !ok {
			t.Fatal("connection closed")
		}
		t.Fatalf("%s, yet %s was sent", why, r.Line)
	case <-time.After(quiet):
	}
}

func TestWatchPollsOneRequestAtATime(t *testing.T) {
	c, p, reqs := connectNegotiated(t)
	log := store.NewCommandLog(store.Limits{})
	spec, err := Parse("200ms query-status")
	if err != nil {
		t.Fatal(err)
	}
	w := New(spec, func() *send.Sender { return &send.Sender{Client: c, Commands: log, TagRequests: true} })
	snaps := make(chan Snapshot, 16)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error)
	go func() { done <- w.Run(ctx, func(s Snapshot) error { snaps <- s; return nil }) }()

	statuses := []string{"running", "running", "paused"}
	for i, status := range statuses {
		r := next(t, reqs)
		if r.Name() != "query-status" || !strings.HasPrefix(string(r.ID), `"auto:query-status:`) {
			t.Fatalf("request %d: %s, want query-status with an automatic id", i, r.Line)
		}
		none(t, reqs, "the reply is not sent yet")
		p.Reply(r, `{"status": "`+status+`", "running": `+map[bool]string{true: "true", false: "false"}[status == "running"]+`}`)
		s := <-snaps
		if s.Err != nil || s.Refreshes != uint64(i+1) || !strings.Contains(string(s.Reply), status) {
			t.Fatalf("refresh %d: %+v", i, s)
		}
	}
	s := w.Snapshot()
	if s.Count != 1 || s.ChangedPaths != 2 || s.Changes[0].Path != ".status" || s.Changes[0].New != `"paused"` || !s.LastChange.Equal(s.Refreshed) {
		t.Fatalf("after running, running, paused: count %d, changes %+v", s.Count, s.Changes)
	}
	if log.Len() != 0 {
		t.Fatalf("the watch's requests went into the command log: %d entries", log.Len())
	}
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Fatalf("Run ended with %v", err)
	}
}

func TestWatchPausesWhileHidden(t *testing.T) {
	c, p, reqs := connectNegotiated(t)
	spec, _ := Parse("200ms query-status")
	w := New(spec, func() *send.Sender { return &send.Sender{Client: c} })
	w.SetVisible(false)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go w.Run(ctx, nil)
	none(t, reqs, "the watch is hidden")
	w.SetVisible(true)
	p.Reply(next(t, reqs), `{"status": "running"}`)
	w.SetVisible(false)
	none(t, reqs, "the watch is hidden again")
	w.SetVisible(true)
	p.Reply(next(t, reqs), `{"status": "running"}`) // stale: refreshed at once
}

func TestWatchSendsNothingWhileDisconnected(t *testing.T) {
	spec, _ := Parse("200ms query-status")
	w := New(spec, func() *send.Sender { return &send.Sender{} })
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	stop := errors.New("seen")
	err := w.Run(ctx, func(s Snapshot) error {
		if !errors.Is(s.Err, send.ErrNotConnected) || s.Reply != nil {
			t.Errorf("disconnected: %+v", s)
		}
		return stop
	})
	if err != stop {
		t.Fatalf("Run ended with %v, want notify's error", err)
	}
}

// A watch's request goes through the sender's own checks: a VM in
// read-only mode refuses a command the watch took.
func TestWatchGoesThroughThePolicy(t *testing.T) {
	c, _, reqs := connectNegotiated(t)
	line, err := cmdline.Parse("stop")
	if err != nil {
		t.Fatal(err)
	}
	spec := Spec{Interval: MinInterval, Text: "stop", Line: line} // as if Parse had let it through
	w := New(spec, func() *send.Sender { return &send.Sender{Client: c, Policy: send.Policy{ReadOnly: true}} })
	var got Snapshot
	w.Run(context.Background(), func(s Snapshot) error { got = s; return errors.New("done") })
	if !errors.Is(got.Err, send.ErrReadOnly) {
		t.Fatalf("err %v, want a read-only refusal", got.Err)
	}
	none(t, reqs, "the policy refused it")
}

func TestSetIsBounded(t *testing.T) {
	set := NewSet(func() *send.Sender { return nil })
	spec, _ := Parse("query-status")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var ws []*Watch
	for range MaxWatches {
		w, err := set.Open(ctx, spec)
		if err != nil {
			t.Fatal(err)
		}
		ws = append(ws, w)
	}
	if _, err := set.Open(ctx, spec); err == nil || !strings.Contains(err.Error(), "close one first") {
		t.Fatalf("watch %d: %v", MaxWatches+1, err)
	}
	v := set.Version()
	if !set.Close(ws[0]) || set.Close(ws[0]) || len(set.List()) != MaxWatches-1 || set.Version() <= v {
		t.Fatalf("after Close: %d watches, version %d → %d", len(set.List()), v, set.Version())
	}
	if _, err := set.Open(ctx, spec); err != nil {
		t.Fatalf("after closing one: %v", err)
	}
	set.CloseAll()
	if len(set.List()) != 0 {
		t.Fatal("CloseAll left watches")
	}
}

func TestNextDelay(t *testing.T) {
	const s = 1e9
	for _, tc := range []struct {
		interval, latency float64
		timeouts          int
		want              float64
	}{
		{2, 0.01, 0, 2},
		{2, 1.5, 0, 3},    // slow: twice the latency
		{2, 0.01, 1, 4},   // a timeout doubles it
		{2, 0.01, 3, 16},  // three in a row
		{2, 0.01, 20, 60}, // up to MaxBackoff
		{120, 0, 3, 120},  // an interval longer than MaxBackoff stays
		{0.2, 40, 0, 60},  // a reply that took 40 s: capped
	} {
		got := NextDelay(dur(tc.interval*s), dur(tc.latency*s), tc.timeouts)
		if got != dur(tc.want*s) {
			t.Errorf("NextDelay(%vs, %vs, %d) = %v, want %vs", tc.interval, tc.latency, tc.timeouts, got, tc.want)
		}
	}
}

func dur(ns float64) time.Duration { return time.Duration(ns) }
