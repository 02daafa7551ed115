package store

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/qmpdash/qmpdash/qmp"
)

// eventsAt returns n events named name, received at t.
func eventsAt(name string, n int, t time.Time) []qmp.Event {
	evs := make([]qmp.Event, n)
	for i := range evs {
		evs[i] = logEvent(name)
		evs[i].Received = t
	}
	return evs
}

// clockedLog returns a log whose clock reads *now.
func clockedLog(capacity int, now *time.Time) *EventLog {
	l := NewEventLog(Limits{Count: capacity})
	l.clock = func() time.Time { return *now }
	return l
}

func TestEventLogStats(t *testing.T) {
	t0 := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	now := t0.Add(2500 * time.Millisecond)
	l := clockedLog(4, &now) // small: counts must include evicted events
	l.Append(eventsAt("RTC_CHANGE", 5, t0.Add(-20*time.Second))...)
	l.Append(eventsAt("STOP", 3, t0)...)
	l.Append(eventsAt("RESUME", 2, t0.Add(900*time.Millisecond))...)
	l.Append(eventsAt("RESUME", 1, t0.Add(1100*time.Millisecond))...)
	l.Append(logGap(4)) // no Received: counted at the clock's time

	want := []NameStat{{"RTC_CHANGE", 5, 0}, {"RESUME", 3, 0.3}, {"STOP", 3, 0.3}}
	if got := l.Stats(); !slices.Equal(got, want) {
		t.Errorf("Stats() = %v, want %v", got, want)
	}
	if got := l.Rate(); got != 1.0 { // (3 STOP + 3 RESUME + 4 lost) / 10 s
		t.Errorf("Rate() = %v, want 1", got)
	}
}

func TestEventLogRateSlides(t *testing.T) {
	t0 := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	var now time.Time
	l := clockedLog(100, &now)
	for s := range 5 { // 10 events in each of the seconds t0 .. t0+4
		l.Append(eventsAt("STOP", 10, t0.Add(time.Duration(s)*time.Second+time.Millisecond))...)
	}
	tests := []struct {
		at   time.Duration
		rate float64
	}{
		{-time.Second, 0}, // before any of them
		{0, 1},
		{4500 * time.Millisecond, 5},
		{9999 * time.Millisecond, 5},
		{10 * time.Second, 4}, // t0's second has left the window
		{13 * time.Second, 1},
		{14 * time.Second, 0},
		{time.Hour, 0},
	}
	for _, tt := range tests {
		now = t0.Add(tt.at)
		if got := l.Rate(); got != tt.rate {
			t.Errorf("Rate at t0%+v = %v, want %v", tt.at, got, tt.rate)
		}
		if got := l.Stats()[0].Rate; got != tt.rate {
			t.Errorf("STOP rate at t0%+v = %v, want %v", tt.at, got, tt.rate)
		}
	}

	// A straggler older than its bucket's second cannot be placed; it
	// counts but does not disturb the rate.
	now = t0.Add(20 * time.Second)
	l.Append(eventsAt("STOP", 10, now)...)
	l.Append(eventsAt("STOP", 1, now.Add(-10*time.Second))...)
	if st := l.Stats()[0]; st.Count != 61 || st.Rate != 1 {
		t.Errorf("after a straggler: %+v, want count 61 rate 1", st)
	}
}

func TestEventLogStatsSinceClear(t *testing.T) {
	now := time.Now()
	l := clockedLog(10, &now)
	l.Append(eventsAt("STOP", 3, now)...)
	l.Clear()
	l.Append(eventsAt("RESUME", 1, now)...)
	if got, want := l.Stats(), []NameStat{{"RESUME", 1, 0.1}}; !slices.Equal(got, want) {
		t.Errorf("Stats after Clear = %v, want %v", got, want)
	}
	if l.Rate() != 0.1 {
		t.Errorf("Rate after Clear = %v, want 0.1", l.Rate())
	}
}

func TestEventLogBoundsNameTable(t *testing.T) {
	l := NewEventLog(Limits{Count: maxTrackedNames + 10})
	for i := range maxTrackedNames + 5 {
		l.Append(logEvent(fmt.Sprintf("EV_%d", i)))
	}
	stats := l.Stats()
	if len(stats) != maxTrackedNames+1 {
		t.Fatalf("%d stats, want %d names and %q", len(stats), maxTrackedNames, OtherEventsName)
	}
	if busiest := stats[0]; busiest.Name != OtherEventsName || busiest.Count != 5 {
		t.Errorf("busiest entry %+v, want %q counting 5", busiest, OtherEventsName)
	}
	// Untracked names are still filtered one by one.
	late := fmt.Sprintf("EV_%d", maxTrackedNames+2)
	l.SetFilter(mustFilter(t, late))
	l.Append(logEvent(late), logEvent("EV_0"))
	if got := namesOf(allVisible(l)); !slices.Equal(got, []string{late, late}) {
		t.Errorf("visible through %q: %v", late, got)
	}
}
