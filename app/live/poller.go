package live

import (
	"context"
	"encoding/json"
	"errors"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/qmpdash/qmpdash/app/bell"
	"github.com/qmpdash/qmpdash/app/store"
	"github.com/qmpdash/qmpdash/app/tick"
)

// MaxDelay caps the backoff: a slow VM is still refreshed this often.
const MaxDelay = 30 * time.Second

// refreshTimeout bounds a refresh, all its queries (a session bounds each
// poll more tightly by itself).
const refreshTimeout = 10 * time.Second

// SummaryInterval is how often a VM with a job or migration under way
// is refreshed while no one shows the view, only for the summary the VM
// strip and the overview tiles draw (Poller.Active).
const SummaryInterval = 2 * time.Second

// eventCheck is how often, at most, a waiting loop looks for the events
// that refresh its view at once.
const eventCheck = 200 * time.Millisecond

// Poller keeps a view's Table up to date for a set of targets: one loop
// per target, one request in flight each, polling only while the view is
// shown (Show) and the target connected. Its methods are safe for
// concurrent use.
type Poller struct {
	view *View
	// Table holds the rows.
	Table *Table
	ctx   context.Context

	mu    sync.Mutex
	loops map[string]*loop
	shown int
	// shownCh is closed, and replaced, whenever shown goes from 0 to 1.
	shownCh chan struct{}
	// watcher starts watchEvents with the first target.
	watcher sync.Once
}

// loop is one target's polling goroutine.
type loop struct {
	t      Target
	cancel context.CancelFunc
	kick   chan struct{}
	// seen is how many of the view's RefreshOn events t had when the event
	// watcher last looked, and seenVersion its event log's version then.
	seen, seenVersion uint64
	// active is set by one of the view's RefreshOn events and cleared by a
	// refresh that finds nothing under way (Table.Summary): while set, t is
	// polled every SummaryInterval even when no one shows the view.
	active atomic.Bool
	// refreshes counts the loop's refreshes, and kept holds each query's
	// last reply, for the queries asked only every few refreshes
	// (Query.Every). Only the loop's goroutine touches them.
	refreshes int
	kept      []json.RawMessage
}

// NewPoller returns a poller of v with no targets; its loops end with
// ctx.
func NewPoller(ctx context.Context, v *View) *Poller {
	return &Poller{view: v, Table: NewTable(v), ctx: ctx, loops: map[string]*loop{}, shownCh: make(chan struct{})}
}

// View returns the polled view.
func (p *Poller) View() *View { return p.view }

// Add starts polling t (a second target of the same name is ignored).
func (p *Poller) Add(t Target) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if _, ok := p.loops[t.Name()]; ok {
		return
	}
	ctx, cancel := context.WithCancel(p.ctx)
	l := &loop{t: t, cancel: cancel, kick: make(chan struct{}, 1)}
	if ev := t.Events(); ev != nil {
		l.seen = p.refreshEvents(ev)
	}
	if len(p.view.RefreshOn) > 0 {
		p.watcher.Do(func() { go p.watchEvents() })
	}
	p.loops[t.Name()] = l
	go p.run(ctx, t, l)
}

// Remove stops polling the target named name and drops its rows.
func (p *Poller) Remove(name string) {
	p.mu.Lock()
	if l, ok := p.loops[name]; ok {
		l.cancel()
		delete(p.loops, name)
	}
	p.mu.Unlock()
	p.Table.Drop(name)
}

// Names returns the polled targets' names, sorted.
func (p *Poller) Names() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	names := make([]string, 0, len(p.loops))
	for n := range p.loops {
		names = append(names, n)
	}
	slices.Sort(names)
	return names
}

// Show says something shows the view: polling runs (at once, then every
// interval) until every Show's hide has been called. hide may be called
// once.
func (p *Poller) Show() (hide func()) {
	p.mu.Lock()
	p.shown++
	if p.shown == 1 {
		close(p.shownCh)
		p.shownCh = make(chan struct{})
	}
	p.mu.Unlock()
	var once sync.Once
	return func() {
		once.Do(func() {
			p.mu.Lock()
			p.shown--
			p.mu.Unlock()
		})
	}
}

// Active reports whether the target named name is polled for the summary
// while the view is hidden: one of its RefreshOn events said a job or
// migration moved and no refresh since found it over.
func (p *Poller) Active(name string) bool {
	p.mu.Lock()
	l := p.loops[name]
	p.mu.Unlock()
	return l != nil && l.active.Load()
}

// Shown reports whether anything shows the view.
func (p *Poller) Shown() bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.shown > 0
}

// Refresh asks for a refresh of the target named name as soon as its
// request in flight, if any, is answered (after a row action, say).
func (p *Poller) Refresh(name string) {
	p.mu.Lock()
	l := p.loops[name]
	p.mu.Unlock()
	if l != nil {
		select {
		case l.kick <- struct{}{}:
		default:
		}
	}
}

// run polls t until ctx ends.
func (p *Poller) run(ctx context.Context, t Target, l *loop) {
	// delay is the wait before the next refresh, on a clock of ticks
	// every grid; full says the next refresh asks every query, even those
	// asked only every few refreshes: it was asked for at once, or it is
	// the first.
	var delay, grid time.Duration
	full := true
	for {
		waited, ok := p.waitWanted(ctx, l)
		if !ok {
			return
		}
		if waited {
			delay, full = 0, true // shown again, or a job started: refresh at once
		}
		kicked, ok := waitDue(ctx, tick.Aligned(time.Now(), delay, grid), l.kick)
		if !ok {
			return
		}
		full = full || kicked
		interval := p.view.Interval
		if !p.Shown() {
			if !l.active.Load() {
				continue
			}
			interval = SummaryInterval
		}
		grid = interval
		if !t.Ready() {
			delay = interval
			continue
		}
		start := time.Now()
		err := p.refresh(ctx, t, l, full)
		full = false
		if ctx.Err() != nil {
			return
		}
		if err == nil && !p.Table.Summary(t.Name()).Active {
			l.active.Store(false)
		}
		delay = Backoff(interval, delay, time.Since(start), err)
	}
}

// waitWanted waits until the view is shown or l's VM has something under
// way; waited says it had to.
func (p *Poller) waitWanted(ctx context.Context, l *loop) (waited, ok bool) {
	for {
		p.mu.Lock()
		shown, ch := p.shown > 0, p.shownCh
		p.mu.Unlock()
		if shown || l.active.Load() {
			return waited, true
		}
		waited = true
		select {
		case <-ch:
		case <-l.kick: // active was set just before
		case <-ctx.Done():
			return waited, false
		}
	}
}

// waitDue waits delay, cut short by a kick (Refresh, or one of the view's
// RefreshOn events); kicked says it was, ok is false when ctx ended first.
func waitDue(ctx context.Context, delay time.Duration, kick <-chan struct{}) (kicked, ok bool) {
	timer := time.NewTimer(delay)
	defer timer.Stop()
	select {
	case <-ctx.Done():
		return false, false
	case <-timer.C:
		return false, true
	case <-kick:
		return true, true
	}
}

// watchEvents looks through every target's new events, when the bell
// (app/bell) says something changed and at most once per eventCheck, and
// kicks the loop of a target that had one of the view's RefreshOn events,
// marking it active when the view is Summarised (polled for the summary
// while the view is hidden, until its refresh finds nothing under way):
// one goroutine for all targets, so that 64 VMs cost one look per check,
// not 64, and a quiet fleet none. The watcher of a view that is not
// Summarised looks only while the view is shown. It ends with the
// poller's context.
func (p *Poller) watchEvents() {
	var rung <-chan struct{} // nil: look at once
	for {
		// Events that came while the view rested are not news: showing it
		// refreshes it anyway.
		rested := false
		if !p.view.Summarised {
			var ok bool
			if rested, ok = p.waitShown(); !ok {
				return
			}
		}
		if !rested && rung != nil {
			select {
			case <-p.ctx.Done():
				return
			case <-rung:
			}
			if _, ok := waitDue(p.ctx, eventCheck, nil); !ok {
				return
			}
		}
		rung = bell.Rung() // before the look: no later event is missed
		p.mu.Lock()
		loops := make([]*loop, 0, len(p.loops))
		for _, l := range p.loops {
			loops = append(loops, l)
		}
		p.mu.Unlock()
		for _, l := range loops {
			ev := l.t.Events()
			if ev == nil || ev.Version() == l.seenVersion {
				continue // no event since the last look: no count to read
			}
			l.seenVersion = ev.Version()
			if !p.triggered(ev, &l.seen) || rested {
				continue
			}
			if p.view.Summarised {
				l.active.Store(true)
			}
			select {
			case l.kick <- struct{}{}:
			default:
			}
		}
	}
}

// waitShown waits until the view is shown; waited says it had to, ok is
// false when the poller ends first.
func (p *Poller) waitShown() (waited, ok bool) {
	for {
		p.mu.Lock()
		shown, ch := p.shown > 0, p.shownCh
		p.mu.Unlock()
		if shown {
			return waited, true
		}
		waited = true
		select {
		case <-ch:
		case <-p.ctx.Done():
			return waited, false
		}
	}
}

// triggered reports whether ev had one of the view's RefreshOn events
// since *seen was taken, and takes it anew. It reads the log's per-name
// counts, not its events: a VM flooding the log costs the check nothing
// more.
func (p *Poller) triggered(ev *store.EventLog, seen *uint64) bool {
	n := p.refreshEvents(ev)
	hit := n != *seen
	*seen = n
	return hit
}

// refreshEvents is how many of the view's RefreshOn events ev counts.
func (p *Poller) refreshEvents(ev *store.EventLog) uint64 {
	var n uint64
	for _, st := range ev.Stats() {
		if slices.Contains(p.view.RefreshOn, st.Name) {
			n += st.Count
		}
	}
	return n
}

// refresh sends the view's queries to t, one after the other, and updates
// the table; an optional query's failure leaves its part out. A query
// asked only every few refreshes (Query.Every) that is not due reuses
// its last reply, unless full.
func (p *Poller) refresh(ctx context.Context, t Target, l *loop, full bool) error {
	queries := p.view.Queries
	if l.kept == nil {
		l.kept = make([]json.RawMessage, len(queries))
	}
	replies := make([]json.RawMessage, len(queries))
	rctx, cancel := context.WithTimeout(ctx, refreshTimeout)
	defer cancel()
	var at time.Time // when the first reply came: its samples' time
	for i, q := range queries {
		if !full && q.Every > 1 && l.refreshes%q.Every != 0 && l.kept[i] != nil {
			replies[i] = l.kept[i]
			continue
		}
		ret, err := t.Query(rctx, q.Command)
		if at.IsZero() {
			at = time.Now()
		}
		if err != nil && !q.Optional {
			if ctx.Err() == nil {
				p.Table.Fail(t.Name(), err)
			}
			return err
		}
		if err == nil && ret == nil {
			ret = json.RawMessage("null")
		}
		replies[i], l.kept[i] = ret, ret
	}
	if at.IsZero() {
		at = time.Now()
	}
	l.refreshes++
	p.Table.Update(t.Name(), replies, at)
	return nil
}

// Backoff is the wait before the next refresh of a view refreshed every
// interval, given the wait before the last (prev), how long the last took
// and how it ended: the interval while the VM answers promptly; twice as
// long (at least twice the interval and what it took, at most MaxDelay)
// after an answer slower than half the interval or none in time.
func Backoff(interval, prev, took time.Duration, err error) time.Duration {
	slow := took > interval/2 || errors.Is(err, context.DeadlineExceeded)
	if !slow {
		return interval
	}
	return min(max(2*prev, 2*interval, 2*took), MaxDelay)
}
