package bell

import (
	"sync"
	"testing"
	"time"
)

func closed(c <-chan struct{}) bool {
	select {
	case <-c:
		return true
	default:
		return false
	}
}

func TestRingClosesEveryChannelTakenBefore(t *testing.T) {
	a := Rung()
	b := Rung()
	if closed(a) || closed(b) {
		t.Fatal("a channel closed before any ring")
	}
	Ring()
	if !closed(a) || !closed(b) {
		t.Fatal("a ring left a waiter's channel open")
	}
	c := Rung()
	if closed(c) {
		t.Fatal("a channel taken after the ring is closed already")
	}
	Ring()
	Ring() // the second finds the first's work done
	if !closed(c) {
		t.Fatal("the ring after taking the channel did not close it")
	}
}

// A waiter taking its channel while other goroutines ring never waits on
// a channel that misses a ring made after it took it: the ring that
// closes it may be another goroutine's, still under way, but it comes.
func TestNoRingIsLostBetweenWaiters(t *testing.T) {
	var wg sync.WaitGroup
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 2000 {
				c := Rung()
				Ring()
				select {
				case <-c:
				case <-time.After(10 * time.Second):
					t.Error("a ring after Rung left its channel open")
					return
				}
			}
		}()
	}
	wg.Wait()
}

func TestVersionBumpCountsAndRings(t *testing.T) {
	var v Version
	c := Rung()
	v.Bump()
	if v.Load() != 1 {
		t.Fatalf("Load = %d after one Bump", v.Load())
	}
	select {
	case <-c:
	case <-time.After(10 * time.Second):
		t.Fatal("Bump did not ring")
	}
}
