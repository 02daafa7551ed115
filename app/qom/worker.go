package qom

import (
	"context"
	"strings"
	"time"
)

// Run is the background worker: it lists the objects Expand asked for,
// then reads the values Want asked for, one request at a time, until ctx
// ends. Start it once per Model.
func (m *Model) Run(ctx context.Context) {
	for {
		if path, ok := m.nextLoad(); ok {
			_ = m.Load(ctx, path) // the error is kept on the node
			continue
		}
		if path, ok := m.nextRead(); ok {
			_ = m.Read(ctx, path) // the error is kept on the node
			m.mu.Lock()
			m.reading = ""
			m.mu.Unlock()
			continue
		}
		select {
		case <-ctx.Done():
			return
		case <-m.wake:
		}
	}
}

// poke wakes the worker; the caller may hold the lock.
func (m *Model) poke() {
	select {
	case m.wake <- struct{}{}:
	default:
	}
}

// nextLoad pops the next object to list.
func (m *Model) nextLoad() (string, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	for len(m.loads) > 0 {
		path := m.loads[0]
		m.loads = m.loads[1:]
		if n := m.byPath[path]; n != nil && !n.loaded {
			return path, true
		}
	}
	return "", false
}

// nextRead pops the next wanted value that is not fresh.
func (m *Model) nextRead() (string, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	for len(m.wanted) > 0 {
		path := m.wanted[0]
		m.wanted = m.wanted[1:]
		if n := m.byPath[path]; n != nil && n.kind != Object && !m.fresh(n) {
			m.reading = path
			return path, true
		}
	}
	return "", false
}

// fresh reports whether n's value was read within Fresh.
func (m *Model) fresh(n *node) bool {
	return !n.valueAt.IsZero() && time.Since(n.valueAt) < m.limits.Fresh
}

// Expand shows the properties of the object at path, asking the worker to
// list them unless they are loaded; false when path is not a loaded
// object.
func (m *Model) Expand(path string) bool {
	m.mu.Lock()
	n := m.byPath[cleanPath(path)]
	ok := n != nil && n.kind == Object
	if ok && !n.expanded {
		n.expanded = true
		m.changed()
	}
	if ok && !n.loaded && !n.loading {
		m.enqueueLoad(n)
	}
	m.mu.Unlock()
	m.notify()
	return ok
}

// enqueueLoad asks the worker to list n, unless the queue is full; the
// caller holds the lock.
func (m *Model) enqueueLoad(n *node) {
	if len(m.loads) >= m.limits.MaxLoads {
		return
	}
	for _, p := range m.loads {
		if p == n.path {
			return
		}
	}
	n.loading = true
	m.loads = append(m.loads, n.path)
	m.changed()
	m.poke()
}

// Collapse hides the properties of the object at path (they stay loaded).
func (m *Model) Collapse(path string) {
	m.mu.Lock()
	if n := m.byPath[cleanPath(path)]; n != nil && n.path != "/" && n.expanded {
		n.expanded = false
		m.changed()
	}
	m.mu.Unlock()
	m.notify()
}

// Want replaces the queue of values to read by paths (the leaves and
// links a view shows), up to MaxWanted of them, leaving out values that
// are fresh or being read.
func (m *Model) Want(paths []string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.wanted = m.wanted[:0]
	for _, p := range paths {
		if len(m.wanted) >= m.limits.MaxWanted {
			break
		}
		if n := m.byPath[p]; n != nil && n.kind != Object && p != m.reading && !m.fresh(n) {
			m.wanted = append(m.wanted, p)
		}
	}
	if len(m.wanted) > 0 {
		m.poke()
	}
}

// Reveal expands every object on the way to path (loading those not
// loaded, one after another), so that the node at path comes into view:
// how a view follows a link. With open, the object at path is expanded
// too. It returns at once.
func (m *Model) Reveal(path string, open bool) {
	m.mu.Lock()
	m.reveal, m.revealOpen = cleanPath(path), open
	m.advanceReveal()
	m.changed()
	m.mu.Unlock()
	m.notify()
}

// advanceReveal expands the known objects on the way to the path being
// revealed and asks for the first one not loaded; the caller holds the
// lock.
func (m *Model) advanceReveal() {
	if m.reveal == "" {
		return
	}
	n := m.root
	rest := strings.TrimPrefix(m.reveal, "/")
	for rest != "" {
		name, tail, _ := strings.Cut(rest, "/")
		n.expanded = true
		if !n.loaded {
			if !n.loading {
				m.enqueueLoad(n)
			}
			return
		}
		next := m.byPath[childPath(n.path, name)]
		if next == nil {
			m.reveal = ""
			return
		}
		n, rest = next, tail
	}
	m.reveal = ""
	if m.revealOpen && n.kind == Object {
		n.expanded = true
		if !n.loaded && !n.loading {
			m.enqueueLoad(n)
		}
	}
}
