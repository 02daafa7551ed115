package qmp_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/qmpdash/qmpdash/qmp"
	"github.com/qmpdash/qmpdash/qmp/qmptest"
)

func TestSubscriberThatNeverReadsDoesNotBlockCommands(t *testing.T) {
	c, peer := connect(t, qmp.Options{})
	idle := c.Subscribe(qmp.SubscribeOptions{Queue: 4}) // never read until the end
	done := goDo(c, ctxT(t), qmp.Request{Command: "query-status"})
	r := peer.Expect("query-status")
	var flood strings.Builder
	for i := 0; i < 1000; i++ {
		flood.WriteString(qmptest.EventLine("RTC_CHANGE", fmt.Sprintf(`{"offset": %d}`, i)))
	}
	peer.Write(flood.String(), qmptest.ReplyLine(r, "{}"))
	if res := <-done; res.err != nil {
		t.Fatal(res.err)
	}
	evs := idle.Drain(nil)
	if len(evs) != 5 || evs[0].Dropped != 996 || idle.Dropped() != 996 {
		t.Fatalf("drained %d, first %+v, dropped %d", len(evs), evs[0], idle.Dropped())
	}
	// The survivors are the newest four, in order.
	if string(evs[1].Data) != `{"offset": 996}` || string(evs[4].Data) != `{"offset": 999}` {
		t.Fatalf("kept %s .. %s", evs[1].Data, evs[4].Data)
	}
	if got := idle.Drain(nil); len(got) != 0 {
		t.Fatalf("second drain = %+v", got)
	}
}

func TestSubscriptionFilterAndClose(t *testing.T) {
	c, peer := connect(t, qmp.Options{})
	jobs := c.Subscribe(qmp.SubscribeOptions{Match: func(n string) bool { return strings.HasPrefix(n, "BLOCK_JOB_") }})
	all := c.Subscribe(qmp.SubscribeOptions{})
	peer.Write(qmptest.EventLine("STOP", ""), qmptest.EventLine("BLOCK_JOB_COMPLETED", `{"device": "j0"}`))
	first, err := jobs.Next(ctxT(t))
	if err != nil || first.Name != "BLOCK_JOB_COMPLETED" {
		t.Fatalf("filtered subscription got %+v %v", first, err)
	}
	jobs.Close()
	peer.Write(qmptest.EventLine("BLOCK_JOB_READY", ""))
	for _, want := range []string{"STOP", "BLOCK_JOB_COMPLETED", "BLOCK_JOB_READY"} {
		ev, err := all.Next(ctxT(t))
		if err != nil || ev.Name != want {
			t.Fatalf("got %v %v, want %s", ev.Name, err, want)
		}
	}
	if evs := jobs.Drain(nil); len(evs) != 0 {
		t.Fatalf("closed subscription still received %+v", evs)
	}
}

func TestNextReturnsQueuedThenCause(t *testing.T) {
	c, peer := connect(t, qmp.Options{})
	sub := c.Subscribe(qmp.SubscribeOptions{})
	peer.Write(qmptest.EventLine("SHUTDOWN", `{"guest": false}`))
	peer.Close()
	<-c.Done()
	ev, err := sub.Next(ctxT(t))
	if err != nil || ev.Name != "SHUTDOWN" {
		t.Fatalf("queued event lost: %+v %v", ev, err)
	}
	if _, err := sub.Next(ctxT(t)); err == nil {
		t.Fatal("Next after close and drain returned no error")
	}
}

func TestQueueGrowsUpToItsLimitKeepingOrder(t *testing.T) {
	c, peer := connect(t, qmp.Options{})
	sub := c.Subscribe(qmp.SubscribeOptions{Queue: 200}) // starts small, grows on demand
	var flood strings.Builder
	for i := 0; i < 201; i++ {
		flood.WriteString(qmptest.EventLine("E", fmt.Sprintf(`{"i": %d}`, i)))
	}
	done := goDo(c, ctxT(t), qmp.Request{Command: "sync"})
	r := peer.Expect("sync")
	peer.Write(flood.String(), qmptest.ReplyLine(r, "{}"))
	if res := <-done; res.err != nil {
		t.Fatal(res.err)
	}
	evs := sub.Drain(nil)
	// 201 events into a queue of 200: the oldest is dropped, the rest kept
	// in order across every growth step.
	if len(evs) != 201 || evs[0].Dropped != 1 {
		t.Fatalf("drained %d, first %+v", len(evs), evs[0])
	}
	for i, ev := range evs[1:] {
		if want := fmt.Sprintf(`{"i": %d}`, i+1); string(ev.Data) != want {
			t.Fatalf("event %d = %s, want %s", i, ev.Data, want)
		}
	}
}

func TestBackpressureLosesNothing(t *testing.T) {
	c, peer := connect(t, qmp.Options{Backpressure: true})
	sub := c.Subscribe(qmp.SubscribeOptions{Queue: 4})
	var flood strings.Builder
	for i := range 5000 {
		flood.WriteString(qmptest.EventLine("E", fmt.Sprintf(`{"i": %d}`, i)))
	}
	go peer.Write(flood.String())
	for i := range 5000 {
		ev, err := sub.Next(ctxT(t))
		if want := fmt.Sprintf(`{"i": %d}`, i); err != nil || string(ev.Data) != want {
			t.Fatalf("event %d = %+v %v, want %s", i, ev, err, want)
		}
	}
	if sub.Dropped() != 0 {
		t.Fatalf("dropped %d", sub.Dropped())
	}
}

func TestBackpressureReaderStillClosesAndUnsubscribes(t *testing.T) {
	c, peer := connect(t, qmp.Options{Backpressure: true})
	stalled := c.Subscribe(qmp.SubscribeOptions{Queue: 4})
	all := c.Subscribe(qmp.SubscribeOptions{Queue: 4})
	peer.Write(strings.Repeat(qmptest.EventLine("E", ""), 5))
	// The reader waits for room in both queues; closing the one that is
	// never read lets the other have every event.
	for range 4 {
		if _, err := all.Next(ctxT(t)); err != nil {
			t.Fatal(err)
		}
	}
	stalled.Close()
	if ev, err := all.Next(ctxT(t)); err != nil || ev.Name != "E" {
		t.Fatalf("fifth event: %+v %v", ev, err)
	}
	peer.Write(strings.Repeat(qmptest.EventLine("E", ""), 10))
	c.Close() // with the reader waiting for room: must not hang
}

func TestBackpressureBacklogLargerThanTheQueue(t *testing.T) {
	conn, peer := qmptest.Socketpair(t)
	go func() {
		peer.Greet()
		r := peer.Expect("qmp_capabilities")
		peer.Write(qmptest.ReplyLine(r, "{}") + strings.Repeat(qmptest.EventLine("E", ""), 20))
	}()
	c, err := qmp.NewClient(ctxT(t), conn, qmp.Options{Backpressure: true})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	// Let the reader fill the backlog before anyone subscribes.
	qmptest.Eventually(t, "20 events read", func() bool { return c.Stats().Events >= 20 })
	sub := c.Subscribe(qmp.SubscribeOptions{Queue: 4})
	for i := range 20 {
		if _, err := sub.Next(ctxT(t)); err != nil {
			t.Fatalf("event %d: %v", i, err)
		}
	}
}
