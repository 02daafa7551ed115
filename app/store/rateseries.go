package store

import (
	"math"
	"time"
)

// RateSeriesLen is how many seconds an event-rate series covers: the
// sparklines of the VM strip, the overview and the filter table draw the
// last of them.
const RateSeriesLen = 60

// RateSeries appends to dst the VM's events per second in each of the last
// RateSeriesLen whole seconds, oldest first, and returns the extended
// slice: always RateSeriesLen values, zeros where nothing arrived. The
// second under way is left out, so a series read once a tick moves once a
// second. Like Rate it counts the events gap markers report lost.
func (l *EventLog) RateSeries(dst []float64) []float64 {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.total.series(l.clock(), dst)
}

// NameRateSeries is RateSeries for the events named name (OtherEventsName
// for those beyond the tracked names); a name never seen gives zeros.
func (l *EventLog) NameRateSeries(name string, dst []float64) []float64 {
	l.mu.Lock()
	defer l.mu.Unlock()
	var st *nameState
	if name == OtherEventsName {
		st = &l.names.other
	} else {
		st = l.names.byName[name]
	}
	if st == nil {
		return zeroSeries(dst)
	}
	return st.rate.series(l.clock(), dst)
}

// RatesMoving reports whether an event arrived within the last
// RateSeriesLen seconds, that is whether the rate series still change as
// time passes with no new event. A view polls it to redraw its sparklines
// once a second while they move, and not at all when the VM is quiet.
func (l *EventLog) RatesMoving() bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.total.moving(l.clock())
}

// zeroSeries appends a series of a name never seen.
func zeroSeries(dst []float64) []float64 {
	return append(dst, make([]float64, RateSeriesLen)...)
}

// rateSeries counts events in one-second buckets over the RateSeriesLen
// seconds ending at head, the latest second it counted, keyed by Unix
// second. It needs no timer: adding in a later second moves head on and
// zeroes the buckets it passes, so an add costs O(1) amortised and the
// series never holds more than its fixed array. The zero value is empty.
type rateSeries struct {
	head int64
	n    [RateSeriesLen]uint32
}

// add counts n events at t. Events older than the series are dropped; a
// bucket saturates rather than wrapping.
func (r *rateSeries) add(t time.Time, n uint64) {
	sec := t.Unix()
	if n == 0 {
		return
	}
	if sec > r.head {
		r.advance(sec)
	} else if sec <= r.head-RateSeriesLen {
		return
	}
	b := &r.n[slot(sec)]
	*b = uint32(min(uint64(*b)+n, math.MaxUint32))
}

// advance moves head to sec, zeroing the buckets of the seconds between.
func (r *rateSeries) advance(sec int64) {
	if sec-r.head >= RateSeriesLen {
		r.n = [RateSeriesLen]uint32{}
	} else {
		for s := r.head + 1; s <= sec; s++ {
			r.n[slot(s)] = 0
		}
	}
	r.head = sec
}

// count returns the events counted in second sec, 0 outside the series.
func (r *rateSeries) count(sec int64) uint64 {
	if sec > r.head || sec <= r.head-RateSeriesLen {
		return 0
	}
	return uint64(r.n[slot(sec)])
}

// rate averages the last rateWindowSeconds ending at now, the current
// partial second included.
func (r *rateSeries) rate(now time.Time) float64 {
	end := now.Unix()
	var n uint64
	for s := end - rateWindowSeconds + 1; s <= end; s++ {
		n += r.count(s)
	}
	return float64(n) / rateWindowSeconds
}

// series appends the counts of the RateSeriesLen whole seconds before
// now's, oldest first.
func (r *rateSeries) series(now time.Time, dst []float64) []float64 {
	end := now.Unix()
	for s := end - RateSeriesLen; s < end; s++ {
		dst = append(dst, float64(r.count(s)))
	}
	return dst
}

// moving reports whether the series read at now holds a count, or will
// once now's second is over: head is the last second with an event, as
// add counts no empty batch.
func (r *rateSeries) moving(now time.Time) bool {
	return r.head != 0 && r.head >= now.Unix()-RateSeriesLen
}

// slot is the bucket of second sec.
func slot(sec int64) int {
	i := sec % RateSeriesLen
	if i < 0 {
		i += RateSeriesLen
	}
	return int(i)
}
