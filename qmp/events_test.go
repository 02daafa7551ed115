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
