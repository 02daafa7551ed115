//go:build linux

package qmp_test

// Integration tests against real QEMU 7.2, qemu-ga and qemu-storage-daemon,
// started per test by qmptest. They skip when the programs are missing,
// unless CI is set.

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/qmpdash/qmpdash/qmp"
	"github.com/qmpdash/qmpdash/qmp/qmptest"
)

func TestQEMUGreetingAndNegotiation(t *testing.T) {
	p := qmptest.QEMU(t)
	var (
		mu     sync.Mutex
		states []qmp.State
		out    [][]byte
		in     [][]byte
	)
	opts := qmp.Options{
		OnState: func(s qmp.Status) {
			mu.Lock()
			defer mu.Unlock()
			states = append(states, s.State)
		},
		Tap: func(m qmp.WireMessage) {
			mu.Lock()
			defer mu.Unlock()
			if m.Dir == qmp.Out {
				out = append(out, m.Data)
			} else {
				in = append(in, m.Data)
			}
		},
	}
	c := dial(t, p.Socket, opts)

	g := c.Greeting()
	if g.Version.Major != 7 || g.Version.Minor != 2 {
		t.Errorf("greeting version %v, want 7.2.x", g.Version)
	}
	if g.Package == "" {
		t.Error("greeting package is empty")
	}
	if !g.Has("oob") {
		t.Errorf("greeting capabilities %q lack oob", g.Capabilities)
	}
	if !json.Valid(g.Raw) || !strings.Contains(string(g.Raw), `"QMP"`) {
		t.Errorf("greeting Raw = %q", g.Raw)
	}
	if st := c.Status(); st.State != qmp.StateReady || st.Err != nil {
		t.Errorf("status after Dial = %v (%v), want ready", st.State, st.Err)
	}

	mu.Lock()
	if len(in) == 0 || string(in[0]) != string(g.Raw) {
		t.Errorf("first message in through the tap is not the greeting: %q", in)
	}
	if len(out) != 1 {
		t.Fatalf("tap saw %d messages out during Dial, want 1 (qmp_capabilities): %q", len(out), out)
	}
	var negotiate struct {
		Execute   string          `json:"execute"`
		Arguments json.RawMessage `json:"arguments"`
		ID        json.RawMessage `json:"id"`
	}
	if err := json.Unmarshal(out[0], &negotiate); err != nil {
		t.Fatalf("negotiation message %q: %v", out[0], err)
	}
	if negotiate.Execute != "qmp_capabilities" || !jsonEqual(negotiate.Arguments, `{"enable":["oob"]}`) || negotiate.ID == nil {
		t.Errorf("negotiation message = %s, want qmp_capabilities with {\"enable\":[\"oob\"]} and an id", out[0])
	}
	wantStates := []qmp.State{qmp.StateConnecting, qmp.StateNegotiating, qmp.StateReady}
	if !reflect.DeepEqual(states, wantStates) {
		t.Errorf("states during Dial = %v, want %v", states, wantStates)
	}
	mu.Unlock()

	if err := c.Close(); err != nil {
		t.Errorf("Close: %v", err)
	}
	mu.Lock()
	defer mu.Unlock()
	if last := states[len(states)-1]; last != qmp.StateClosed {
		t.Errorf("last state after Close = %v, want closed", last)
	}
	if st := c.Status(); st.State != qmp.StateClosed || !errors.Is(st.Err, qmp.ErrClosed) {
		t.Errorf("status after Close = %v (%v), want closed with ErrClosed", st.State, st.Err)
	}
}

func TestQEMUSchemaIsOneLongLine(t *testing.T) {
	p := qmptest.QEMU(t)
	c := dial(t, p.Socket, qmp.Options{})
	schema, err := c.Execute(ctxFor(t), "query-qmp-schema", nil)
	if err != nil {
		t.Fatalf("query-qmp-schema: %v", err)
	}
	if len(schema) < 150_000 || !json.Valid(schema) {
		t.Fatalf("query-qmp-schema returned %d bytes (valid JSON: %v), want > 150000", len(schema), json.Valid(schema))
	}
	var entries []struct {
		Name string `json:"name"`
	}
	if err := json.Unmarshal(schema, &entries); err != nil || len(entries) < 500 {
		t.Errorf("schema has %d entries (%v), want hundreds", len(entries), err)
	}
}

func TestQEMUSchemaOverLineLimitFailsOnlyThatRequest(t *testing.T) {
	p := qmptest.QEMU(t)
	const limit = 64 << 10
	var protoErrs atomic.Int32
	c := dial(t, p.Socket, qmp.Options{
		MaxLineSize:     limit,
		OnProtocolError: func(error) { protoErrs.Add(1) },
	})
	resp, err := c.Do(ctxFor(t), qmp.Request{Command: "query-qmp-schema"})
	var tooLong *qmp.LineTooLongError
	if !errors.As(err, &tooLong) {
		t.Fatalf("query-qmp-schema with a %d byte limit: resp %v, err %v; want a *qmp.LineTooLongError", limit, resp, err)
	}
	if tooLong.Size <= 150_000 || tooLong.Limit != limit {
		t.Errorf("LineTooLongError{Size: %d, Limit: %d}, want Size > 150000 and Limit %d", tooLong.Size, tooLong.Limit, limit)
	}
	if !strings.Contains(err.Error(), strconv.FormatInt(tooLong.Size, 10)) {
		t.Errorf("error %q does not name the size %d", err, tooLong.Size)
	}
	// The client resynchronised at the next line: it is still usable.
	status := execute(t, c, "query-status", nil)
	if !strings.Contains(string(status), `"status"`) {
		t.Errorf("query-status after the oversized reply = %s", status)
	}
	if st := c.Status(); st.State != qmp.StateReady {
		t.Errorf("state after the oversized reply = %v (%v), want ready", st.State, st.Err)
	}
	if n := protoErrs.Load(); n != 0 {
		t.Errorf("%d protocol errors reported, want 0: the oversized reply was attributed to its request", n)
	}
}

// TestQEMUOverLimitWithTwoInFlightCloses freezes QEMU so two oversized
// replies are owed at once: nobody can tell whose reply the first one was,
// so the client must close with the LineTooLongError as its cause rather
// than leave a request waiting forever.
func TestQEMUOverLimitWithTwoInFlightCloses(t *testing.T) {
	p := qmptest.QEMU(t)
	c := dial(t, p.Socket, qmp.Options{MaxLineSize: 64 << 10})
	if err := p.Signal(syscall.SIGSTOP); err != nil {
		t.Fatal(err)
	}
	sent := c.Stats().Sent
	errs := make(chan error, 2)
	for range 2 {
		go func() {
			_, err := c.Do(ctxFor(t), qmp.Request{Command: "query-qmp-schema"})
			errs <- err
		}()
	}
	qmptest.Eventually(t, "both requests to be written", func() bool { return c.Stats().Sent >= sent+2 })
	if err := p.Signal(syscall.SIGCONT); err != nil {
		t.Fatal(err)
	}
	for range 2 {
		select {
		case err := <-errs:
			var tooLong *qmp.LineTooLongError
			if !errors.Is(err, qmp.ErrInterrupted) || !errors.As(err, &tooLong) {
				t.Errorf("request in flight: %v, want ErrInterrupted caused by a *qmp.LineTooLongError", err)
			}
		case <-time.After(waitTimeout):
			t.Fatal("a request hangs after an oversized reply with two in flight")
		}
	}
	waitDone(t, c)
	var tooLong *qmp.LineTooLongError
	if st := c.Status(); st.State != qmp.StateClosed || !errors.As(st.Err, &tooLong) {
		t.Errorf("status = %v (%v), want closed by a *qmp.LineTooLongError", st.State, st.Err)
	}
}

func TestQEMUResumeEventArrivesBeforeContReply(t *testing.T) {
	p := qmptest.QEMU(t)
	c := dial(t, p.Socket, qmp.Options{})
	sub := c.Subscribe(qmp.SubscribeOptions{Match: func(name string) bool { return name == "STOP" || name == "RESUME" }})
	defer sub.Close()
	start := time.Now()

	contResp, err := c.Do(ctxFor(t), qmp.Request{Command: "cont"})
	if err != nil {
		t.Fatalf("cont: %v", err)
	}
	resume := nextEvent(t, sub)
	if resume.Name != "RESUME" {
		t.Fatalf("first event after cont = %q, want RESUME", resume.Name)
	}
	if resume.Received.After(contResp.Received) {
		t.Errorf("RESUME received at %v, after the cont reply at %v: QEMU sends the event first",
			resume.Received, contResp.Received)
	}

	stopResp, err := c.Do(ctxFor(t), qmp.Request{Command: "stop"})
	if err != nil {
		t.Fatalf("stop: %v", err)
	}
	stop := nextEvent(t, sub)
	if stop.Name != "STOP" {
		t.Fatalf("event after stop = %q, want STOP", stop.Name)
	}
	if stop.Received.Before(resume.Received) || stop.Received.Before(contResp.Received) {
		t.Errorf("STOP received at %v, before RESUME (%v) or the cont reply (%v)", stop.Received, resume.Received, contResp.Received)
	}
	if stop.Received.After(stopResp.Received) {
		t.Errorf("STOP received at %v, after the stop reply at %v", stop.Received, stopResp.Received)
	}
	for _, ev := range []qmp.Event{resume, stop} {
		// QEMU stamps events with the host's wall clock, in microseconds.
		if ev.Timestamp.IsZero() || ev.Timestamp.Before(start.Add(-time.Second)) || ev.Timestamp.After(time.Now().Add(time.Second)) {
			t.Errorf("%s timestamp %v, want a time during the test (started %v)", ev.Name, ev.Timestamp, start)
		}
		if !strings.Contains(string(ev.Raw), `"event": "`+ev.Name+`"`) {
			t.Errorf("%s Raw = %q", ev.Name, ev.Raw)
		}
	}
	if stop.Timestamp.Before(resume.Timestamp) {
		t.Errorf("STOP timestamp %v before RESUME's %v", stop.Timestamp, resume.Timestamp)
	}
	if ev, ok := tryNext(sub); ok {
		t.Errorf("unexpected extra event %+v", ev)
	}
}

func TestQEMUConcurrentRequestsRouteByID(t *testing.T) {
	p := qmptest.QEMU(t)
	c := dial(t, p.Socket, qmp.Options{})
	const goroutines, perGoroutine = 50, 4
	ctx := ctxFor(t)

	// customID gives every fourth request a client-chosen id of each
	// shape QMP allows to round-trip; the rest get the client's own.
	customID := func(g, k int) json.RawMessage {
		n := g*perGoroutine + k
		switch n % 4 {
		case 1:
			return json.RawMessage(strconv.Quote(fmt.Sprintf("req-%d", n)))
		case 2:
			return json.RawMessage(strconv.Itoa(1_000_000 + n))
		case 3:
			return json.RawMessage(fmt.Sprintf(`{"n": %d, "tag": "x", "deep": {"list": [%d, "y"]}}`, n, n))
		}
		return nil
	}
	var wg sync.WaitGroup
	errs := make(chan error, goroutines*perGoroutine)
	for g := range goroutines {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := range perGoroutine {
				id := customID(g, k)
				resp, err := c.Do(ctx, qmp.Request{Command: "query-status", ID: id})
				if err != nil {
					errs <- fmt.Errorf("request %d/%d (id %s): %w", g, k, id, err)
					continue
				}
				if !strings.Contains(string(resp.Return), `"status": "prelaunch"`) {
					errs <- fmt.Errorf("request %d/%d: return %s, want status prelaunch", g, k, resp.Return)
				}
				if sentID := member(resp.Request, "id"); !jsonEqual(resp.ID, string(sentID)) || id != nil && !jsonEqual(sentID, string(id)) {
					errs <- fmt.Errorf("request %d/%d: asked for id %s, sent %s, reply has id %s", g, k, id, sentID, resp.ID)
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if s := c.Stats(); s.UnknownReplies != 0 || s.LateReplies != 0 || s.ProtocolErrors != 0 {
		t.Errorf("stats %+v: want no unknown or late replies and no protocol errors", s)
	}
}

// TestQEMUReRenderedIDsRoundTrip sends ids that QEMU echoes in another
// spelling: exponents expanded (1e3 → 1000), escapes re-cased ("\u00e9" →
// "\u00E9"), and integers too large for 64 bits as doubles with 17
// significant digits (10^23 → 9.9999999999999992e+22). Each reply must still
// reach its request.
func TestQEMUReRenderedIDsRoundTrip(t *testing.T) {
	p := qmptest.QEMU(t)
	c := dial(t, p.Socket, qmp.Options{})
	ids := []string{`-7`, `2.5`, `1e3`, `"\u00e9<&"`, `18446744073709551615`, `18446744073709551616`,
		`{"n": 1e2}`, `100000000000000000000000`, `12345678901234567890123`}
	t.Run("ids", func(t *testing.T) {
		for _, id := range ids {
			t.Run(id, func(t *testing.T) {
				t.Parallel()
				ctx, cancel := context.WithTimeout(context.Background(), promptly)
				defer cancel()
				resp, err := c.Do(ctx, qmp.Request{Command: "query-status", ID: json.RawMessage(id)})
				if err != nil {
					t.Fatalf("query-status with id %s: %v (the reply was not routed back)", id, err)
				}
				if !jsonEqual(resp.ID, id) {
					t.Errorf("sent id %s, reply has id %s", id, resp.ID)
				}
			})
		}
	})
	if s := c.Stats(); s.UnknownReplies != 0 {
		t.Errorf("%d replies with ids the client did not recognise", s.UnknownReplies)
	}
}

func TestQEMUQuitSendsShutdownThenCloses(t *testing.T) {
	p := qmptest.QEMU(t)
	var closed atomic.Pointer[qmp.Status]
	c := dial(t, p.Socket, qmp.Options{OnState: func(s qmp.Status) {
		if s.State == qmp.StateClosed {
			closed.Store(&s)
		}
	}})
	sub := c.Subscribe(qmp.SubscribeOptions{})
	defer sub.Close()

	resp, err := c.Do(ctxFor(t), qmp.Request{Command: "quit"})
	switch {
	case err == nil:
		if string(resp.Return) != "{}" {
			t.Errorf("quit returned %s, want {}", resp.Return)
		}
	case errors.Is(err, qmp.ErrInterrupted):
		// QEMU may close the socket before the reply is flushed.
	default:
		t.Fatalf("quit: %v; want success or an error wrapping ErrInterrupted", err)
	}
	ev := nextEvent(t, sub)
	if ev.Name != "SHUTDOWN" {
		t.Fatalf("event after quit = %+v, want SHUTDOWN", ev)
	}
	if !strings.Contains(string(ev.Data), `"reason": "host-qmp-quit"`) {
		t.Errorf("SHUTDOWN data = %s, want reason host-qmp-quit", ev.Data)
	}
	if err == nil && ev.Received.After(resp.Received) {
		t.Errorf("SHUTDOWN received at %v, after the quit reply at %v: QEMU 7.2 sends the event first", ev.Received, resp.Received)
	}
	waitDone(t, c)
	st := c.Status()
	if st.State != qmp.StateClosed || st.Err == nil || errors.Is(st.Err, qmp.ErrClosed) {
		t.Errorf("status after quit = %v (%v), want closed with the connection's cause", st.State, st.Err)
	}
	if s := closed.Load(); s == nil || s.Err == nil {
		t.Errorf("OnState was not told of the close with a cause: %+v", s)
	}
	if _, err := sub.Next(ctxFor(t)); err == nil {
		t.Error("Next after the connection closed returned no error")
	}
	if _, err := c.Execute(ctxFor(t), "query-status", nil); err == nil {
		t.Error("a command after quit succeeded")
	}
	select {
	case <-p.Exited():
	case <-time.After(waitTimeout):
		t.Error("QEMU did not exit after quit")
	}
}

func TestQEMUPassesFileDescriptors(t *testing.T) {
	p := qmptest.QEMU(t)
	c := dial(t, p.Socket, qmp.Options{})
	r, w := pipe(t)

	resp, err := c.Do(ctxFor(t), qmp.Request{Command: "getfd", Arguments: json.RawMessage(`{"fdname":"myfd"}`), Files: []*os.File{w}})
	if err != nil {
		t.Fatalf("getfd with a file: %v", err)
	}
	if string(resp.Return) != "{}" {
		t.Errorf("getfd returned %s, want {}", resp.Return)
	}
	// closefd succeeds only for a name QEMU holds: it got the descriptor.
	execute(t, c, "closefd", map[string]string{"fdname": "myfd"})
	if _, err := c.Execute(ctxFor(t), "closefd", map[string]string{"fdname": "myfd"}); !isQMPError(err, "GenericError") {
		t.Errorf("second closefd = %v, want a GenericError (the name is gone)", err)
	}

	_, err = c.Do(ctxFor(t), qmp.Request{Command: "getfd", Arguments: json.RawMessage(`{"fdname":"nofd"}`)})
	if !isQMPError(err, "GenericError") {
		t.Errorf("getfd without a file = %v, want a *qmp.Error GenericError", err)
	}

	added := execute(t, c, "add-fd", map[string]any{"fdset-id": 7, "opaque": "qmpdash-test"}, r)
	var fd struct {
		FdsetID int `json:"fdset-id"`
		FD      int `json:"fd"`
	}
	if err := json.Unmarshal(added, &fd); err != nil || fd.FdsetID != 7 || fd.FD <= 2 {
		t.Fatalf("add-fd returned %s (%v), want fdset-id 7 and a new fd", added, err)
	}
	var sets []struct {
		FdsetID int `json:"fdset-id"`
		Fds     []struct {
			FD     int    `json:"fd"`
			Opaque string `json:"opaque"`
		} `json:"fds"`
	}
	if err := json.Unmarshal(execute(t, c, "query-fdsets", nil), &sets); err != nil {
		t.Fatal(err)
	}
	if len(sets) != 1 || sets[0].FdsetID != 7 || len(sets[0].Fds) != 1 ||
		sets[0].Fds[0].FD != fd.FD || sets[0].Fds[0].Opaque != "qmpdash-test" {
		t.Errorf("query-fdsets = %+v, want fdset 7 holding fd %d with opaque qmpdash-test", sets, fd.FD)
	}
}

// TestQEMUUnpassableFileKeepsConnection passes a closed file: the request
// fails before a byte is written, so the stream is intact and the client
// must stay usable.
func TestQEMUUnpassableFileKeepsConnection(t *testing.T) {
	p := qmptest.QEMU(t)
	c := dial(t, p.Socket, qmp.Options{})
	r, w := pipe(t)
	_ = r
	w.Close()
	_, err := c.Do(ctxFor(t), qmp.Request{Command: "getfd", Arguments: json.RawMessage(`{"fdname":"x"}`), Files: []*os.File{w}})
	if err == nil {
		t.Fatal("getfd with a closed file succeeded")
	}
	if st := c.Status(); st.State != qmp.StateReady {
		t.Errorf("after a request whose file could not be passed (%v), state = %v (%v), want ready: nothing was written", err, st.State, st.Err)
	}
	if _, err := c.Execute(ctxFor(t), "query-status", nil); err != nil {
		t.Errorf("query-status after the failed getfd: %v", err)
	}
}

func TestQEMUExecOOB(t *testing.T) {
	p := qmptest.QEMU(t)
	var oobFrames atomic.Int32
	c := dial(t, p.Socket, qmp.Options{Tap: func(m qmp.WireMessage) {
		if m.Dir == qmp.Out && strings.HasPrefix(string(m.Data), `{"exec-oob":`) {
			oobFrames.Add(1)
		}
	}})

	var schema []struct {
		Name     string `json:"name"`
		MetaType string `json:"meta-type"`
		AllowOOB bool   `json:"allow-oob"`
	}
	if err := json.Unmarshal(execute(t, c, "query-qmp-schema", nil), &schema); err != nil {
		t.Fatal(err)
	}
	oob := map[string]bool{}
	for _, e := range schema {
		if e.MetaType == "command" && e.AllowOOB {
			oob[e.Name] = true
		}
	}
	if !oob["query-yank"] || !oob["migrate-pause"] || oob["query-status"] {
		t.Fatalf("commands allowing OOB on this QEMU: %v; want query-yank and migrate-pause, not query-status", oob)
	}

	// OOB and in-band requests in flight together each get their own reply.
	ctx := ctxFor(t)
	var wg sync.WaitGroup
	errs := make(chan error, 40)
	for i := range 10 {
		wg.Add(4)
		go func() {
			defer wg.Done()
			id := json.RawMessage(fmt.Sprintf(`"yank-%d"`, i))
			resp, err := c.Do(ctx, qmp.Request{Command: "query-yank", OOB: true, ID: id})
			if err != nil || !jsonEqual(resp.ID, string(id)) || !strings.HasPrefix(string(resp.Return), "[") {
				errs <- fmt.Errorf("exec-oob query-yank id %s: %+v, %v; want a list under the same id", id, resp, err)
			}
		}()
		go func() {
			defer wg.Done()
			id := json.RawMessage(fmt.Sprintf(`{"pause": %d}`, i))
			resp, err := c.Do(ctx, qmp.Request{Command: "migrate-pause", OOB: true, ID: id})
			var qerr *qmp.Error
			if !errors.As(err, &qerr) || resp == nil || !jsonEqual(resp.ID, string(id)) || !jsonEqual(qerr.ID, string(id)) {
				errs <- fmt.Errorf("exec-oob migrate-pause id %s: %+v, %v; want a QMP error under the same id", id, resp, err)
			}
		}()
		go func() {
			defer wg.Done()
			resp, err := c.Do(ctx, qmp.Request{Command: "query-status"})
			if err != nil || !strings.Contains(string(resp.Return), `"status"`) {
				errs <- fmt.Errorf("in-band query-status: %+v, %v", resp, err)
			}
		}()
		go func() {
			defer wg.Done()
			id := json.RawMessage(fmt.Sprintf(`"bad-oob-%d"`, i))
			_, err := c.Do(ctx, qmp.Request{Command: "query-status", OOB: true, ID: id})
			var qerr *qmp.Error
			if !errors.As(err, &qerr) || !strings.Contains(qerr.Desc, "OOB") || !jsonEqual(qerr.ID, string(id)) {
				errs <- fmt.Errorf("exec-oob query-status id %s: %v; want a *qmp.Error about OOB under the same id", id, err)
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if n := oobFrames.Load(); n != 30 {
		t.Errorf("%d requests went out with exec-oob, want 30", n)
	}
}

func TestQEMUErrorReplyIsTyped(t *testing.T) {
	p := qmptest.QEMU(t)
	c := dial(t, p.Socket, qmp.Options{})
	resp, err := c.Do(ctxFor(t), qmp.Request{Command: "bogus"})
	var qerr *qmp.Error
	if !errors.As(err, &qerr) {
		t.Fatalf("bogus: %v (%T), want a *qmp.Error", err, err)
	}
	if qerr.Class != "CommandNotFound" || !strings.Contains(qerr.Desc, "bogus") {
		t.Errorf("error = %+v, want class CommandNotFound naming bogus", qerr)
	}
	if resp == nil {
		t.Fatal("Do returned no Response with the error reply")
	}
	if !json.Valid(resp.Raw) || !strings.Contains(string(resp.Raw), `"CommandNotFound"`) || resp.Return != nil {
		t.Errorf("Response{Raw: %q, Return: %q}, want the raw error reply and no return", resp.Raw, resp.Return)
	}
	if !jsonEqual(qerr.ID, string(resp.ID)) || string(qerr.Raw) != string(resp.Raw) {
		t.Errorf("Error{ID: %s, Raw: %q} disagrees with Response{ID: %s, Raw: %q}", qerr.ID, qerr.Raw, resp.ID, resp.Raw)
	}
	if _, err := c.Execute(ctxFor(t), "bogus", nil); !isQMPError(err, "CommandNotFound") {
		t.Errorf("Execute(bogus) = %v, want a *qmp.Error CommandNotFound", err)
	}
	if st := c.Status(); st.State != qmp.StateReady {
		t.Errorf("state after an error reply = %v", st.State)
	}
}

func TestQEMUSecondClientOnSameMonitorGetsNoGreeting(t *testing.T) {
	p := qmptest.QEMU(t)
	first := dial(t, p.Socket, qmp.Options{})

	start := time.Now()
	second, err := qmp.Dial(ctxFor(t), p.Socket, qmp.Options{HandshakeTimeout: 300 * time.Millisecond})
	if err == nil {
		second.Close()
		t.Fatal("a second client on a busy monitor completed its handshake")
	}
	var cerr *qmp.ConnError
	if !errors.As(err, &cerr) || cerr.Op != "greeting" || !strings.Contains(err.Error(), "another client") {
		t.Errorf("second Dial: %v; want a greeting *qmp.ConnError mentioning another client", err)
	}
	if d := time.Since(start); d > promptly {
		t.Errorf("second Dial took %v with a 300ms handshake timeout", d)
	}
	// The first client was not disturbed.
	execute(t, first, "query-status", nil)

	first.Close()
	third := dial(t, p.Socket, qmp.Options{})
	execute(t, third, "query-status", nil)
}

func TestQEMUTwoMonitorsSeeEachOthersEvents(t *testing.T) {
	p := qmptest.QEMUWithMonitors(t, 2)
	a := dial(t, p.Sockets[0], qmp.Options{})
	b := dial(t, p.Sockets[1], qmp.Options{})
	sub := b.Subscribe(qmp.SubscribeOptions{Match: func(name string) bool { return name == "RESUME" }})
	defer sub.Close()
	execute(t, a, "cont", nil)
	if ev := nextEvent(t, sub); ev.Name != "RESUME" {
		t.Errorf("monitor 2 saw %q after cont on monitor 1, want RESUME", ev.Name)
	}
	if got := execute(t, b, "query-status", nil); !strings.Contains(string(got), `"running": true`) {
		t.Errorf("query-status on monitor 2 = %s, want running", got)
	}
}

func TestQEMUOverTCP(t *testing.T) {
	port := qmptest.FreeTCPPort(t)
	hostport := "127.0.0.1:" + strconv.Itoa(port)
	qmptest.QEMU(t, "-qmp", "tcp:"+hostport+",server=on,wait=off")
	for _, addr := range []string{"tcp:" + hostport, hostport} {
		c := dialRetry(t, addr)
		if c.Addr() != "tcp:"+hostport {
			t.Errorf("Dial(%q).Addr() = %q, want tcp:%s", addr, c.Addr(), hostport)
		}
		if !c.Greeting().Has("oob") {
			t.Errorf("greeting over TCP lacks oob: %q", c.Greeting().Raw)
		}
		execute(t, c, "query-status", nil)
		c.Close() // the monitor takes one client at a time
	}
}

// TestQEMUFilesOverTCPFailWithoutClosing passes a file on a TCP connection,
// which cannot carry one: that request fails before any byte is written, so
// the connection must survive it.
func TestQEMUFilesOverTCPFailWithoutClosing(t *testing.T) {
	port := qmptest.FreeTCPPort(t)
	hostport := "127.0.0.1:" + strconv.Itoa(port)
	qmptest.QEMU(t, "-qmp", "tcp:"+hostport+",server=on,wait=off")
	c := dialRetry(t, hostport)
	_, w := pipe(t)
	_, err := c.Do(ctxFor(t), qmp.Request{Command: "getfd", Arguments: json.RawMessage(`{"fdname":"x"}`), Files: []*os.File{w}})
	if !errors.Is(err, qmp.ErrFilesNeedLocalSocket) || !strings.Contains(err.Error(), "UNIX socket") {
		t.Fatalf("getfd with a file over TCP: %v; want an error saying files need a UNIX socket", err)
	}
	if st := c.Status(); st.State != qmp.StateReady {
		t.Errorf("state after the refused file = %v (%v), want ready: nothing was written", st.State, st.Err)
	}
	if _, err := c.Execute(ctxFor(t), "query-status", nil); err != nil {
		t.Errorf("query-status after the refused file: %v", err)
	}
}
