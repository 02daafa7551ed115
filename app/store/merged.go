package store

import (
	"slices"
	"sync"
	"time"

	"github.com/qmpdash/qmpdash/app/bell"
	"github.com/qmpdash/qmpdash/qmp"
)

// DefaultMergeDelay is how long a MergedEvents holds an event back so that
// one from another VM received earlier, but handed over later by its
// session's goroutine, can still be put before it.
const DefaultMergeDelay = 100 * time.Millisecond

// maxStaged bounds the events held back; past it, or past the log's byte
// bound, the oldest are committed at once, in order, however young.
const maxStaged = 1 << 16

// MergedEvents is the event stream of several VMs in the order qmpdash
// received the events, each entry naming its VM. Sessions hand events over
// in batches from their own goroutines, so two VMs' batches can reach it in
// a different order than their events arrived; it holds each event back
// for a short delay and commits what is older than that in receive order.
// Reading (VisibleLen, Visible, Version) commits first, so a view that
// polls sees events at most the delay late. The name and VM filters and
// everything else are the EventLog's. Safe for concurrent use.
type MergedEvents struct {
	*EventLog
	delay time.Duration
	now   func() time.Time

	mu     sync.Mutex
	staged []stagedEvent
	// stagedBytes is the message bytes of staged.
	stagedBytes int64
}

type stagedEvent struct {
	vm     string
	ev     qmp.Event
	outage *Outage // set for an outage marker, which ev only times
}

// NewMergedEvents returns a merged stream keeping events within lim (see
// NewEventLog) and holding each back for delay (DefaultMergeDelay when
// <= 0).
func NewMergedEvents(lim Limits, delay time.Duration) *MergedEvents {
	if delay <= 0 {
		delay = DefaultMergeDelay
	}
	return &MergedEvents{EventLog: NewEventLog(lim), delay: delay, now: time.Now}
}

// Add hands over a batch of one VM's events, in their order. Gap markers,
// which carry no time, are stamped with the present.
func (m *MergedEvents) Add(vm string, evs []qmp.Event) {
	if len(evs) == 0 {
		return
	}
	now := m.now()
	m.mu.Lock()
	for _, ev := range evs {
		if ev.Received.IsZero() {
			ev.Received = now
		}
		m.staged = append(m.staged, stagedEvent{vm: vm, ev: ev})
		m.stagedBytes += int64(len(ev.Raw))
	}
	over, bytes, bound := len(m.staged)-maxStaged, m.stagedBytes, m.EventLog.limits.Bytes
	m.mu.Unlock()
	bell.Ring() // for a reader to come back when they are ready: Ready
	if over > 0 || bytes > bound {
		m.commit(func(i int, s stagedEvent) bool {
			if i < over || bytes > bound {
				bytes -= int64(len(s.ev.Raw))
				return true
			}
			return false
		})
	}
}

// AddOutage hands over a VM's outage marker, placed at its reconnection.
func (m *MergedEvents) AddOutage(vm string, o Outage) {
	m.mu.Lock()
	m.staged = append(m.staged, stagedEvent{vm: vm, ev: qmp.Event{Received: o.Up}, outage: &o})
	m.mu.Unlock()
	bell.Ring()
}

// Ready is when the oldest event held back is to be committed; false if
// none is held back. A reader polling Version only on the bell's rings
// comes back then.
func (m *MergedEvents) Ready() (time.Time, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if len(m.staged) == 0 {
		return time.Time{}, false
	}
	oldest := m.staged[0].ev.Received
	for _, s := range m.staged[1:] {
		if s.ev.Received.Before(oldest) {
			oldest = s.ev.Received
		}
	}
	return oldest.Add(m.delay), true
}

// Flush commits every event held back, whatever its age.
func (m *MergedEvents) Flush() { m.commit(func(int, stagedEvent) bool { return true }) }

// settle commits the events older than the delay.
func (m *MergedEvents) settle() {
	cutoff := m.now().Add(-m.delay)
	m.commit(func(_ int, s stagedEvent) bool { return !s.ev.Received.After(cutoff) })
}

// commit sorts the held-back events by receive time (stably, so one VM's
// order is kept) and commits the prefix that ready accepts, one batch per
// run of one VM's events so the log takes its lock once per run.
func (m *MergedEvents) commit(ready func(i int, s stagedEvent) bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if len(m.staged) == 0 {
		return
	}
	slices.SortStableFunc(m.staged, func(a, b stagedEvent) int { return a.ev.Received.Compare(b.ev.Received) })
	n := 0
	for n < len(m.staged) && ready(n, m.staged[n]) {
		n++
	}
	batch := make([]qmp.Event, 0, min(n, 1024))
	for i := 0; i < n; {
		vm := m.staged[i].vm
		if o := m.staged[i].outage; o != nil {
			m.EventLog.AppendOutage(vm, *o)
			i++
			continue
		}
		batch = batch[:0]
		for ; i < n && m.staged[i].vm == vm && m.staged[i].outage == nil; i++ {
			batch = append(batch, m.staged[i].ev)
		}
		m.EventLog.AppendFrom(vm, batch...)
	}
	for _, s := range m.staged[:n] {
		m.stagedBytes -= int64(len(s.ev.Raw))
	}
	rest := copy(m.staged, m.staged[n:])
	clear(m.staged[rest:])
	m.staged = m.staged[:rest]
}

// VisibleLen commits what is ready, then counts the visible entries.
func (m *MergedEvents) VisibleLen() int {
	m.settle()
	return m.EventLog.VisibleLen()
}

// Visible commits what is ready, then reads entries as EventLog.Visible.
func (m *MergedEvents) Visible(from, n int, dst []EventEntry) []EventEntry {
	m.settle()
	return m.EventLog.Visible(from, n, dst)
}

// Version commits what is ready, then returns the log's version.
func (m *MergedEvents) Version() uint64 {
	m.settle()
	return m.EventLog.Version()
}
