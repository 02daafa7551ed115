//go:build linux

package qmp_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/qmpdash/qmpdash/qmp"
	"github.com/qmpdash/qmpdash/qmp/qmptest"
)

// TestQEMUCloseLeavesNoGoroutines must not run in parallel: it counts every
// goroutine in the test binary.
func TestQEMUCloseLeavesNoGoroutines(t *testing.T) {
	before := goleak.IgnoreCurrent()
	p := qmptest.QEMU(t)
	c, err := qmp.Dial(ctxFor(t), p.Socket, qmp.Options{})
	if err != nil {
		t.Fatal(err)
	}
	sub := c.Subscribe(qmp.SubscribeOptions{})
	execute(t, c, "cont", nil)
	if _, err := sub.Next(ctxFor(t)); err != nil {
		t.Fatal(err)
	}
	// A request still in flight when Close is called.
	pending := make(chan error, 1)
	go func() {
		_, err := c.Execute(context.Background(), "query-qmp-schema", nil)
		pending <- err
	}()
	start := time.Now()
	if err := c.Close(); err != nil {
		t.Errorf("Close: %v", err)
	}
	if d := time.Since(start); d > promptly {
		t.Errorf("Close took %v", d)
	}
	select {
	case err := <-pending:
		if err != nil && !errors.Is(err, qmp.ErrClosed) {
			t.Errorf("request in flight at Close: %v, want success or ErrClosed", err)
		}
	case <-time.After(waitTimeout):
		t.Fatal("a request in flight at Close never returned")
	}
	if err := c.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
	goleak.VerifyNone(t, before, goleak.IgnoreAnyFunction(qmptest.ReaperFunc))
}

// TestQEMUCloseWhileQEMUStoppedIsPrompt closes a client whose peer is
// frozen with a request on the wire: Close must not wait for the peer.
func TestQEMUCloseWhileQEMUStoppedIsPrompt(t *testing.T) {
	p := qmptest.QEMU(t)
	c := dial(t, p.Socket, qmp.Options{})
	if err := p.Signal(syscall.SIGSTOP); err != nil {
		t.Fatal(err)
	}
	sent := c.Stats().Sent
	result := make(chan error, 1)
	go func() {
		_, err := c.Execute(context.Background(), "query-status", nil)
		result <- err
	}()
	qmptest.Eventually(t, "the request to be written", func() bool { return c.Stats().Sent > sent })
	start := time.Now()
	c.Close()
	if d := time.Since(start); d > promptly {
		t.Errorf("Close with a frozen peer took %v", d)
	}
	select {
	case err := <-result:
		if !errors.Is(err, qmp.ErrInterrupted) || !errors.Is(err, qmp.ErrClosed) {
			t.Errorf("request on the wire at Close: %v, want ErrInterrupted and ErrClosed", err)
		}
	case <-time.After(waitTimeout):
		t.Fatal("the request on the wire hangs after Close")
	}
}

func TestQEMUKilledMidCommandInterruptsRequest(t *testing.T) {
	p := qmptest.QEMU(t)
	c := dial(t, p.Socket, qmp.Options{})
	sub := c.Subscribe(qmp.SubscribeOptions{})
	defer sub.Close()
	// A stopped QEMU reads nothing, so the request is surely on the wire
	// and unanswered when the process dies.
	if err := p.Signal(syscall.SIGSTOP); err != nil {
		t.Fatal(err)
	}
	sent := c.Stats().Sent
	result := make(chan error, 1)
	go func() {
		_, err := c.Execute(ctxFor(t), "query-status", nil)
		result <- err
	}()
	qmptest.Eventually(t, "the request to be written", func() bool { return c.Stats().Sent > sent })
	if err := p.Kill(); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-result:
		if !errors.Is(err, qmp.ErrInterrupted) {
			t.Errorf("request pending when QEMU died: %v, want an error wrapping ErrInterrupted", err)
		}
		var cerr *qmp.ConnError
		if !errors.As(err, &cerr) || cerr.Op != "read" {
			t.Errorf("request pending when QEMU died: %v, want it to wrap the read *qmp.ConnError", err)
		}
	case <-time.After(waitTimeout):
		t.Fatal("the pending request hangs after QEMU was killed")
	}
	waitDone(t, c)
	if st := c.Status(); st.State != qmp.StateClosed || st.Err == nil {
		t.Errorf("status after kill -9 = %v (%v), want closed with a cause", st.State, st.Err)
	}
	if _, err := sub.Next(ctxFor(t)); err == nil {
		t.Error("Next after the connection died returned no error")
	}
	start := time.Now()
	if _, err := c.Execute(ctxFor(t), "query-status", nil); err == nil || time.Since(start) > promptly {
		t.Errorf("a command after the kill: %v after %v, want a prompt error", err, time.Since(start))
	}
}

func TestQEMUStoppedRequestTimesOutAndLateReplyIsCounted(t *testing.T) {
	p := qmptest.QEMU(t)
	late := make(chan *qmp.Response, 1)
	c := dial(t, p.Socket, qmp.Options{OnLateReply: func(r *qmp.Response, err error) {
		if err == nil {
			late <- r
		}
	}})
	if err := p.Signal(syscall.SIGSTOP); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	_, err := c.Do(ctx, qmp.Request{Command: "query-status", ID: json.RawMessage(`"frozen"`)})
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("query-status on a stopped QEMU: %v, want DeadlineExceeded", err)
	}
	if err := p.Signal(syscall.SIGCONT); err != nil {
		t.Fatal(err)
	}
	select {
	case r := <-late:
		if !jsonEqual(r.ID, `"frozen"`) {
			t.Errorf("late reply id %s, want \"frozen\"", r.ID)
		}
	case <-time.After(waitTimeout):
		t.Fatal("the late reply never reached OnLateReply")
	}
	if s := c.Stats(); s.LateReplies != 1 || s.UnknownReplies != 0 {
		t.Errorf("stats %+v, want 1 late reply and no unknown ones", s)
	}
	execute(t, c, "query-status", nil)
}

func TestRedialWaitsForQEMU(t *testing.T) {
	qmptest.Require(t, qmptest.QEMUBinary)
	sock := qmptest.SocketDir(t) + "/late.sock"
	var retries atomic.Int32
	var firstErr atomic.Value
	type result struct {
		c   *qmp.Client
		err error
	}
	done := make(chan result, 1)
	go func() {
		c, err := qmp.Redial(ctxFor(t), sock, qmp.Options{}, qmp.Backoff{Initial: 20 * time.Millisecond, Max: 50 * time.Millisecond},
			func(attempt int, err error, wait time.Duration) {
				if retries.Add(1) == 1 {
					firstErr.Store(err)
				}
			})
		done <- result{c, err}
	}()
	qmptest.Eventually(t, "a failed attempt", func() bool { return retries.Load() > 0 })
	qmptest.QEMU(t, "-qmp", "unix:"+sock+",server=on,wait=off")
	select {
	case r := <-done:
		if r.err != nil {
			t.Fatalf("Redial: %v", r.err)
		}
		t.Cleanup(func() { r.c.Close() })
		if st := r.c.Status(); st.State != qmp.StateReady {
			t.Errorf("Redial returned a client in state %v", st.State)
		}
		execute(t, r.c, "query-status", nil)
	case <-time.After(waitTimeout):
		t.Fatal("Redial did not connect once QEMU was up")
	}
	var cerr *qmp.ConnError
	if err, _ := firstErr.Load().(error); !errors.As(err, &cerr) || cerr.Op != "dial" {
		t.Errorf("first retry was for %v, want a dial *qmp.ConnError", firstErr.Load())
	}
}

// TestQEMUFirstSubscribeLosesNoEvents subscribes while events pour in from
// a second monitor: every event the reader counted must reach the first
// subscription, from the backlog or after, or be reported as a gap.
func TestQEMUFirstSubscribeLosesNoEvents(t *testing.T) {
	p := qmptest.QEMUWithMonitors(t, 2)
	driver := dial(t, p.Sockets[1], qmp.Options{})
	for round := range 10 {
		c := dial(t, p.Sockets[0], qmp.Options{})
		stop := make(chan struct{})
		flooded := make(chan error, 1)
		go func() { flooded <- flood(ctxFor(t), driver, stop) }()
		qmptest.Eventually(t, "events to pile up in the backlog", func() bool { return c.Stats().Events >= 100 })
		sub := c.Subscribe(qmp.SubscribeOptions{Queue: 1 << 16})
		atSubscribe := c.Stats().Events
		qmptest.Eventually(t, "more events after Subscribe", func() bool { return c.Stats().Events >= atSubscribe+50 })
		close(stop)
		if err := <-flooded; err != nil {
			t.Fatal(err)
		}
		// This reply comes after every event the flood caused.
		execute(t, c, "query-status", nil)
		var got uint64
		for _, ev := range sub.Drain(nil) {
			if ev.IsGap() {
				got += ev.Dropped
			} else {
				got++
			}
		}
		if want := c.Stats().Events; got != want {
			t.Fatalf("round %d: the reader counted %d events, the first subscription got %d with no gap marker for the rest",
				round, want, got)
		}
		c.Close()
	}
}

// flood alternates cont and stop, each causing an event on every monitor,
// until stop is closed.
func flood(ctx context.Context, c *qmp.Client, stop <-chan struct{}) error {
	for i := 0; ; i++ {
		select {
		case <-stop:
			return nil
		default:
		}
		cmd := "cont"
		if i%2 == 1 {
			cmd = "stop"
		}
		if _, err := c.Execute(ctx, cmd, nil); err != nil {
			return fmt.Errorf("%s: %w", cmd, err)
		}
	}
}
