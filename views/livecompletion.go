package views

import (
	"sync"

	"github.com/qmpdash/qmpdash/app/livevalues"
	"github.com/qmpdash/qmpdash/app/session"
)

// liveCaches holds each VM's cache of live values for completion, made
// when completion first asks for it. Safe for concurrent use: the redraw
// loop sums their versions off the UI goroutine.
type liveCaches struct {
	mu sync.Mutex
	m  map[*session.Session]*livevalues.Cache
}

// of returns s's cache.
func (l *liveCaches) of(s *session.Session) *livevalues.Cache {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.m == nil {
		l.m = map[*session.Session]*livevalues.Cache{}
	}
	c := l.m[s]
	if c == nil {
		c = livevalues.ForSession(s)
		l.m[s] = c
	}
	return c
}

// version grows when values arrive in any VM's cache.
func (l *liveCaches) version() uint64 {
	l.mu.Lock()
	defer l.mu.Unlock()
	var v uint64
	for _, c := range l.m {
		v += c.Version()
	}
	return v
}

// keepOnly drops the caches of VMs no longer in the fleet (:close).
func (l *liveCaches) keepOnly(fleet map[*session.Session]bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for s := range l.m {
		if !fleet[s] {
			delete(l.m, s)
		}
	}
}
