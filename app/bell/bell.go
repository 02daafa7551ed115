// Package bell lets whatever changes the state a view shows wake the
// view's redraw loop, which can then sleep between changes instead of
// looking at every store's version many times a second. A store rings
// after each change; a loop takes Rung, reads the versions it shows, and
// waits on the channel until a later ring.
//
// The bell is process-wide and rings for every waiter: a waiter compares
// the versions it cares about, so another's ring costs it one look. It
// imports nothing of qmpdash, so any package may ring it.
package bell

import (
	"sync"
	"sync/atomic"
)

var (
	mu sync.Mutex
	// next is closed by the first ring after it was handed out.
	next = make(chan struct{})
	// rung says next has been closed since a waiter last took a channel:
	// later rings have nothing to do, so a flood of changes costs each
	// one atomic load until the waiter looks again.
	rung atomic.Bool
)

// Ring says something changed: every channel Rung returned before closes
// (at once, or when a ring under way on another goroutine gets to it).
func Ring() {
	if rung.Load() || !rung.CompareAndSwap(false, true) {
		return
	}
	mu.Lock()
	close(next)
	next = make(chan struct{})
	mu.Unlock()
}

// Rung returns a channel that closes at the next Ring. A waiter takes it
// before reading what it shows, so no change after the reading is missed.
func Rung() <-chan struct{} {
	mu.Lock()
	defer mu.Unlock()
	rung.Store(false)
	return next
}

// Version counts the changes of some state, ringing the bell at each. The
// zero value is ready to use; it is safe for concurrent use.
type Version struct{ n atomic.Uint64 }

// Bump counts a change, then rings.
func (v *Version) Bump() {
	v.n.Add(1)
	Ring()
}

// Load returns the number of changes so far.
func (v *Version) Load() uint64 { return v.n.Load() }
