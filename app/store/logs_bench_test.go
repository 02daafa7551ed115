package store

import (
	"fmt"
	"testing"
	"time"

	"github.com/qmpdash/qmpdash/qmp"
)

// benchEvents prepares n distinct events, ~150 bytes on the wire each,
// cycling through names, received 100 µs apart like a busy VM's stream.
func benchEvents(n int, names []string) []qmp.Event {
	t0 := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	evs := make([]qmp.Event, n)
	for i := range evs {
		name := names[i%len(names)]
		head := fmt.Appendf(nil, `{"timestamp": {"seconds": %d, "microseconds": %d}, "event": "%s", "data": `, 1772366400+i/10000, i%1000000, name)
		raw := fmt.Appendf(head, `{"offset": %d, "qom-path": "/machine/unattached/device[4]"}}`, i%1000)
		data := raw[len(head) : len(raw)-1]
		evs[i] = qmp.Event{Name: name, Data: data, Raw: raw, Timestamp: t0, Received: t0.Add(time.Duration(i) * 100 * time.Microsecond)}
	}
	return evs
}

// benchNames returns n event names, the first ones the commonest in QEMU.
func benchNames(n int) []string {
	names := []string{"STOP", "RESUME", "RTC_CHANGE", "BLOCK_JOB_READY"}
	for i := len(names); i < n; i++ {
		names = append(names, fmt.Sprintf("DEVICE_EVENT_%02d", i))
	}
	return names[:n]
}

// BenchmarkEventLogAppend appends one event per op to a default-size log.
// "steady" keeps it full, so every op also evicts: a long session. "filling"
// starts a fresh log every DefaultEventLogSize ops, so the ring's blocks are
// allocated as it goes: a new session. Budget: 1,000,000 events/s and 2
// allocs per event in steady state.
func BenchmarkEventLogAppend(b *testing.B) {
	evs := benchEvents(1<<16, []string{"STOP", "RTC_CHANGE", "RESUME"})
	filter := mustFilter(b, "!RESUME")
	fresh := func() *EventLog {
		l := NewEventLog(Limits{})
		l.SetFilter(filter)
		return l
	}
	b.Run("steady", func(b *testing.B) {
		l := fresh()
		for i := range DefaultEventLogSize {
			l.Append(evs[i%len(evs)])
		}
		b.ReportAllocs()
		for i := 0; b.Loop(); i++ {
			l.Append(evs[i%len(evs)])
		}
		b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "events/s")
	})
	b.Run("filling", func(b *testing.B) {
		var l *EventLog
		b.ReportAllocs()
		for i := 0; b.Loop(); i++ {
			if i%DefaultEventLogSize == 0 {
				l = fresh()
			}
			l.Append(evs[i%len(evs)])
		}
		b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "events/s")
	})
}

// BenchmarkRateSeriesAdd is what the event-rate sparklines cost the reader
// path per event: the two counts EventLog.Append makes (the VM's series
// and the name's), on the same stream as BenchmarkEventLogAppend, whose
// ns/op includes them. Compare the two: this must stay a small fraction
// (on 2 loaded cores: about 45 ns of an append's 190–250 ns, as the 10-second
// rate window the series replaced, which Append measured no faster).
func BenchmarkRateSeriesAdd(b *testing.B) {
	evs := benchEvents(1<<16, []string{"STOP", "RTC_CHANGE", "RESUME"})
	var total, name rateSeries
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		at := evs[i%len(evs)].Received.Add(time.Duration(i/len(evs)) * time.Minute) // time goes on across laps
		total.add(at, 1)
		name.add(at, 1)
	}
	if total.head == 0 || name.head != total.head {
		b.Fatal("nothing was counted")
	}
}

// BenchmarkSetFilter1M switches between two filters over a million stored
// events of 20 names. Budget: 100 ms per switch.
func BenchmarkSetFilter1M(b *testing.B) {
	const n = 1_000_000
	evs := benchEvents(n, benchNames(20))
	l := NewEventLog(Limits{Count: n})
	l.Append(evs...)
	filters := []EventFilter{mustFilter(b, "STOP RTC_* DEVICE_EVENT_1?"), mustFilter(b, "!RTC_CHANGE !DEVICE_EVENT_0*")}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		l.SetFilter(filters[i%2])
	}
	if l.Len() != n || l.VisibleLen() == 0 || l.VisibleLen() == n {
		b.Fatalf("Len %d VisibleLen %d: the filters did not select part of the history", l.Len(), l.VisibleLen())
	}
}

// BenchmarkVisibleWindow reads the last 50 visible rows of a million, as
// the event pane does when following the tail.
func BenchmarkVisibleWindow(b *testing.B) {
	const n = 1_000_000
	l := NewEventLog(Limits{Count: n})
	l.Append(benchEvents(n, benchNames(20))...)
	l.SetFilter(mustFilter(b, "!RTC_CHANGE"))
	var rows []EventEntry
	b.ReportAllocs()
	for b.Loop() {
		rows = l.Visible(l.VisibleLen()-50, 50, rows[:0])
	}
	if len(rows) != 50 {
		b.Fatalf("%d rows, want 50", len(rows))
	}
}
