package views

import (
	"sync"
	"time"

	"github.com/qmpdash/qmpdash/app/live"
)

// liveSettle is how long a live table must stay unchanged before its
// changes make a frame: the VMs' refreshes of one round land a few
// milliseconds apart, and one frame shows them all.
const liveSettle = 50 * time.Millisecond

// liveFrames caps how long a table that keeps changing (64 VMs refreshed
// at their own moments, say) waits for a frame.
const liveFrames = 250 * time.Millisecond

// tableSettler decides when a live table's changes are worth a frame:
// once the table has been quiet for liveSettle, or liveFrames after the
// first change not yet drawn. Safe for concurrent use.
type tableSettler struct {
	mu    sync.Mutex
	table *live.Table
	// taken is the version last let through; seen the latest one looked
	// at, first at seenAt; since is when the first change after taken
	// was seen (zero: none is waiting).
	taken, seen   uint64
	seenAt, since time.Time
}

// take returns the version of t to draw as of now, and when to look
// again for changes held back (zero if none is).
func (s *tableSettler) take(t *live.Table, now time.Time) (uint64, time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	current := t.Version()
	if t != s.table { // another view: shown as it is
		s.table, s.taken, s.seen, s.since = t, current, current, time.Time{}
		return current, time.Time{}
	}
	if current == s.taken {
		return current, time.Time{}
	}
	if current != s.seen {
		s.seen, s.seenAt = current, now
		if s.since.IsZero() {
			s.since = now
		}
	}
	quiet, late := s.seenAt.Add(liveSettle), s.since.Add(liveFrames)
	if !now.Before(quiet) || !now.Before(late) {
		s.taken, s.since = current, time.Time{}
		return current, time.Time{}
	}
	if late.Before(quiet) {
		return s.taken, late
	}
	return s.taken, quiet
}
