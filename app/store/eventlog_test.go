package store

import (
	"math/rand/v2"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/qmpdash/qmpdash/qmp"
)

// logEvent builds an event the way the qmp reader does: Data aliases Raw.
func logEvent(name string) qmp.Event {
	raw := []byte(`{"event": "` + name + `", "data": {}}`)
	return qmp.Event{Name: name, Raw: raw, Data: raw[len(raw)-3 : len(raw)-1], Received: time.Now()}
}

func logEvents(names ...string) []qmp.Event {
	evs := make([]qmp.Event, len(names))
	for i, n := range names {
		evs[i] = logEvent(n)
	}
	return evs
}

// logGap is a gap marker as qmp delivers it: nothing but Dropped.
func logGap(dropped uint64) qmp.Event { return qmp.Event{Dropped: dropped} }

func mustFilter(t testing.TB, s string) EventFilter {
	t.Helper()
	f, err := ParseEventFilter(s)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func allVisible(l *EventLog) []EventEntry { return l.Visible(0, l.VisibleLen(), nil) }

func seqsOf(es []EventEntry) []uint64 {
	out := make([]uint64, len(es))
	for i, e := range es {
		out[i] = e.Seq
	}
	return out
}

func namesOf(es []EventEntry) []string {
	out := make([]string, len(es))
	for i, e := range es {
		out[i] = e.Name
		if e.IsGap() {
			out[i] = "<gap>"
		}
	}
	return out
}

func TestEventLogEvictsOldest(t *testing.T) {
	l := NewEventLog(Limits{Count: 3})
	l.Append(logEvents("A", "B")...)
	l.Append(logEvents("C", "D", "E")...)
	if l.Len() != 3 || l.Evicted() != 2 || l.VisibleLen() != 3 {
		t.Fatalf("Len %d Evicted %d VisibleLen %d, want 3 2 3", l.Len(), l.Evicted(), l.VisibleLen())
	}
	got := allVisible(l)
	if !slices.Equal(namesOf(got), []string{"C", "D", "E"}) || !slices.Equal(seqsOf(got), []uint64{3, 4, 5}) {
		t.Fatalf("kept %v %v, want C D E numbered 3 4 5", namesOf(got), seqsOf(got))
	}

	l.Clear()
	if l.Len() != 0 || l.Evicted() != 0 || l.VisibleLen() != 0 {
		t.Fatalf("after Clear: Len %d Evicted %d VisibleLen %d", l.Len(), l.Evicted(), l.VisibleLen())
	}
	l.Append(logEvents("F", "G")...)
	if got := seqsOf(allVisible(l)); !slices.Equal(got, []uint64{6, 7}) {
		t.Errorf("Seqs after Clear %v, want 6 7: Seqs are never reused", got)
	}
	if NewEventLog(Limits{}).ring.limit != DefaultEventLogSize {
		t.Errorf("capacity 0 does not mean DefaultEventLogSize")
	}
}

func TestEventLogKeepsEventBytes(t *testing.T) {
	l := NewEventLog(Limits{Count: 10})
	ev := logEvent("STOP")
	l.Append(ev)
	got := l.Visible(0, 1, nil)[0]
	if &got.Raw[0] != &ev.Raw[0] || &got.Data[0] != &ev.Data[0] {
		t.Error("the log copied the event's bytes instead of keeping them")
	}
}

func TestEventLogFilterAppliesToHistory(t *testing.T) {
	history := []string{"STOP", "RESUME", "RTC_CHANGE", "BLOCK_JOB_READY", "block_job_completed"}
	tests := []struct {
		name   string
		filter func(t *testing.T) EventFilter
		want   []string
	}{
		{"none", func(*testing.T) EventFilter { return EventFilter{} },
			[]string{"STOP", "RESUME", "RTC_CHANGE", "<gap>", "BLOCK_JOB_READY", "block_job_completed"}},
		{"include glob", func(t *testing.T) EventFilter { return mustFilter(t, "BLOCK_JOB_*") },
			[]string{"<gap>", "BLOCK_JOB_READY", "block_job_completed"}},
		{"exclude glob", func(t *testing.T) EventFilter { return mustFilter(t, "!block_*") },
			[]string{"STOP", "RESUME", "RTC_CHANGE", "<gap>"}},
		{"mute one name", func(t *testing.T) EventFilter {
			f := mustFilter(t, "!STOP")
			if err := f.AddExclude("rtc_change"); err != nil {
				t.Fatal(err)
			}
			return f
		}, []string{"RESUME", "<gap>", "BLOCK_JOB_READY", "block_job_completed"}},
		{"show only", func(t *testing.T) EventFilter {
			var f EventFilter
			if err := f.AddInclude("Block_Job_Completed"); err != nil {
				t.Fatal(err)
			}
			return f
		}, []string{"<gap>", "block_job_completed"}},
		{"include and exclude", func(t *testing.T) EventFilter { return mustFilter(t, "BLOCK_* R* !block_job_ready") },
			[]string{"RESUME", "RTC_CHANGE", "<gap>", "block_job_completed"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := NewEventLog(Limits{Count: 100})
			l.Append(logEvents(history[:3]...)...)
			l.Append(logGap(7))
			l.Append(logEvents(history[3:]...)...)
			f := tt.filter(t)
			l.SetFilter(f)
			if got := namesOf(allVisible(l)); !slices.Equal(got, tt.want) {
				t.Errorf("history through %q: %v, want %v", f, got, tt.want)
			}
			if l.VisibleLen() != len(tt.want) {
				t.Errorf("VisibleLen %d, want %d", l.VisibleLen(), len(tt.want))
			}
			if l.Filter().String() != f.String() {
				t.Errorf("Filter() = %q, want %q", l.Filter(), f)
			}
			// The same filter applies to what arrives next.
			l.Append(logEvents(history...)...)
			l.Append(logGap(1))
			want := append(slices.Clone(tt.want), slices.DeleteFunc(slices.Clone(tt.want), func(s string) bool { return s == "<gap>" })...)
			want = append(want, "<gap>")
			if got := namesOf(allVisible(l)); !slices.Equal(got, want) {
				t.Errorf("after more events: %v, want %v", got, want)
			}
		})
	}
}

func TestEventLogFilterIsCopied(t *testing.T) {
	l := NewEventLog(Limits{Count: 10})
	f := EventFilter{Include: make([]string, 1, 4)}
	f.Include[0] = "STOP"
	l.SetFilter(f)
	_ = append(f.Include, "RESUME") // would land in the log's array if shared
	got := l.Filter()
	got.Include[0] = "RESET"
	if s := l.Filter().String(); s != "STOP" {
		t.Errorf("the log's filter changed behind its back: %q", s)
	}
}

func TestEventLogVisibleWindows(t *testing.T) {
	l := NewEventLog(Limits{Count: 10})
	for i := 1; i <= 25; i++ { // Seq i is "A" when odd; the log keeps 16..25
		l.Append(logEvent(map[bool]string{true: "A", false: "B"}[i%2 == 1]))
	}
	l.SetFilter(mustFilter(t, "A"))
	steps := []struct {
		name     string
		change   func()
		from, n  int
		wantSeqs []uint64
	}{
		{"start", nil, 0, 2, []uint64{17, 19}},
		{"middle", nil, 2, 2, []uint64{21, 23}},
		{"end, clipped", nil, 3, 10, []uint64{23, 25}},
		{"past the end", nil, 5, 1, nil},
		{"before the start", nil, -2, 3, []uint64{17}},
		{"empty window", nil, 1, 0, nil},
		{"after evictions", func() { l.Append(logEvents("B", "A", "B", "A")...) }, 0, 100, []uint64{21, 23, 25, 27, 29}},
		{"after a filter switch", func() { l.SetFilter(EventFilter{}) }, 7, 3, []uint64{27, 28, 29}},
		{"after a switch to the others", func() { l.SetFilter(mustFilter(t, "b")) }, 1, 2, []uint64{22, 24}},
		{"after evicting everything", func() { l.Append(logEvents("A", "A", "A", "A", "A", "A", "A", "A", "A", "A")...) }, 0, 5, nil},
	}
	for _, s := range steps {
		if s.change != nil {
			s.change()
		}
		prefix := []EventEntry{{Seq: 999}}
		got := l.Visible(s.from, s.n, prefix)
		if got[0].Seq != 999 {
			t.Fatalf("%s: Visible overwrote dst", s.name)
		}
		if got := seqsOf(got[1:]); !slices.Equal(got, s.wantSeqs) {
			t.Errorf("%s: Visible(%d, %d) = %v, want %v", s.name, s.from, s.n, got, s.wantSeqs)
		}
	}
}

func TestEventLogGapMarkersAlwaysVisible(t *testing.T) {
	l := NewEventLog(Limits{Count: 10})
	l.SetFilter(mustFilter(t, "NOTHING !*"))
	l.Append(logEvent("STOP"), logGap(3), logEvent("RESUME"))
	l.SetFilter(mustFilter(t, "!*"))
	l.Append(logGap(2))
	got := allVisible(l)
	if len(got) != 2 || got[0].Dropped != 3 || got[1].Dropped != 2 {
		t.Errorf("visible under a filter blocking every name: %+v, want the two gap markers", got)
	}
}

func TestEventLogFind(t *testing.T) {
	l := NewEventLog(Limits{Count: 4})
	l.Append(logEvents("A", "B", "A", "B", "A", "B")...) // keeps 3..6
	l.SetFilter(mustFilter(t, "A"))                      // visible 3, 5
	tests := []struct {
		seq   uint64
		pos   int
		exact bool
	}{{1, 0, false}, {3, 0, true}, {4, 1, false}, {5, 1, true}, {6, 2, false}, {99, 2, false}}
	for _, tt := range tests {
		if pos, exact := l.Find(tt.seq); pos != tt.pos || exact != tt.exact {
			t.Errorf("Find(%d) = %d, %v; want %d, %v", tt.seq, pos, exact, tt.pos, tt.exact)
		}
	}
}

func TestEventLogVersion(t *testing.T) {
	l := NewEventLog(Limits{Count: 2})
	steps := []struct {
		name    string
		do      func()
		changes bool
	}{
		{"append", func() { l.Append(logEvent("STOP")) }, true},
		{"append evicting", func() { l.Append(logEvents("A", "B")...) }, true},
		{"append nothing", func() { l.Append() }, false},
		{"reads", func() {
			l.Visible(0, 5, nil)
			l.Stats()
			l.Len()
			l.Find(1)
			l.Rate()
			l.Filter()
		}, false},
		{"filter switch", func() { l.SetFilter(mustFilter(t, "A")) }, true},
		{"clear", l.Clear, true},
	}
	for _, s := range steps {
		before := l.Version()
		s.do()
		if changed := l.Version() != before; changed != s.changes {
			t.Errorf("%s: Version changed = %v, want %v", s.name, changed, s.changes)
		}
	}
}

// TestEventLogMatchesModel drives a small log through random appends,
// filter switches and clears, so the ring wraps and the visible index is
// trimmed and compacted many times, and compares every state with a plain
// list.
func TestEventLogMatchesModel(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	filters := []string{"", "A", "!A", "B C", "!*", "?"}
	const capacity = 7
	l := NewEventLog(Limits{Count: capacity})
	var model []EventEntry // everything since the last Clear
	var seq uint64
	filter := EventFilter{}
	for step := 0; step < 5000; step++ {
		switch r := rng.IntN(100); {
		case r < 80:
			var batch []qmp.Event
			for range 1 + rng.IntN(4) {
				ev := logGap(1)
				if k := rng.IntN(5); k < 4 {
					ev = logEvent(string(rune('A' + k)))
				}
				batch = append(batch, ev)
				seq++
				model = append(model, EventEntry{Seq: seq, Event: ev})
			}
			l.Append(batch...)
		case r < 97:
			filter = mustFilter(t, filters[rng.IntN(len(filters))])
			l.SetFilter(filter)
		default:
			l.Clear()
			model = nil
		}
		stored := model[max(0, len(model)-capacity):]
		var want []uint64
		for _, e := range stored {
			if e.IsGap() || filter.Match(e.Name) {
				want = append(want, e.Seq)
			}
		}
		if got := seqsOf(allVisible(l)); !slices.Equal(got, want) {
			t.Fatalf("step %d, filter %q: visible %v, want %v", step, filter, got, want)
		}
		if l.Len() != len(stored) {
			t.Fatalf("step %d: Len %d, want %d", step, l.Len(), len(stored))
		}
	}
}

// TestEventLogVisibleIndexStaysBounded checks that a long session does not
// grow the index of visible entries past a small multiple of the capacity.
func TestEventLogVisibleIndexStaysBounded(t *testing.T) {
	const capacity = 1000
	l := NewEventLog(Limits{Count: capacity})
	evs := logEvents("A", "B", "C")
	for i := range 100 * capacity {
		l.Append(evs[i%len(evs)])
		if i%(7*capacity) == 0 {
			l.SetFilter(mustFilter(t, []string{"", "!C"}[i/(7*capacity)%2]))
		}
	}
	if c := cap(l.vis); c > 3*capacity {
		t.Errorf("visible index holds %d slots for a log of %d", c, capacity)
	}
}

// TestEventLogConcurrentReaders has the UI's calls race the writer; run it
// with -race.
func TestEventLogConcurrentReaders(t *testing.T) {
	l := NewEventLog(Limits{Count: 1000})
	evs := logEvents("STOP", "RESUME", "RTC_CHANGE", "BLOCK_JOB_READY")
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		defer close(done)
		for i := range 5000 {
			l.Append(evs[i%len(evs)])
			if i%500 == 0 {
				l.Append(logGap(2))
			}
		}
	}()
	var buf []EventEntry
	var lastVersion uint64
	for reads := 0; ; reads++ {
		select {
		case <-done:
			wg.Wait()
			if l.Len() != 1000 || l.Evicted() != 4010 {
				t.Errorf("Len %d Evicted %d, want 1000 4010", l.Len(), l.Evicted())
			}
			return
		default:
		}
		if reads%50 == 0 {
			l.SetFilter(mustFilter(t, []string{"", "!RTC_CHANGE"}[reads/50%2]))
		}
		v := l.Version()
		if v < lastVersion {
			t.Fatalf("Version went back from %d to %d", lastVersion, v)
		}
		lastVersion = v
		buf = l.Visible(l.VisibleLen()-50, 50, buf[:0])
		for i := 1; i < len(buf); i++ {
			if buf[i].Seq <= buf[i-1].Seq {
				t.Fatalf("window out of order: %v", seqsOf(buf))
			}
		}
		l.Stats()
		l.Rate()
	}
}
