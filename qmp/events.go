package qmp

import (
	"context"
	"sync"
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
// oldest events and sees a gap marker (Event.Dropped) where they were.
// Methods are safe for concurrent use.
type Subscription struct {
	c     *Client
	match func(string) bool
	ready chan struct{}

	mu      sync.Mutex
	buf     []Event // grows by doubling up to limit, so idle costs little
	limit   int
	head, n int
	gap     uint64
	dropped uint64
}

// initialQueue is the queue a subscription starts with before growing.
const initialQueue = 64

func newSubscription(c *Client, opts SubscribeOptions) *Subscription {
	size := opts.Queue
	if size <= 0 {
		size = DefaultQueue
	}
	return &Subscription{c: c, match: opts.Match, buf: make([]Event, min(size, initialQueue)), limit: size, ready: make(chan struct{}, 1)}
}

// Subscribe starts receiving events. The first subscription also receives
// the events that arrived before it (up to Options.EventBacklog), so nothing
// sent during negotiation is lost.
func (c *Client) Subscribe(opts SubscribeOptions) *Subscription {
	s := newSubscription(c, opts)
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.backlog != nil {
		for _, ev := range c.backlog.Drain(nil) {
			if ev.IsGap() || s.match == nil || s.match(ev.Name) {
				s.push(ev)
			}
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

// publish hands an event to every subscriber without waiting for any.
func (c *Client) publish(ev Event) {
	if list := c.subs.Load(); list != nil {
		for _, s := range *list {
			if s.match == nil || s.match(ev.Name) {
				s.push(ev)
			}
		}
		return
	}
	// No subscriber yet: keep it for the first one. Subscribe swaps the
	// backlog for the list under c.mu, so decide again under it.
	c.mu.Lock()
	if list := c.subs.Load(); list != nil {
		c.mu.Unlock()
		c.publish(ev)
		return
	}
	c.backlog.push(ev)
	c.mu.Unlock()
}

func (s *Subscription) push(ev Event) {
	s.mu.Lock()
	if ev.IsGap() {
		s.gap += ev.Dropped
	} else {
		if s.n == len(s.buf) && len(s.buf) < s.limit {
			s.grow()
		}
		if s.n == len(s.buf) {
			s.buf[s.head] = Event{}
			s.head = (s.head + 1) % len(s.buf)
			s.n--
			s.gap++
			s.dropped++
		}
		s.buf[(s.head+s.n)%len(s.buf)] = ev
		s.n++
	}
	s.mu.Unlock()
	select {
	case s.ready <- struct{}{}:
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
