package store

import (
	"os"
	"runtime/debug"
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

// PaceCollector sets the collector's percent to HeapGrowth(events,
// commands) for the rest of the process, unless the environment sets GOGC
// or GOMEMLIMIT: someone who tunes the collector keeps their settings. It
// returns the percent in force before, for a caller that restores it, and
// whether it changed anything. Call it once, before the histories fill.
func PaceCollector(events, commands Limits) (previous int, set bool) {
	if os.Getenv("GOGC") != "" || os.Getenv("GOMEMLIMIT") != "" {
		return 0, false
	}
	return debug.SetGCPercent(HeapGrowth(events, commands)), true
}
