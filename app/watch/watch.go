package watch

import (
	"context"
	"errors"
	"sync"
	"time"

	"github.com/qmpdash/qmpdash/app/bell"
	"github.com/qmpdash/qmpdash/app/jsondiff"
	"github.com/qmpdash/qmpdash/app/send"
	"github.com/qmpdash/qmpdash/app/wirelog"
)

// Source returns the send path to the watched monitor as connected now:
// nil, or a Sender whose Client is nil, while it is disconnected.
type Source func() *send.Sender

// Snapshot is what a watch knows after its latest refresh.
type Snapshot struct {
	// Reply is the latest "return" value, nil before the first.
	Reply []byte
	// Err is why the latest poll failed (send.ErrNotConnected while
	// disconnected), nil when it succeeded.
	Err error
	// Refreshed is when Reply came.
	Refreshed time.Time
	// Changes are the differences between Reply and the reply before it
	// (at most jsondiff.MaxChanges of them); ChangedPaths counts them all.
	Changes      []jsondiff.Change
	ChangedPaths int
	// Count is the number of refreshes whose reply differed from the one
	// before; Refreshes the number of replies.
	Count, Refreshes uint64
	// LastChange is when the latest of those came (zero: none yet).
	LastChange time.Time
}

// Watch polls one command (see the package comment). Make it with New,
// run it with Run; its other methods are safe for concurrent use.
type Watch struct {
	// Spec is what it watches; it must not change.
	Spec Spec
	src  Source

	mu      sync.Mutex
	snap    Snapshot
	visible bool
	latency time.Duration // of the latest reply
	timeout int           // polls in a row that timed out

	wake    chan struct{}
	version bell.Version
}

// New prepares a watch of spec on src; it starts visible.
func New(spec Spec, src Source) *Watch {
	return &Watch{Spec: spec, src: src, visible: true, wake: make(chan struct{}, 1)}
}

// Snapshot returns the latest refresh.
func (w *Watch) Snapshot() Snapshot {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.snap
}

// Version grows with every poll's outcome, for a view to redraw on change;
// it grows once Snapshot returns that outcome, so a view that reads
// Version before Snapshot never keeps an old snapshot under a new version.
func (w *Watch) Version() uint64 { return w.version.Load() }

// SetVisible pauses (false) or resumes (true) the polling: a watch that
// nothing shows sends nothing. Resuming a watch whose reply is older than
// its interval refreshes it at once.
func (w *Watch) SetVisible(v bool) {
	w.mu.Lock()
	changed := w.visible != v
	w.visible = v
	w.mu.Unlock()
	if changed {
		select {
		case w.wake <- struct{}{}:
		default:
		}
	}
}

// Visible reports whether the watch polls (see SetVisible).
func (w *Watch) Visible() bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.visible
}

// Run polls until ctx ends or notify fails, and returns why. notify (nil:
// none) is called on Run's goroutine after every poll with its outcome.
// One poll at a time: the next is sent NextDelay after the previous one
// started, and only once it has ended.
func (w *Watch) Run(ctx context.Context, notify func(Snapshot) error) error {
	var last time.Time
	for {
		if err := w.waitVisible(ctx); err != nil {
			return err
		}
		if !last.IsZero() {
			w.mu.Lock()
			delay := NextDelay(w.Spec.Interval, w.latency, w.timeout)
			w.mu.Unlock()
			if wait := time.Until(last.Add(delay)); wait > 0 {
				t := time.NewTimer(wait)
				select {
				case <-ctx.Done():
					t.Stop()
					return ctx.Err()
				case <-w.wake: // hidden meanwhile: check again
					t.Stop()
					continue
				case <-t.C:
				}
			}
		}
		last = time.Now()
		snap := w.poll(ctx)
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if notify != nil {
			if err := notify(snap); err != nil {
				return err
			}
		}
	}
}

// waitVisible returns once the watch is visible, or ctx's error.
func (w *Watch) waitVisible(ctx context.Context) error {
	for !w.Visible() {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-w.wake:
		}
	}
	return ctx.Err()
}

// poll sends the command once through the send path and records the
// outcome.
func (w *Watch) poll(ctx context.Context) Snapshot {
	p := w.src()
	if p == nil || p.Client == nil {
		return w.record(nil, 0, send.ErrNotConnected)
	}
	// An automatic request: its own id, no entry in the user's command
	// log, no notice per failure (the view shows the error).
	auto := *p
	auto.TagRequests, auto.Commands, auto.Finished = false, nil, nil
	out, err := auto.Check(w.Spec.Line, w.Spec.Text)
	if err != nil {
		return w.record(nil, 0, err)
	}
	out.Prepared.Request.ID = wirelog.NextAutoID(out.Name)
	start := time.Now()
	sent, err := auto.Send(ctx, out)
	if err != nil {
		return w.record(nil, 0, err)
	}
	resp, err := sent.Response()
	if err != nil {
		return w.record(nil, time.Since(start), err)
	}
	return w.record(resp.Return, time.Since(start), nil)
}

// record keeps a poll's outcome and returns the new snapshot.
func (w *Watch) record(reply []byte, latency time.Duration, err error) Snapshot {
	defer w.version.Bump() // after the unlock: see Version
	w.mu.Lock()
	defer w.mu.Unlock()
	if latency > 0 {
		w.latency = latency
	}
	if errors.Is(err, context.DeadlineExceeded) {
		w.timeout++
	} else {
		w.timeout = 0
	}
	s := &w.snap
	s.Err = err
	if err != nil {
		return *s
	}
	now := time.Now()
	s.Changes, s.ChangedPaths = nil, 0
	if s.Reply != nil {
		s.Changes, s.ChangedPaths = jsondiff.Diff(s.Reply, reply)
		if s.ChangedPaths > 0 {
			s.Count++
			s.LastChange = now
		}
	}
	s.Reply, s.Refreshed = reply, now
	s.Refreshes++
	return *s
}

// MaxBackoff is the longest a slow or timing-out monitor makes a watch
// wait between polls (unless its interval is longer).
const MaxBackoff = time.Minute

// NextDelay is how long after a poll started the next may start: the
// interval, but at least twice the latest reply's latency, so a slow
// monitor spends at most half its time answering a watch, and doubled for
// each poll in a row that timed out, up to MaxBackoff.
func NextDelay(interval, latency time.Duration, timeouts int) time.Duration {
	d := max(interval, 2*latency)
	for range timeouts {
		if d >= MaxBackoff {
			break
		}
		d *= 2
	}
	return min(d, max(MaxBackoff, interval))
}
