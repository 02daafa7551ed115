package store

import (
	"slices"
	"testing"
	"time"

	"github.com/qmpdash/qmpdash/app/bell"
	"github.com/qmpdash/qmpdash/qmp"
)

// mergedAt returns a merged stream whose clock reads *now.
func mergedAt(now *time.Time) *MergedEvents {
	m := NewMergedEvents(Limits{Count: 100}, 50*time.Millisecond)
	m.now = func() time.Time { return *now }
	return m
}

func ev(name string, at time.Time) qmp.Event {
	return qmp.Event{Name: name, Received: at, Timestamp: at}
}

func visibleOrder(m *MergedEvents) []string {
	var out []string
	for _, e := range m.Visible(0, m.VisibleLen(), nil) {
		out = append(out, e.VM+":"+e.Name)
	}
	return out
}

func TestMergedEventsOrderByReceiveTimeAcrossLateBatches(t *testing.T) {
	t0 := time.Unix(1000, 0)
	now := t0
	m := mergedAt(&now)
	// web1's batch reaches the stream first though web2 received one of
	// its events in between.
	m.Add("web1", []qmp.Event{ev("STOP", t0), ev("RESUME", t0.Add(20*time.Millisecond))})
	m.Add("web2", []qmp.Event{ev("STOP", t0.Add(10*time.Millisecond))})
	now = t0.Add(30 * time.Millisecond)
	if got := m.VisibleLen(); got != 0 {
		t.Fatalf("events younger than the delay were committed: %d", got)
	}
	now = t0.Add(65 * time.Millisecond) // the first two are old enough
	if got, want := visibleOrder(m), []string{"web1:STOP", "web2:STOP"}; !slices.Equal(got, want) {
		t.Fatalf("order = %v, want %v", got, want)
	}
	m.Add("web3", []qmp.Event{ev("RESET", t0.Add(15*time.Millisecond))}) // too late to go before web2's
	now = t0.Add(time.Second)
	want := []string{"web1:STOP", "web2:STOP", "web3:RESET", "web1:RESUME"}
	if got := visibleOrder(m); !slices.Equal(got, want) {
		t.Fatalf("order = %v, want %v", got, want)
	}
}

func TestMergedEventsFilterByVMAndName(t *testing.T) {
	t0 := time.Unix(1000, 0)
	now := t0
	m := mergedAt(&now)
	m.Add("web1", []qmp.Event{ev("STOP", t0), ev("RTC_CHANGE", t0)})
	m.Add("db1", []qmp.Event{ev("STOP", t0.Add(time.Millisecond))})
	m.Flush()
	f, err := ParseEventFilter("vm:web* !RTC_*")
	if err != nil {
		t.Fatal(err)
	}
	m.SetFilter(f)
	if got, want := visibleOrder(m), []string{"web1:STOP"}; !slices.Equal(got, want) {
		t.Fatalf("filtered = %v, want %v", got, want)
	}
	f, _ = ParseEventFilter("!vm:WEB1")
	m.SetFilter(f)
	if got, want := visibleOrder(m), []string{"db1:STOP"}; !slices.Equal(got, want) {
		t.Fatalf("VM names match without case: %v, want %v", got, want)
	}
	if s := f.String(); s != "!vm:WEB1" {
		t.Fatalf("String = %q", s)
	}
}

func TestMergedEventsBoundsWhatItHoldsBack(t *testing.T) {
	t0 := time.Unix(1000, 0)
	now := t0
	m := mergedAt(&now)
	batch := make([]qmp.Event, maxStaged+10)
	for i := range batch {
		batch[i] = ev("X", t0)
	}
	m.Add("flood", batch)
	m.mu.Lock()
	staged := len(m.staged)
	m.mu.Unlock()
	if staged != maxStaged {
		t.Fatalf("held back %d events, bound is %d", staged, maxStaged)
	}
	if m.EventLog.Len() != 10 {
		t.Fatalf("committed %d, want the 10 over the bound", m.EventLog.Len())
	}
}

func TestParseEventFilterVMErrors(t *testing.T) {
	if _, err := ParseEventFilter("vm:"); err == nil || err.Error() != "empty VM name pattern" {
		t.Fatalf("err = %v", err)
	}
	if _, err := ParseEventFilter("vm:[x"); err == nil {
		t.Fatal("bad VM glob accepted")
	}
}

func TestMergedEventsKeepOutageMarkersInPlace(t *testing.T) {
	t0 := time.Unix(1000, 0)
	now := t0
	m := mergedAt(&now)
	m.Add("web1", []qmp.Event{ev("STOP", t0), ev("RESUME", t0.Add(3*time.Second))})
	m.AddOutage("web2", Outage{Down: t0.Add(time.Second), Up: t0.Add(2 * time.Second)})
	m.Flush()
	got := m.Visible(0, 3, nil)
	if len(got) != 3 || got[1].Outage == nil || got[1].VM != "web2" || got[0].Name != "STOP" || got[2].Name != "RESUME" {
		t.Fatalf("merged = %+v", got)
	}
}

// Ready says when a reader woken by the bell must look again for events
// held back; handing events over rings the bell.
func TestMergedEventsReadyWhenTheOldestHeldBackIsDue(t *testing.T) {
	now := time.Unix(1000, 0)
	m := mergedAt(&now)
	if _, ok := m.Ready(); ok {
		t.Fatal("an empty stream has something to commit")
	}
	rung := bell.Rung()
	m.Add("b", []qmp.Event{ev("B", now.Add(20*time.Millisecond))})
	m.Add("a", []qmp.Event{ev("A", now.Add(10*time.Millisecond))})
	select {
	case <-rung:
	case <-time.After(10 * time.Second):
		t.Fatal("handing events over did not ring the bell")
	}
	at, ok := m.Ready()
	if want := now.Add(10*time.Millisecond + 50*time.Millisecond); !ok || !at.Equal(want) {
		t.Fatalf("Ready = %v, %v; want %v, the oldest event plus the delay", at, ok, want)
	}
	now = at
	if got := visibleOrder(m); !slices.Equal(got, []string{"a:A"}) {
		t.Fatalf("at Ready: %v, want a:A committed", got)
	}
	if at, ok := m.Ready(); !ok || !at.Equal(now.Add(10*time.Millisecond)) {
		t.Errorf("Ready after the first commit = %v, %v; want the second event's time", at, ok)
	}
}
