package qmptest

import (
	"testing"
	"time"
)

// WaitTimeout is how long Eventually waits: generous, because the race
// detector on a machine shared by several test runs slows everything down.
const WaitTimeout = 10 * time.Second

// pollInterval is how often Eventually asks its condition again.
const pollInterval = 5 * time.Millisecond

// Eventually polls cond until it holds, and fails the test naming what it
// waited for after WaitTimeout. Call it from the test's goroutine (it may
// call t.Fatal); cond runs there too.
func Eventually(t testing.TB, what string, cond func() bool) {
	t.Helper()
	EventuallyWithin(t, WaitTimeout, what, cond)
}

// EventuallyWithin is Eventually with a deadline of its own, for waits
// known to take longer (a booting guest, a 64 MiB reply under the race
// detector).
func EventuallyWithin(t testing.TB, d time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(d)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %v waiting for %s", d, what)
		}
		time.Sleep(pollInterval)
	}
}
