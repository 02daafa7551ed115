package watch

import (
	"context"
	"fmt"
	"slices"
	"sync"

	"github.com/qmpdash/qmpdash/app/bell"
)

// MaxWatches is how many watches a Set holds at most: each polls the
// monitor, so a VM watched by dozens would spend its time answering them.
const MaxWatches = 8

// Set is the open watches of one VM, in the order they were opened. Its
// methods are safe for concurrent use.
type Set struct {
	src Source

	mu      sync.Mutex
	watches []*running
	version uint64
}

type running struct {
	w      *Watch
	cancel context.CancelFunc
	done   chan struct{}
}

// NewSet makes an empty set whose watches send through src.
func NewSet(src Source) *Set { return &Set{src: src} }

// Open starts a watch of spec, polling until Close or ctx's end. It
// fails when the set already holds MaxWatches.
func (s *Set) Open(ctx context.Context, spec Spec) (*Watch, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.watches) >= MaxWatches {
		return nil, fmt.Errorf("%d watches are open on this VM, the most it takes: close one first (:watch lists them)", MaxWatches)
	}
	ctx, cancel := context.WithCancel(ctx)
	r := &running{w: New(spec, s.src), cancel: cancel, done: make(chan struct{})}
	go func() {
		defer close(r.done)
		r.w.Run(ctx, nil)
	}()
	s.watches = append(s.watches, r)
	s.version++
	bell.Ring()
	return r.w, nil
}

// Close stops a watch and removes it from the set; it returns once the
// watch sends nothing more. It reports whether w was in the set.
func (s *Set) Close(w *Watch) bool {
	s.mu.Lock()
	i := slices.IndexFunc(s.watches, func(r *running) bool { return r.w == w })
	if i < 0 {
		s.mu.Unlock()
		return false
	}
	r := s.watches[i]
	s.watches = slices.Delete(s.watches, i, i+1)
	s.version += r.w.Version() + 1 // the sum Version returns still grows
	s.mu.Unlock()
	bell.Ring()
	r.cancel()
	<-r.done
	return true
}

// CloseAll stops every watch of the set.
func (s *Set) CloseAll() {
	for _, w := range s.List() {
		s.Close(w)
	}
}

// List returns the open watches, oldest first, in a new slice.
func (s *Set) List() []*Watch {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]*Watch, len(s.watches))
	for i, r := range s.watches {
		out[i] = r.w
	}
	return out
}

// Version grows when a watch opens or closes, and with every watch's
// refresh, for a view to redraw on change.
func (s *Set) Version() uint64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	v := s.version
	for _, r := range s.watches {
		v += r.w.Version()
	}
	return v
}
