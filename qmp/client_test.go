package qmp_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/qmpdash/qmpdash/qmp"
	"github.com/qmpdash/qmpdash/qmp/qmptest"
)

func ctxT(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// connect negotiates a client with a fake server over a socketpair; script,
// if set, runs as the server right after negotiation.
func connect(t *testing.T, opts qmp.Options) (*qmp.Client, *qmptest.Peer) {
	t.Helper()
	conn, peer := qmptest.Socketpair(t)
	go peer.Negotiate()
	c, err := qmp.NewClient(ctxT(t), conn, opts)
	if err != nil {
		t.Fatalf("NewClient: %v", err)
	}
	t.Cleanup(func() { c.Close() })
	return c, peer
}

type doResult struct {
	resp *qmp.Response
	err  error
}

func goDo(c *qmp.Client, ctx context.Context, req qmp.Request) <-chan doResult {
	ch := make(chan doResult, 1)
	go func() {
		resp, err := c.Do(ctx, req)
		ch <- doResult{resp, err}
	}()
	return ch
}

func TestNegotiationSendsOOBWhenOffered(t *testing.T) {
	var mu sync.Mutex
	var out []string
	conn, peer := qmptest.Socketpair(t)
	go func() {
		peer.Greet()
		r := peer.Expect("qmp_capabilities")
		if string(r.Arguments) != `{"enable":["oob"]}` {
			t.Errorf("qmp_capabilities arguments = %s", r.Arguments)
		}
		// The reply, an event and a second reply arrive in one read.
		peer.Write(qmptest.ReplyLine(r, "{}") + qmptest.EventLine("RESUME", "") + `{"return": {}, "id": "stray"}` + "\r\n")
	}()
	var states []qmp.State
	c, err := qmp.NewClient(ctxT(t), conn, qmp.Options{
		Tap:     func(m qmp.WireMessage) { mu.Lock(); out = append(out, m.Dir.String()+" "+string(m.Data)); mu.Unlock() },
		OnState: func(s qmp.Status) { states = append(states, s.State) },
	})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if g := c.Greeting(); g.Version.String() != "7.2.22" || !g.Has("oob") {
		t.Errorf("greeting = %+v", g)
	}
	ev, err := c.Subscribe(qmp.SubscribeOptions{}).Next(ctxT(t))
	if err != nil || ev.Name != "RESUME" {
		t.Fatalf("event = %+v, %v", ev, err)
	}
	if want := []qmp.State{qmp.StateNegotiating, qmp.StateReady}; fmt.Sprint(states) != fmt.Sprint(want) {
		t.Errorf("states = %v, want %v", states, want)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(out) < 3 || !strings.HasPrefix(out[0], "in {\"QMP\"") || !strings.HasPrefix(out[1], `out {"execute":"qmp_capabilities"`) {
		t.Errorf("tap saw %q", out)
	}
}

func TestNoOOBWhenNotOffered(t *testing.T) {
	conn, peer := qmptest.Socketpair(t)
	go func() {
		peer.Write(`{"QMP": {"version": {"qemu": {"micro": 0, "minor": 0, "major": 5}, "package": ""}, "capabilities": []}}` + "\n")
		r := peer.Expect("qmp_capabilities")
		if r.Arguments != nil {
			t.Errorf("arguments sent without oob offered: %s", r.Arguments)
		}
		peer.Reply(r, "{}")
	}()
	c, err := qmp.NewClient(ctxT(t), conn, qmp.Options{})
	if err != nil {
		t.Fatal(err)
	}
	c.Close()
}

func TestEventBeforeItsReply(t *testing.T) {
	c, peer := connect(t, qmp.Options{})
	sub := c.Subscribe(qmp.SubscribeOptions{})
	done := goDo(c, ctxT(t), qmp.Request{Command: "cont"})
	r := peer.Expect("cont")
	peer.Write(qmptest.EventLine("RESUME", ""), qmptest.ReplyLine(r, "{}"))
	res := <-done
	if res.err != nil {
		t.Fatal(res.err)
	}
	evs := sub.Drain(nil)
	if len(evs) != 1 || evs[0].Name != "RESUME" || evs[0].Received.After(res.resp.Received) {
		t.Fatalf("events %+v, reply received %v", evs, res.resp.Received)
	}
	if res.resp.Latency() < 0 || !strings.Contains(string(res.resp.Request), `"execute":"cont"`) {
		t.Errorf("response = %+v", res.resp)
	}
}

func TestIDsRoundTrip(t *testing.T) {
	c, peer := connect(t, qmp.Options{})
	ids := []string{`"s1"`, `42`, `{"a": [1, "x"], "b": null}`, `"\u0041"`}
	echoes := []string{`"s1"`, `42`, `{"b": null, "a": [1, "x"]}`, `"A"`} // respaced, reordered, re-escaped
	var chans []<-chan doResult
	for _, id := range ids {
		chans = append(chans, goDo(c, ctxT(t), qmp.Request{Command: "query-status", ID: json.RawMessage(id)}))
	}
	reqs := map[string]qmptest.Request{}
	for range ids {
		r := peer.Expect("query-status")
		reqs[string(r.ID)] = r
	}
	// Answer in reverse order, with the server's spelling of each id.
	for i := len(ids) - 1; i >= 0; i-- {
		peer.Write(fmt.Sprintf(`{"return": {"n": %d}, "id": %s}`+"\r\n", i, echoes[i]))
	}
	for i, ch := range chans {
		res := <-ch
		if res.err != nil || string(res.resp.Return) != fmt.Sprintf(`{"n": %d}`, i) {
			t.Errorf("id %s got %+v %v", ids[i], res.resp, res.err)
		}
	}
}

func TestDuplicateInFlightIDRefused(t *testing.T) {
	c, peer := connect(t, qmp.Options{})
	first := goDo(c, ctxT(t), qmp.Request{Command: "a", ID: json.RawMessage(`7`)})
	r := peer.Expect("a")
	if _, err := c.Do(ctxT(t), qmp.Request{Command: "b", ID: json.RawMessage(`7`)}); err == nil || !strings.Contains(err.Error(), "already in flight") {
		t.Fatalf("duplicate id: err = %v", err)
	}
	peer.Reply(r, "{}")
	if res := <-first; res.err != nil {
		t.Fatal(res.err)
	}
}

func TestIDlessErrorGoesToTheOnlyRequest(t *testing.T) {
	c, peer := connect(t, qmp.Options{})
	done := goDo(c, ctxT(t), qmp.Request{Command: "x"})
	peer.Expect("x")
	peer.Write(`{"error": {"class": "GenericError", "desc": "JSON parse error, expecting value"}}` + "\r\n")
	res := <-done
	var qe *qmp.Error
	if !errors.As(res.err, &qe) || qe.Class != "GenericError" || qe.ID != nil || res.resp == nil {
		t.Fatalf("err = %v resp = %v", res.err, res.resp)
	}
}

func TestIDlessErrorAmbiguousIsProtocolError(t *testing.T) {
	perr := make(chan error, 4)
	c, peer := connect(t, qmp.Options{OnProtocolError: func(err error) { perr <- err }})
	a := goDo(c, ctxT(t), qmp.Request{Command: "a"})
	b := goDo(c, ctxT(t), qmp.Request{Command: "b"})
	ra, rb := peer.ReadRequest(), peer.ReadRequest()
	peer.Write(`{"error": {"class": "GenericError", "desc": "QMP input must be a JSON object"}}` + "\r\n")
	if err := <-perr; !strings.Contains(err.Error(), "without id") {
		t.Fatalf("protocol error = %v", err)
	}
	peer.Reply(ra, "1")
	peer.Reply(rb, "2")
	if x, y := <-a, <-b; x.err != nil || y.err != nil {
		t.Fatalf("requests failed: %v %v", x.err, y.err)
	}
	if c.Stats().ProtocolErrors != 1 {
		t.Errorf("stats = %+v", c.Stats())
	}
}

func TestRawRequestSentUnchanged(t *testing.T) {
	c, peer := connect(t, qmp.Options{})
	raw := `{"execute": "query-status", "arguments": {}}`
	done := goDo(c, ctxT(t), qmp.Request{Raw: json.RawMessage(raw)})
	r := peer.ReadRequest()
	if r.Line != raw {
		t.Fatalf("sent %q, want %q", r.Line, raw)
	}
	peer.Write(`{"return": {"status": "running"}}` + "\r\n") // no id: it had none
	if res := <-done; res.err != nil || string(res.resp.Return) != `{"status": "running"}` {
		t.Fatalf("got %+v %v", res.resp, res.err)
	}
}

func TestUnknownAndLateReplies(t *testing.T) {
	late := make(chan *qmp.Response, 1)
	c, peer := connect(t, qmp.Options{OnLateReply: func(r *qmp.Response, _ error) { late <- r }})
	ctx, cancel := context.WithCancel(ctxT(t))
	done := goDo(c, ctx, qmp.Request{Command: "slow"})
	r := peer.Expect("slow")
	cancel()
	if res := <-done; !errors.Is(res.err, context.Canceled) {
		t.Fatalf("cancelled request: %v", res.err)
	}
	peer.Write(`{"return": {}, "id": 999}` + "\r\n")
	peer.Reply(r, `"late"`)
	if got := <-late; string(got.Return) != `"late"` || !strings.Contains(string(got.Request), `"execute":"slow"`) || got.Sent.IsZero() {
		t.Fatalf("late reply = %s for request %s sent %v", got.Return, got.Request, got.Sent)
	}
	// The next request proves the dropped replies reached nobody else.
	next := goDo(c, ctxT(t), qmp.Request{Command: "next"})
	peer.Reply(peer.Expect("next"), `"mine"`)
	if res := <-next; res.err != nil || string(res.resp.Return) != `"mine"` {
		t.Fatalf("next = %+v %v", res.resp, res.err)
	}
	if s := c.Stats(); s.UnknownReplies != 1 || s.LateReplies != 1 {
		t.Errorf("stats = %+v", s)
	}
}

func TestMessageSplitAcrossTinyWrites(t *testing.T) {
	c, peer := connect(t, qmp.Options{})
	sub := c.Subscribe(qmp.SubscribeOptions{})
	done := goDo(c, ctxT(t), qmp.Request{Command: "query-status"})
	r := peer.Expect("query-status")
	// LF-only line ends too, as qemu-ga sends them.
	peer.Trickle(strings.ReplaceAll(qmptest.EventLine("STOP", `{"reason": "x"}`)+qmptest.ReplyLine(r, `{"status": "paused"}`), "\r\n", "\n"), 3)
	if res := <-done; res.err != nil || string(res.resp.Return) != `{"status": "paused"}` {
		t.Fatalf("got %+v %v", res.resp, res.err)
	}
	if evs := sub.Drain(nil); len(evs) != 1 || string(evs[0].Data) != `{"reason": "x"}` {
		t.Fatalf("events = %+v", evs)
	}
}

func TestHugeReplyWithinCap(t *testing.T) {
	c, peer := connect(t, qmp.Options{})
	done := goDo(c, ctxT(t), qmp.Request{Command: "query-qmp-schema"})
	r := peer.Expect("query-qmp-schema")
	big := `[` + strings.Repeat(`{"name": "x", "meta-type": "builtin", "json-type": "int"},`, 3700) + `{}]` // ≈ 207 KB
	go peer.Reply(r, big)
	res := <-done
	if res.err != nil || len(res.resp.Return) != len(big) || !json.Valid(res.resp.Return) {
		t.Fatalf("reply of %d bytes, err %v", len(res.resp.Return), res.err)
	}
}

func TestLineOverCapFailsOnlyThatRequest(t *testing.T) {
	c, peer := connect(t, qmp.Options{MaxLineSize: 1024})
	done := goDo(c, ctxT(t), qmp.Request{Command: "big"})
	r := peer.Expect("big")
	peer.Reply(r, `"`+strings.Repeat("b", 5000)+`"`)
	var tooLong *qmp.LineTooLongError
	if res := <-done; !errors.As(res.err, &tooLong) || tooLong.Size < 5000 {
		t.Fatalf("err = %v", res.err)
	}
	next := goDo(c, ctxT(t), qmp.Request{Command: "small"})
	peer.Reply(peer.Expect("small"), "{}")
	if res := <-next; res.err != nil {
		t.Fatalf("connection did not resync: %v", res.err)
	}
}

func TestLineOverCapWithSeveralInFlightClosesClearly(t *testing.T) {
	c, peer := connect(t, qmp.Options{MaxLineSize: 1024})
	a := goDo(c, ctxT(t), qmp.Request{Command: "a"})
	b := goDo(c, ctxT(t), qmp.Request{Command: "b"})
	ra := peer.ReadRequest()
	peer.ReadRequest()
	peer.Reply(ra, `"`+strings.Repeat("b", 5000)+`"`)
	for _, ch := range []<-chan doResult{a, b} {
		var tooLong *qmp.LineTooLongError
		if res := <-ch; !errors.As(res.err, &tooLong) {
			t.Fatalf("err = %v, want LineTooLongError", res.err)
		}
	}
	<-c.Done()
	if st := c.Status(); st.State != qmp.StateClosed || !strings.Contains(st.Err.Error(), "exceeds the line limit") {
		t.Fatalf("status = %+v", st)
	}
}

func TestEventsDuringNegotiationReachFirstSubscriber(t *testing.T) {
	conn, peer := qmptest.Socketpair(t)
	go func() {
		peer.Greet()
		peer.Event("EARLY", "")
		r := peer.Expect("qmp_capabilities")
		peer.Event("ALSO_EARLY", "")
		peer.Reply(r, "{}")
	}()
	c, err := qmp.NewClient(ctxT(t), conn, qmp.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	sub := c.Subscribe(qmp.SubscribeOptions{})
	var names []string
	for _, ev := range sub.Drain(nil) {
		names = append(names, ev.Name)
	}
	if fmt.Sprint(names) != "[EARLY ALSO_EARLY]" {
		t.Fatalf("first subscriber saw %v", names)
	}
}

func TestGreetingTimeoutNamesAnotherClient(t *testing.T) {
	conn, _ := qmptest.Socketpair(t)
	start := time.Now()
	_, err := qmp.NewClient(ctxT(t), conn, qmp.Options{HandshakeTimeout: 100 * time.Millisecond})
	var cerr *qmp.ConnError
	if !errors.As(err, &cerr) || cerr.Op != "greeting" || !strings.Contains(err.Error(), "another client") {
		t.Fatalf("err = %v", err)
	}
	if time.Since(start) > 3*time.Second {
		t.Fatal("timeout not honoured")
	}
}

func TestPeerClosesMidMessage(t *testing.T) {
	c, peer := connect(t, qmp.Options{})
	done := goDo(c, ctxT(t), qmp.Request{Command: "x"})
	peer.Expect("x")
	peer.Write(`{"return": {"half`)
	peer.Close()
	res := <-done
	if !errors.Is(res.err, qmp.ErrInterrupted) || !strings.Contains(res.err.Error(), "middle of a message") {
		t.Fatalf("err = %v", res.err)
	}
	<-c.Done()
	if _, err := c.Do(ctxT(t), qmp.Request{Command: "y"}); err == nil {
		t.Fatal("request on a closed client succeeded")
	}
}

func TestReplyEventAndNextReplyInOneRead(t *testing.T) {
	c, peer := connect(t, qmp.Options{})
	sub := c.Subscribe(qmp.SubscribeOptions{})
	a := goDo(c, ctxT(t), qmp.Request{Command: "a"})
	ra := peer.Expect("a")
	b := goDo(c, ctxT(t), qmp.Request{Command: "b"})
	rb := peer.Expect("b")
	peer.Write(qmptest.ReplyLine(ra, `"A"`) + qmptest.EventLine("STOP", "") + qmptest.ReplyLine(rb, `"B"`))
	if x, y := <-a, <-b; x.err != nil || y.err != nil || string(x.resp.Return) != `"A"` || string(y.resp.Return) != `"B"` {
		t.Fatalf("a = %+v %v, b = %+v %v", x.resp, x.err, y.resp, y.err)
	}
	if ev, err := sub.Next(ctxT(t)); err != nil || ev.Name != "STOP" {
		t.Fatalf("event = %+v %v", ev, err)
	}
}
