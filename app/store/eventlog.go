package store

import (
	"slices"
	"sort"
	"sync"
	"time"

	"github.com/qmpdash/qmpdash/app/bell"
	"github.com/qmpdash/qmpdash/qmp"
)

// DefaultEventLogSize is how many events an EventLog keeps when its
// Limits give no count.
const DefaultEventLogSize = 100_000

// EventEntry is one stored event with its arrival number. Markers are
// entries too, so a view shows where events were lost: gaps where the
// display fell behind (Event.Dropped > 0) and outages of the connection
// (Outage set). Markers have no name and pass every filter.
type EventEntry struct {
	// Seq numbers entries 1, 2, 3... in arrival order. It is never reused,
	// not even after Clear, so a view can hold on to a selection by Seq.
	Seq uint64
	// VM names the VM the event came from ("" if the log was not told).
	VM string
	qmp.Event
	// Outage is set on the marker of a lost connection, nil otherwise.
	Outage *Outage
	// Trouble says the event means something went wrong (see Trouble).
	Trouble bool
	// FullSize is the size of the message as received when Raw holds only
	// its first Limits.MessageBytes bytes (Data is then nil); 0 when Raw
	// is whole.
	FullSize int
}

// IsMarker reports whether the entry marks lost events rather than being
// an event.
func (e EventEntry) IsMarker() bool { return e.IsGap() || e.Outage != nil }

// EventLog is one VM's event history, bounded by count and by bytes (see
// Limits), oldest evicted first, seen through an EventFilter. Views ask for the window of visible entries
// they draw and poll Version to learn whether to redraw. Use NewEventLog;
// all methods are safe for concurrent use.
//
// The filter decision is cached per event name, and the positions of the
// visible entries are kept in a slice, so appending costs a map lookup,
// switching filters one pass over the names of the history, and reading a
// window nothing proportional to the history.
type EventLog struct {
	mu      sync.Mutex
	ring    ring[eventSlot]
	limits  Limits
	bytes   int64 // message bytes stored
	lastSeq uint64
	evicted uint64
	// evictedBytes counts the message bytes of the evicted entries.
	evictedBytes uint64
	truncated    uint64
	version      bell.Version
	filter       EventFilter
	// trouble decides EventEntry.Trouble; troubles counts such events
	// since the log was created, Clear or not.
	trouble  *Trouble
	troubles uint64

	// vis[visHead:] holds the Seqs of the visible entries, ascending.
	// Eviction only advances visHead; the dead prefix is reclaimed when
	// vis would otherwise grow.
	vis     []uint64
	visHead int

	names nameTable
	total rateSeries
	// clock tells the present to the rate windows; tests replace time.Now
	// to replay synthetic Received times.
	clock func() time.Time
}

// eventSlot is a stored entry with its name's state, so that switching
// filters reads a cached decision instead of hashing every name again. name
// is nil for gap markers.
type eventSlot struct {
	EventEntry
	name *nameState
}

// NewEventLog returns an empty log within lim (zero fields: up to
// DefaultEventLogSize events and DefaultEventBytes bytes). Memory grows
// with use, not with the limits.
func NewEventLog(lim Limits) *EventLog {
	lim = lim.ForEventLog()
	return &EventLog{ring: newRing[eventSlot](lim.Count), limits: lim, names: newNameTable(), clock: time.Now, trouble: NewTrouble()}
}

// SetTrouble replaces the rules that say which events mean trouble
// (NewTrouble's by default; nil: none do), for events appended from now on.
func (l *EventLog) SetTrouble(t *Trouble) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.trouble = t
	l.names.judge(t)
}

// Troubles counts the events that meant trouble since the log was
// created; Clear does not reset it, so a view can count unread ones.
func (l *EventLog) Troubles() uint64 {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.troubles
}

// Append stores events in order, evicting the oldest when the log is full
// by count or by bytes, in O(1) amortised time per event and without
// allocating once the log is full; a batch takes the lock once. It keeps
// the events' byte slices without copying them: callers must not modify
// them afterwards (qmp never does). An event longer than the limits'
// MessageBytes is kept cut, in a copy (see EventEntry.FullSize).
func (l *EventLog) Append(evs ...qmp.Event) { l.AppendFrom("", evs...) }

// AppendFrom is Append for events from the named VM.
func (l *EventLog) AppendFrom(vm string, evs ...qmp.Event) {
	if len(evs) == 0 {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	for i := range evs {
		l.add(vm, &evs[i])
	}
	l.version.Bump()
}

// AppendOutage stores the marker of a connection outage: the events of
// that time never reached qmpdash. It counts towards no event rate.
func (l *EventLog) AppendOutage(vm string, o Outage) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.lastSeq++
	s := eventSlot{EventEntry: EventEntry{Seq: l.lastSeq, VM: vm, Event: qmp.Event{Received: o.Up}, Outage: &o}}
	l.store(s)
	l.version.Bump()
}

// Len returns how many entries are stored, visible or not.
func (l *EventLog) Len() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.ring.len()
}

// Evicted returns how many entries were dropped to make room since the log
// was created or last cleared.
func (l *EventLog) Evicted() uint64 {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.evicted
}

// Usage returns what the log holds and has let go, for the status bar.
func (l *EventLog) Usage() Usage {
	l.mu.Lock()
	defer l.mu.Unlock()
	return Usage{Entries: l.ring.len(), Bytes: l.bytes, Limits: l.limits,
		Evicted: l.evicted, EvictedBytes: l.evictedBytes, Truncated: l.truncated}
}

// Version grows with every change: an append, a filter switch, a clear. A
// view redraws only when it differs from the one it last drew.
func (l *EventLog) Version() uint64 { return l.version.Load() }

// SetFilter switches the filter. It applies to the stored history as well
// as to new events.
func (l *EventLog) SetFilter(f EventFilter) {
	f = cloneFilter(f) // the caller may keep appending to its slices
	l.mu.Lock()
	defer l.mu.Unlock()
	l.filter = f
	l.names.decide(f)
	l.vis, l.visHead = l.vis[:0], 0
	for i, n := 0, l.ring.len(); i < n; i++ {
		if s := l.ring.at(i); l.passes(s) {
			l.vis = append(l.vis, s.Seq)
		}
	}
	l.version.Bump()
}

// Filter returns the current filter.
func (l *EventLog) Filter() EventFilter {
	l.mu.Lock()
	defer l.mu.Unlock()
	return cloneFilter(l.filter)
}

// VisibleLen returns how many stored entries pass the filter. Gap markers
// always pass.
func (l *EventLog) VisibleLen() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.vis) - l.visHead
}

// Visible appends to dst the visible entries at positions [from, from+n),
// where 0 is the oldest visible entry still stored, and returns the
// extended slice. Positions outside the visible range are skipped. Its cost
// is proportional to n, not to the history.
func (l *EventLog) Visible(from, n int, dst []EventEntry) []EventEntry {
	l.mu.Lock()
	defer l.mu.Unlock()
	live := l.vis[l.visHead:]
	lo, hi := window(from, n, len(live))
	if lo >= hi {
		return dst
	}
	first := l.ring.at(0).Seq
	for _, seq := range live[lo:hi] {
		dst = append(dst, l.ring.at(int(seq-first)).EventEntry)
	}
	return dst
}

// Find returns the position among the visible entries of the first one
// whose Seq is at least seq, and whether its Seq is exactly seq. Views use
// it to keep a selection in place across evictions and filter switches; pos
// equals VisibleLen when no such entry is left.
func (l *EventLog) Find(seq uint64) (pos int, exact bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	live := l.vis[l.visHead:]
	pos = sort.Search(len(live), func(i int) bool { return live[i] >= seq })
	return pos, pos < len(live) && live[pos] == seq
}

// Clear drops every entry and resets the eviction count and the
// statistics, as after a fresh connect. The filter stays, and Seqs carry on
// from where they were.
func (l *EventLog) Clear() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.ring.reset()
	l.vis, l.visHead = l.vis[:0], 0
	l.bytes, l.evicted, l.evictedBytes, l.truncated = 0, 0, 0, 0
	l.names = newNameTable()
	l.total = rateSeries{}
	l.version.Bump()
}

// add stores one event; the caller holds mu.
func (l *EventLog) add(vm string, ev *qmp.Event) {
	l.lastSeq++
	at := ev.Received
	if at.IsZero() { // gap markers carry no time
		at = l.clock()
	}
	s := eventSlot{EventEntry: EventEntry{Seq: l.lastSeq, VM: vm, Event: *ev}}
	if cut := truncateEvent(&s.EventEntry, l.limits.MessageBytes); cut {
		l.truncated++
	}
	if ev.IsGap() {
		// The lost events did reach the client, so they count towards
		// the VM's event rate, though no name can be charged with them.
		l.total.add(at, ev.Dropped)
	} else {
		l.total.add(at, 1)
		s.name = l.names.lookup(ev.Name, l.filter, l.trouble)
		s.name.count++
		s.name.rate.add(at, 1)
		switch s.name.trouble {
		case troubleAlways:
			s.Trouble = true
		case troubleCheck:
			s.Trouble = l.trouble.Match(ev)
		}
		if s.Trouble {
			l.troubles++
		}
	}
	l.store(s)
}

// store puts a slot in the ring, evicting the oldest entries as far as
// the byte bound needs, and, if it passes the filter, in the visible list;
// the caller holds mu.
func (l *EventLog) store(s eventSlot) {
	size := int64(len(s.Raw))
	for l.ring.len() > 0 && l.bytes+size > l.limits.Bytes {
		l.evict(l.ring.pop())
	}
	if old, evicted := l.ring.push(s); evicted {
		l.evict(old)
	}
	l.bytes += size
	if l.passes(&s) {
		l.pushVisible(s.Seq)
	}
}

// evict accounts for an entry taken out of the ring; the caller holds mu.
func (l *EventLog) evict(old eventSlot) {
	l.evicted++
	l.evictedBytes += uint64(len(old.Raw))
	l.bytes -= int64(len(old.Raw))
	if l.visHead < len(l.vis) && l.vis[l.visHead] == old.Seq {
		l.visHead++
	}
}

// passes applies the filter to a stored entry, from the cache where it can.
func (l *EventLog) passes(s *eventSlot) bool {
	switch {
	case l.filter.HasVM() && !l.filter.MatchVM(s.VM):
		return false
	case s.name == nil:
		return true
	case s.name == &l.names.other:
		return l.filter.Match(s.Name)
	default:
		return s.name.visible
	}
}

// pushVisible records a visible Seq. When vis is full and at least half of
// it is dead, it compacts instead of growing: each compaction copies no
// more than the evictions since the last one, so appends stay O(1)
// amortised and vis stays under about twice the log's capacity.
func (l *EventLog) pushVisible(seq uint64) {
	if len(l.vis) == cap(l.vis) && l.visHead > 0 && l.visHead >= len(l.vis)/2 {
		n := copy(l.vis, l.vis[l.visHead:])
		l.vis, l.visHead = l.vis[:n], 0
	}
	l.vis = append(l.vis, seq)
}

func cloneFilter(f EventFilter) EventFilter {
	return EventFilter{Include: slices.Clone(f.Include), Exclude: slices.Clone(f.Exclude),
		IncludeVM: slices.Clone(f.IncludeVM), ExcludeVM: slices.Clone(f.ExcludeVM)}
}

// window intersects the positions [from, from+n) with [0, size), written
// so that no sum can overflow.
func window(from, n, size int) (lo, hi int) {
	if n > 0 && from < 0 {
		n += from
		from = 0
	}
	if n <= 0 || from >= size {
		return 0, 0
	}
	return from, from + min(n, size-from)
}
