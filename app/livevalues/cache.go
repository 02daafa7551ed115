package livevalues

import (
	"context"
	"encoding/json"
	"sync"
	"time"

	"github.com/qmpdash/qmpdash/app/bell"
	"github.com/qmpdash/qmpdash/app/complete"
	"github.com/qmpdash/qmpdash/app/session"
)

// DefaultFreshness is how long fetched values are offered before they are
// fetched again.
const DefaultFreshness = 3 * time.Second

// maxPaths bounds the QOM paths whose children are kept: past it the
// oldest-fetched is forgotten.
const maxPaths = 64

// Querier sends one VM qmpdash's automatic requests (ForSession makes one
// of a session).
type Querier interface {
	// Poll sends command with args (a JSON object, or nil) and returns
	// its "return" value; it may wait on the network.
	Poll(ctx context.Context, command string, args json.RawMessage) (json.RawMessage, error)
	// Ready reports whether the VM's monitor is connected now.
	Ready() bool
}

// ForSession makes an empty cache over a session.
func ForSession(s *session.Session) *Cache { return New(sessionQuerier{s}) }

// sessionQuerier is a session as a Querier.
type sessionQuerier struct{ *session.Session }

// Ready reports whether the session is connected.
func (q sessionQuerier) Ready() bool { return q.State().Ready() }

// Cache holds one VM's live values; it implements complete.Live. Build it
// with New. It is safe for concurrent use.
type Cache struct {
	q Querier
	// Freshness is how long values are offered before being fetched
	// again, and how long a failed fetch is not retried; Timeout bounds
	// each request. Set them before the first Values.
	Freshness, Timeout time.Duration

	version bell.Version

	mu       sync.Mutex
	results  map[fetch]*result
	inFlight map[query]bool
	// nextPath is the QOM path asked for while another qom-list was in
	// flight: it is fetched when that one ends.
	nextPath string
}

// result is what one fetch returned, and when.
type result struct {
	at   time.Time
	vals values
}

// New makes an empty cache over q.
func New(q Querier) *Cache {
	return &Cache{q: q, Freshness: DefaultFreshness, Timeout: 5 * time.Second,
		results: map[fetch]*result{}, inFlight: map[query]bool{}}
}

// Version grows each time fetched values arrive.
func (c *Cache) Version() uint64 { return c.version.Load() }

// Values returns the cached values of src (see complete.Live for key),
// and fetches them in the background when they are missing or stale. It
// never waits.
func (c *Cache) Values(src complete.Source, key string) []complete.LiveValues {
	qs := queriesOf(src)
	c.mu.Lock()
	defer c.mu.Unlock()
	var out []complete.LiveValues
	for _, q := range qs {
		f := fetch{q, ""}
		if q == qomList {
			f.path = key
		}
		r := c.results[f]
		if r == nil || time.Since(r.at) >= c.Freshness {
			c.refresh(f)
		}
		if r != nil {
			if v := r.vals.of(src, key); v.Len() > 0 {
				out = append(out, v)
			}
		}
	}
	return out
}

// refresh starts fetching f unless its query is in flight or the VM is
// not connected. Called with mu held.
func (c *Cache) refresh(f fetch) {
	if c.inFlight[f.query] {
		if f.query == qomList {
			c.nextPath = f.path
		}
		return
	}
	if !c.q.Ready() {
		return
	}
	c.inFlight[f.query] = true
	go c.run(f)
}

// run fetches f and stores what came back. A failure keeps the values
// held before, but counts as a fetch: it is not retried until they are
// stale.
func (c *Cache) run(f fetch) {
	ctx, cancel := context.WithTimeout(context.Background(), c.Timeout)
	ret, err := c.q.Poll(ctx, f.command(), f.args())
	cancel()
	var vals values
	if err == nil {
		vals, err = parse(f.query, f.path, ret)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	prev := c.results[f]
	if err != nil && prev != nil {
		vals = prev.vals
	}
	c.store(f, &result{at: time.Now(), vals: vals})
	delete(c.inFlight, f.query)
	if f.query == qomList && c.nextPath != "" && c.nextPath != f.path {
		next := c.nextPath
		c.nextPath = ""
		c.refresh(fetch{qomList, next})
	}
	c.version.Bump()
}

// store keeps r for f, forgetting the oldest-fetched QOM path past
// maxPaths. Called with mu held.
func (c *Cache) store(f fetch, r *result) {
	c.results[f] = r
	if f.query != qomList {
		return
	}
	paths := 0
	var oldest fetch
	var at time.Time
	for k, v := range c.results {
		if k.query != qomList {
			continue
		}
		paths++
		if at.IsZero() || v.at.Before(at) {
			oldest, at = k, v.at
		}
	}
	if paths > maxPaths {
		delete(c.results, oldest)
	}
}

// dedup drops repeated values, keeping the first of each: a bitmap name
// used on several nodes is offered once among all nodes'.
func dedup(vals []string) []string {
	if len(vals) < 2 {
		return vals
	}
	seen := make(map[string]bool, len(vals))
	out := vals[:0]
	for _, v := range vals {
		if !seen[v] {
			seen[v] = true
			out = append(out, v)
		}
	}
	return out
}
