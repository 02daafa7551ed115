package qom

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/qmpdash/qmpdash/app/bell"
)

// Poller sends an automatic request and returns its "return" value;
// session.Session.Poll is the one qmpdash uses.
type Poller interface {
	Poll(ctx context.Context, command string, args json.RawMessage) (json.RawMessage, error)
}

// Limits bound a Model; zero fields take the defaults.
type Limits struct {
	// MaxNodes caps the loaded nodes (default 20000).
	MaxNodes int
	// MaxWanted caps the queue of values to read (default 256).
	MaxWanted int
	// MaxLoads caps the queue of objects to list (default 64).
	MaxLoads int
	// Fresh is how long a value read stays fresh (default 3s).
	Fresh time.Duration
	// Timeout bounds each request (default 10s).
	Timeout time.Duration
}

// withDefaults is l with its zero fields set.
func (l Limits) withDefaults() Limits {
	l.MaxNodes = cmp.Or(l.MaxNodes, 20000)
	l.MaxWanted = cmp.Or(l.MaxWanted, 256)
	l.MaxLoads = cmp.Or(l.MaxLoads, 64)
	l.Fresh = cmp.Or(l.Fresh, 3*time.Second)
	l.Timeout = cmp.Or(l.Timeout, 10*time.Second)
	return l
}

// Model is the lazily loaded QOM tree of one VM, as the package comment
// describes. Its methods are safe for concurrent use; only Load and Read
// wait on the network.
type Model struct {
	q      Poller
	limits Limits
	// onChange is called, without the lock, after each change.
	onChange func()
	// inflight is held around every request: one in flight at a time.
	inflight sync.Mutex

	mu      sync.Mutex
	root    *node
	byPath  map[string]*node
	loads   []string
	wanted  []string
	reading string
	reveal  string
	// revealOpen expands the object at reveal once it is reached.
	revealOpen bool
	refused    int
	version    uint64
	wake       chan struct{}
	rows       []Row
	rowsVer    uint64
}

// New makes a Model over q; onChange (may be nil) is called after each
// change of the tree, on the goroutine that changed it.
func New(q Poller, limits Limits, onChange func()) *Model {
	root := &node{path: "/", name: "/", kind: Object, expanded: true}
	return &Model{q: q, limits: limits.withDefaults(), onChange: onChange, root: root,
		byPath: map[string]*node{"/": root}, wake: make(chan struct{}, 1)}
}

// Version counts the changes of the tree; a view redraws when it moved.
func (m *Model) Version() uint64 {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.version
}

// Refused is the number of nodes not loaded because of MaxNodes.
func (m *Model) Refused() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.refused
}

// changed bumps the version and rings the bell; the caller holds the lock
// and calls notify after unlocking.
func (m *Model) changed() {
	m.version++
	bell.Ring()
}

// notify tells the owner about a change.
func (m *Model) notify() {
	if m.onChange != nil {
		m.onChange()
	}
}

// Load lists the properties of the object at path now, unless they are
// loaded, and waits for the reply. The object must be known (the root, or
// a child of a loaded object), or path must be "/".
func (m *Model) Load(ctx context.Context, path string) error {
	path = cleanPath(path)
	m.mu.Lock()
	n := m.byPath[path]
	switch {
	case n == nil:
		m.mu.Unlock()
		return fmt.Errorf("%s: no such object loaded", path)
	case n.kind != Object:
		m.mu.Unlock()
		return fmt.Errorf("%s: a property, not an object", path)
	case n.loaded:
		m.mu.Unlock()
		return nil
	}
	n.loading = true
	m.mu.Unlock()
	args, _ := json.Marshal(map[string]string{"path": path})
	ret, err := m.query(ctx, "qom-list", args)
	m.mu.Lock()
	n.loading = false
	if err == nil {
		err = m.fill(n, ret)
	}
	if err != nil {
		n.loadErr = err.Error()
	}
	m.advanceReveal()
	m.changed()
	m.mu.Unlock()
	m.notify()
	return err
}

// property is one entry of a qom-list reply.
type property struct {
	Name string `json:"name"`
	Type string `json:"type"`
}

// fill gives n the properties of a qom-list reply, objects first, each
// group by name, up to MaxNodes. The caller holds the lock.
func (m *Model) fill(n *node, ret json.RawMessage) error {
	var props []property
	if err := json.Unmarshal(ret, &props); err != nil {
		return fmt.Errorf("qom-list %s: %w", n.path, err)
	}
	slices.SortFunc(props, func(a, b property) int {
		return cmp.Or(cmp.Compare(KindOf(a.Type), KindOf(b.Type)), cmp.Compare(a.Name, b.Name))
	})
	n.loaded, n.loadErr = true, ""
	for _, p := range props {
		if len(m.byPath) >= m.limits.MaxNodes {
			m.refused++
			n.partial = true
			continue
		}
		c := &node{path: childPath(n.path, p.Name), name: p.Name, typ: p.Type, kind: KindOf(p.Type), parent: n}
		n.children = append(n.children, c)
		m.byPath[c.path] = c
	}
	return nil
}

// Read reads the value of the property at path now (a loaded Leaf or
// Link) and waits for the reply.
func (m *Model) Read(ctx context.Context, path string) error {
	m.mu.Lock()
	n := m.byPath[path]
	m.mu.Unlock()
	if n == nil || n.kind == Object {
		return fmt.Errorf("%s: no such property loaded", path)
	}
	object, property := SplitPath(path)
	args, _ := json.Marshal(map[string]string{"path": object, "property": property})
	ret, err := m.query(ctx, "qom-get", args)
	m.mu.Lock()
	n.valueAt = time.Now()
	if err != nil {
		n.value, n.valueErr = nil, err.Error()
	} else {
		n.value, n.valueErr = compact(ret), ""
	}
	m.changed()
	m.mu.Unlock()
	m.notify()
	return err
}

// query sends one request, the only one in flight, bounded by Timeout.
func (m *Model) query(ctx context.Context, command string, args json.RawMessage) (json.RawMessage, error) {
	m.inflight.Lock()
	defer m.inflight.Unlock()
	ctx, cancel := context.WithTimeout(ctx, m.limits.Timeout)
	defer cancel()
	return m.q.Poll(ctx, command, args)
}

// compact is raw without insignificant space.
func compact(raw json.RawMessage) json.RawMessage {
	var b bytes.Buffer
	if json.Compact(&b, raw) != nil {
		return raw
	}
	return b.Bytes()
}
