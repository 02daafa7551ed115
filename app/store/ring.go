package store

// ring, used by EventLog and CommandLog, is a bounded FIFO that overwrites
// its oldest element when full. It stores elements in fixed-size blocks
// allocated as they are first needed, so an idle log costs little and
// growing never copies what is stored.
type ring[T any] struct {
	blocks [][]T
	head   int // slot of the oldest element
	n      int
	limit  int
}

// ringBlock is the number of elements per block, a power of two so that
// slot arithmetic is shifts and masks.
const (
	ringBlockShift = 10
	ringBlock      = 1 << ringBlockShift
)

func newRing[T any](limit int) ring[T] {
	return ring[T]{limit: limit}
}

func (r *ring[T]) len() int { return r.n }

// at returns the i-th oldest element, 0 <= i < len.
func (r *ring[T]) at(i int) *T {
	return r.slot(r.head + i)
}

// push adds v and returns the element it displaced, if any.
func (r *ring[T]) push(v T) (old T, evicted bool) {
	if r.n < r.limit {
		// Slots are first used in order, so a slot past the allocated
		// blocks is in the next block.
		k := r.head + r.n
		if k >= r.limit {
			k -= r.limit
		}
		if k>>ringBlockShift == len(r.blocks) {
			r.blocks = append(r.blocks, make([]T, min(ringBlock, r.limit-k)))
		}
		r.blocks[k>>ringBlockShift][k&(ringBlock-1)] = v
		r.n++
		return old, false
	}
	p := r.slot(r.head)
	old, *p = *p, v
	if r.head++; r.head == r.limit {
		r.head = 0
	}
	return old, true
}

// pop removes the oldest element, which must exist, and returns it. Its
// slot is cleared so that what it referred to can be freed.
func (r *ring[T]) pop() T {
	p := r.slot(r.head)
	old := *p
	var zero T
	*p = zero
	if r.head++; r.head == r.limit {
		r.head = 0
	}
	r.n--
	return old
}

// slot returns the element at position k of the circle, 0 <= k < 2*limit.
func (r *ring[T]) slot(k int) *T {
	if k >= r.limit {
		k -= r.limit
	}
	return &r.blocks[k>>ringBlockShift][k&(ringBlock-1)]
}

// reset empties the ring and lets its blocks go.
func (r *ring[T]) reset() {
	r.blocks, r.head, r.n = nil, 0, 0
}
