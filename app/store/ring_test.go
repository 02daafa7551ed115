package store

import "testing"

func TestRingAcrossBlocks(t *testing.T) {
	const limit = 2*ringBlock + ringBlock/3 // the last block is partial
	r := newRing[int](limit)
	for v := range 3 * limit {
		old, evicted := r.push(v)
		if wantEvicted := v >= limit; evicted != wantEvicted || (evicted && old != v-limit) {
			t.Fatalf("push(%d) displaced %d, %v", v, old, evicted)
		}
	}
	for i := range r.len() {
		if got := *r.at(i); got != 2*limit+i {
			t.Fatalf("at(%d) = %d, want %d", i, got, 2*limit+i)
		}
	}
	r.reset()
	r.push(7)
	if r.len() != 1 || *r.at(0) != 7 {
		t.Errorf("after reset: len %d, first %d", r.len(), *r.at(0))
	}
}

func TestRingPopThenPushAcrossBlocks(t *testing.T) {
	r := newRing[int](3 * ringBlock)
	next, oldest := 0, 0
	push := func(n int) {
		for range n {
			if old, evicted := r.push(next); evicted {
				if old != oldest {
					t.Fatalf("evicted %d, want %d", old, oldest)
				}
				oldest++
			}
			next++
		}
	}
	pop := func(n int) {
		for range n {
			if v := r.pop(); v != oldest {
				t.Fatalf("popped %d, want %d", v, oldest)
			}
			oldest++
		}
	}
	push(ringBlock + 500)
	pop(ringBlock)
	push(3 * ringBlock) // wraps round into the slots popped
	pop(10)
	push(20)
	for i := range r.len() {
		if *r.at(i) != oldest+i {
			t.Fatalf("at(%d) = %d, want %d", i, *r.at(i), oldest+i)
		}
	}
	if r.len() != next-oldest || r.len() > 3*ringBlock {
		t.Fatalf("len %d, want %d", r.len(), next-oldest)
	}
}
