package session

import (
	"sync"

	"github.com/qmpdash/qmpdash/qmp"
)

// Watcher follows a session's connection as it happens (Session.Watch).
// Its functions run on the session's reading goroutine, which waits for
// them: they must not block, nor call the stop Watch returned.
type Watcher struct {
	// Events, if set, gets each batch of events as read, gap markers
	// (qmp.Event.IsGap) included. It must not keep the slice (the events
	// it may keep).
	Events func([]qmp.Event)
	// Disconnected, if set, is called each time a connection ends, once
	// State no longer shows it ready.
	Disconnected func()
}

// watchers are the Watchers of a session.
type watchers struct {
	mu   sync.Mutex
	next int
	all  map[int]Watcher
}

// Watch has w follow the session's connections until the returned stop
// is called.
func (s *Session) Watch(w Watcher) (stop func()) {
	ws := &s.watchers
	ws.mu.Lock()
	defer ws.mu.Unlock()
	if ws.all == nil {
		ws.all = map[int]Watcher{}
	}
	ws.next++
	id := ws.next
	ws.all[id] = w
	return func() {
		ws.mu.Lock()
		delete(ws.all, id)
		ws.mu.Unlock()
	}
}

// events hands a batch to every watcher.
func (ws *watchers) events(batch []qmp.Event) {
	ws.mu.Lock()
	defer ws.mu.Unlock()
	for _, w := range ws.all {
		if w.Events != nil {
			w.Events(batch)
		}
	}
}

// disconnected tells every watcher that the connection ended.
func (ws *watchers) disconnected() {
	ws.mu.Lock()
	defer ws.mu.Unlock()
	for _, w := range ws.all {
		if w.Disconnected != nil {
			w.Disconnected()
		}
	}
}
