package session

import (
	"sync"

	"github.com/qmpdash/qmpdash/qmp"
)

// watchers are the functions that see a session's events as they arrive
// (see Session.Watch).
type watchers struct {
	mu   sync.Mutex
	next int
	fns  map[int]func([]qmp.Event)
}

// Watch calls fn with each batch of events the session reads, on the
// reading goroutine, until the returned stop is called. fn must not block
// nor keep the slice (its events it may keep): the reader waits for it.
// Gap markers (qmp.Event.IsGap) are passed on as they come.
func (s *Session) Watch(fn func([]qmp.Event)) (stop func()) {
	w := &s.watchers
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.fns == nil {
		w.fns = map[int]func([]qmp.Event){}
	}
	w.next++
	id := w.next
	w.fns[id] = fn
	return func() {
		w.mu.Lock()
		delete(w.fns, id)
		w.mu.Unlock()
	}
}

// notify hands a batch to every watcher.
func (w *watchers) notify(batch []qmp.Event) {
	w.mu.Lock()
	defer w.mu.Unlock()
	for _, fn := range w.fns {
		fn(batch)
	}
}
