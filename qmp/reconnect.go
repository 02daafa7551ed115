package qmp

import (
	"context"
	"errors"
	"time"
)

// Backoff is a capped exponential delay between connection attempts. The
// zero value waits 250ms, doubling up to 10s.
type Backoff struct {
	Initial time.Duration
	Max     time.Duration
	// Factor multiplies the delay after each failure; below 1 means 2.
	Factor float64
}

// Delay returns the wait before attempt n (n = 1 is the first retry).
func (b Backoff) Delay(n int) time.Duration {
	initial, max, factor := b.Initial, b.Max, b.Factor
	if initial <= 0 {
		initial = 250 * time.Millisecond
	}
	if max <= 0 {
		max = 10 * time.Second
	}
	if factor < 1 {
		factor = 2
	}
	d := float64(initial)
	for i := 1; i < n && d < float64(max); i++ {
		d *= factor
	}
	return min(time.Duration(d), max)
}

// Redial connects to addr, retrying with backoff until it succeeds or ctx
// ends or the address is malformed. Before each wait it calls onRetry (if set) with the attempt number,
// the failure and the delay, so a UI can show a countdown.
func Redial(ctx context.Context, addr string, opts Options, b Backoff,
	onRetry func(attempt int, err error, wait time.Duration)) (*Client, error) {
	for attempt := 1; ; attempt++ {
		c, err := Dial(ctx, addr, opts)
		if err == nil {
			return c, nil
		}
		var cerr *ConnError
		if ctx.Err() != nil || !errors.As(err, &cerr) {
			return nil, err // cancelled, or an address that can never work
		}
		wait := b.Delay(attempt)
		if onRetry != nil {
			onRetry(attempt, err, wait)
		}
		t := time.NewTimer(wait)
		select {
		case <-t.C:
		case <-ctx.Done():
			t.Stop()
			return nil, err
		}
	}
}
