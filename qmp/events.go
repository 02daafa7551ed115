package qmp

import (
	"context"
	"sync"
	"sync/atomic"
)

// DefaultQueue is a subscription's queue length when SubscribeOptions.Queue
// is zero.
const DefaultQueue = 1024

// SubscribeOptions configure a Subscription.
type SubscribeOptions struct {
	// Queue bounds the events held for the subscriber; when it is full the
	// oldest are dropped and a gap marker takes their place.
	Queue int
	// Match, if set, selects the event names to receive. It runs on the
	// reader goroutine and must be fast.
	Match func(name string) bool
}

// Subscription receives events from a Client through a bounded queue. The
// reader never waits for it: a subscriber that does not keep up loses its
// oldest events and sees a gap marker (Event.Dropped) where they were. On
// a client with Options.Backpressure it is the other way round: the reader
// waits for room and nothing is lost. Methods are safe for concurrent use.
type Subscription struct {
	c      *Client
	match  func(string) bool
	ready  chan struct{}
	space  chan struct{} // signalled when a drain made room
	closed chan struct{}
	once   sync.Once

	mu      sync.Mutex
	buf     []Event // grows by doubling up to limit, so idle costs little
	limit   int
	head, n int
	gap     uint64
	dropped uint64
	block   bool // a full queue makes push wait instead of dropping
	// queued is set when events were queued since the last ready signal.
	queued atomic.Bool
}

// initialQueue is the queue a subscription starts with before growing.
const initialQueue = 64

// newSubscription makes a subscription; block makes a full queue hold the
// reader back instead of dropping.
func newSubscription(c *Client, opts SubscribeOptions, block bool) *Subscription {
	size := opts.Queue
	if size <= 0 {
		size = DefaultQueue
	}
	return &Subscription{c: c, match: opts.Match, buf: make([]Event, min(size, initialQueue)), limit: size,
		ready: make(chan struct{}, 1), space: make(chan struct{}, 1), closed: make(chan struct{}), block: block}
}

// Subscribe starts receiving events. The first subscription also receives
// the events that arrived before it (up to Options.EventBacklog), so nothing
// sent during negotiation is lost.
func (c *Client) Subscribe(opts SubscribeOptions) *Subscription {
	s := newSubscription(c, opts, c.opts.Backpressure)
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.backlog != nil {
		defer close(c.subscribed) // a reader waiting for room in the backlog retries
		backlog := c.backlog.Drain(nil)
		// Nobody reads s yet, so it must not wait for room: under
		// backpressure it may hold the backlog beyond its own limit.
		s.limit = max(s.limit, len(backlog))
		for _, ev := range backlog {
			if ev.IsGap() || s.match == nil || s.match(ev.Name) {
				s.push(ev)
			}
		}
		if len(backlog) > 0 {
			s.signal() // the reader may be idle: it would not wake s
		}
		c.backlog = nil
	}
	var list []*Subscription
	if old := c.subs.Load(); old != nil {
		list = append(list, *old...)
	}
	list = append(list, s)
	c.subs.Store(&list)
	return s
}

// publish hands an event to every subscriber without waiting for any,
// unless the client applies backpressure.
func (c *Client) publish(ev Event) {
	for {
		if list := c.subs.Load(); list != nil {
			for _, s := range *list {
				if s.match == nil || s.match(ev.Name) {
					s.push(ev)
				}
			}
			return
		}
		// No subscriber yet: keep it for the first one. Subscribe swaps
		// the backlog for the list under c.mu, so decide again under it.
		c.mu.Lock()
		if c.subs.Load() != nil {
			c.mu.Unlock()
			continue
		}
		kept := c.backlog.offer(ev)
		c.mu.Unlock()
		if kept {
			return // nobody waits on the backlog's ready signal
		}
		// A full backlog under backpressure: wait for the first
		// subscriber, outside c.mu, which Subscribe needs.
		select {
		case <-c.subscribed:
		case <-c.done:
			return
		}
	}
}

// push queues ev, waiting for room if the subscription blocks; it gives up
// when the subscription or the client closes. The subscriber is woken by
// wakeSubscribers, once for many events, or before push waits.
func (s *Subscription) push(ev Event) {
	for !s.offer(ev) {
		s.c.wakeSubscribers() // whoever is behind must not wait for us
		select {
		case <-s.space:
		case <-s.closed:
			return
		case <-s.c.done:
			return
		}
	}
	s.queued.Store(true)
}

// wakeSubscribers signals every subscription that has events queued since
// its last signal. The reader calls it before it waits for the socket, and
// every few hundred events in a flood, so one wake-up carries a batch.
func (c *Client) wakeSubscribers() {
	if list := c.subs.Load(); list != nil {
		for _, s := range *list {
			if s.queued.Load() {
				s.queued.Store(false)
				s.signal()
			}
		}
	}
}

// offer queues ev, dropping the oldest event when the queue is full, or
// reports false and keeps nothing if the subscription blocks instead.
func (s *Subscription) offer(ev Event) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if ev.IsGap() {
		s.gap += ev.Dropped
		return true
	}
	if s.n == len(s.buf) && len(s.buf) < s.limit {
		s.grow()
	}
	if s.n == len(s.buf) {
		if s.block {
			return false
		}
		s.buf[s.head] = Event{}
		s.head = (s.head + 1) % len(s.buf)
		s.n--
		s.gap++
		s.dropped++
	}
	s.buf[(s.head+s.n)%len(s.buf)] = ev
	s.n++
	return true
}

// signal tells the subscriber that events are waiting.
func (s *Subscription) signal() {
	select {
	case s.ready <- struct{}{}:
	default:
	}
}

// madeRoom tells a pusher waiting on a full queue to try again.
func (s *Subscription) madeRoom() {
	select {
	case s.space <- struct{}{}:
	default:
	}
}

// grow doubles the queue, up to its limit, keeping the order. s.mu is held.
func (s *Subscription) grow() {
	buf := make([]Event, min(2*len(s.buf), s.limit))
	for i := range s.n {
		buf[i] = s.buf[(s.head+i)%len(s.buf)]
	}
	s.buf, s.head = buf, 0
}

// Ready is signalled when events are waiting. One signal may stand for many
// events: drain them all.
func (s *Subscription) Ready() <-chan struct{} { return s.ready }

// Done is closed when the client's connection has closed.
func (s *Subscription) Done() <-chan struct{} { return s.c.done }

// Drain appends every queued event to dst, a gap marker first if events were
// dropped since the last drain, and returns it. It never blocks.
func (s *Subscription) Drain(dst []Event) []Event {
	s.mu.Lock()
	defer s.mu.Unlock()
	defer s.madeRoom()
	if s.gap > 0 {
		dst = append(dst, Event{Dropped: s.gap})
		s.gap = 0
	}
	for ; s.n > 0; s.n-- {
		dst = append(dst, s.buf[s.head])
		s.buf[s.head] = Event{}
		s.head = (s.head + 1) % len(s.buf)
	}
	return dst
}

// Next waits for one event (or gap marker). After the connection closes it
// returns what is still queued, then the client's closing error.
func (s *Subscription) Next(ctx context.Context) (Event, error) {
	for {
		if ev, ok := s.pop(); ok {
			return ev, nil
		}
		select {
		case <-s.ready:
		case <-s.c.done:
			if ev, ok := s.pop(); ok {
				return ev, nil
			}
			return Event{}, s.c.Err()
		case <-ctx.Done():
			return Event{}, ctx.Err()
		}
	}
}

func (s *Subscription) pop() (Event, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.gap > 0 {
		ev := Event{Dropped: s.gap}
		s.gap = 0
		return ev, true
	}
	if s.n == 0 {
		return Event{}, false
	}
	ev := s.buf[s.head]
	s.buf[s.head] = Event{}
	s.head = (s.head + 1) % len(s.buf)
	s.n--
	s.madeRoom()
	return ev, true
}

// Dropped returns how many events this subscription has lost in all.
func (s *Subscription) Dropped() uint64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.dropped
}

// Close stops delivery to this subscription. Queued events stay readable.
func (s *Subscription) Close() {
	s.once.Do(func() { close(s.closed) })
	c := s.c
	c.mu.Lock()
	defer c.mu.Unlock()
	old := c.subs.Load()
	if old == nil {
		return
	}
	list := make([]*Subscription, 0, len(*old))
	for _, o := range *old {
		if o != s {
			list = append(list, o)
		}
	}
	c.subs.Store(&list)
}
