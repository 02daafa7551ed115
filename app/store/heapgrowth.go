package store

import (
	"os"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"sync"
)

// The collector's pace. Go lets the heap grow GOGC % (100 by default) past
// what was live at the last collection before it collects again, so a
// dashboard whose event history holds its 256 MiB sits at about twice that
// in memory, all of it garbage the history already let go. A full history
// of B bytes makes the collector's slack B×percent/100: the percent is
// chosen so that this stays near heapSlack for the largest history.
// Collections become more frequent, but each is cheap here: the messages a
// history keeps are byte slices, which the collector does not scan.
const (
	// heapSlack is the garbage a full history may leave beside it.
	heapSlack = 64 << 20
	// minHeapGrowth keeps the collector from running near-continuously
	// under a huge configured bound.
	minHeapGrowth = 10
	// maxHeapGrowth is Go's default: small histories change nothing.
	maxHeapGrowth = 100
)

// HeapGrowth is the GOGC percent that keeps the heap within about 64 MiB
// of what full histories under these bounds hold (defaults filled in):
// 25 with the default 256 MiB, 100 (Go's default) for histories of
// 64 MiB or less, never under 10.
func HeapGrowth(events, commands Limits) int {
	largest := max(events.ForEventLog().Bytes, commands.ForCommandLog().Bytes)
	return int(min(max(heapSlack*100/largest, minHeapGrowth), maxHeapGrowth))
}

// PaceCollector paces the collector for the rest of the process, unless
// the environment sets GOGC or GOMEMLIMIT: someone who tunes the
// collector keeps their settings. The percent starts at
// HeapGrowth(events, commands), which keeps full histories within about
// heapSlack of garbage, and after each collection it is raised towards
// Go's 100 while the live heap is small enough that heapSlack of garbage
// is more than that percent allows (percentFor): 64 VMs with empty
// histories hold ~50 MB, and collecting after every 12 MB of garbage cost
// them 0.3 % of a core. stop ends the pacing and restores the percent
// in force before; set says whether anything was changed. Call it once,
// before the histories fill.
func PaceCollector(events, commands Limits) (stop func(), set bool) {
	if os.Getenv("GOGC") != "" || os.Getenv("GOMEMLIMIT") != "" {
		return func() {}, false
	}
	p := &pacer{floor: HeapGrowth(events, commands)}
	previous := debug.SetGCPercent(p.floor)
	if p.floor < maxHeapGrowth { // else there is nothing to raise
		p.afterNextCollection()
	}
	return func() {
		p.mu.Lock()
		defer p.mu.Unlock()
		if !p.stopped {
			p.stopped = true
			debug.SetGCPercent(previous)
		}
	}, true
}

// pacer sets the collector's percent after each collection until stopped.
type pacer struct {
	floor   int
	mu      sync.Mutex
	stopped bool
}

// afterNextCollection sets the percent from the live heap once the next
// collection has run, then again after the one after, until stopped: a
// cleanup of an object no one holds runs after the collection that found
// it unreachable.
func (p *pacer) afterNextCollection() {
	runtime.AddCleanup(new(gcSentinel), func(struct{}) {
		p.mu.Lock()
		defer p.mu.Unlock()
		if p.stopped {
			return
		}
		debug.SetGCPercent(percentFor(liveHeap(), p.floor))
		p.afterNextCollection()
	}, struct{}{})
}

// percentFor is the percent that lets heapSlack of garbage grow beside a
// live heap of live bytes, between floor and Go's default.
func percentFor(live uint64, floor int) int {
	if live == 0 {
		return maxHeapGrowth
	}
	return int(min(max(heapSlack*100/live, uint64(floor)), maxHeapGrowth))
}

// gcSentinel is what afterNextCollection lets go; at 16 bytes it is
// allocated on its own (smaller objects without pointers share a block,
// which a neighbour can keep alive).
type gcSentinel [16]byte

// liveHeap is the heap the last collection found live, in bytes.
func liveHeap() uint64 {
	sample := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	metrics.Read(sample)
	if sample[0].Value.Kind() != metrics.KindUint64 {
		return 0
	}
	return sample[0].Value.Uint64()
}
