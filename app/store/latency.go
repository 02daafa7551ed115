package store

import (
	"math"
	"slices"
	"time"
)

// LatencyHistogram is how long the server took to answer one command name:
// the request→reply latencies of the commands of that name the CommandLog
// still holds and that got a reply (an error reply counts, a command that
// failed locally or is still pending does not).
type LatencyHistogram struct {
	// Name is the command's name.
	Name string
	// Count is how many latencies the histogram holds; the other fields
	// are zero when it is 0.
	Count int
	// Min, P50, P90, P99 and Max are exact, by nearest rank.
	Min, P50, P90, P99, Max time.Duration
	// Buckets run from the one holding Min to the one holding Max, empty
	// ones between included.
	Buckets []LatencyBucket
}

// LatencyBucket counts the latencies above the previous bucket's Upper up
// to and including its own.
type LatencyBucket struct {
	// Upper is the bucket's bound; the last bucket of all has
	// math.MaxInt64, no bound.
	Upper time.Duration
	Count int
}

// latencyBounds are the buckets' upper bounds, three a decade (1, 2, 5)
// from 50 µs to 100 s: latencies from a local socket to a guest agent
// that stalls each land a few buckets apart.
var latencyBounds = func() []time.Duration {
	b := []time.Duration{50 * time.Microsecond}
	for decade := 100 * time.Microsecond; decade < 100*time.Second; decade *= 10 {
		b = append(b, decade, 2*decade, 5*decade)
	}
	return append(b, 100*time.Second, math.MaxInt64)
}()

// Latency returns the histogram of the latencies of the commands named
// name. It costs one pass over the log and a sort of that name's
// latencies.
func (l *CommandLog) Latency(name string) LatencyHistogram {
	var lat []time.Duration
	l.mu.Lock()
	for i, n := 0, l.ring.len(); i < n; i++ {
		if e := l.ring.at(i); e.Name == name && answered(e) {
			lat = append(lat, e.Received.Sub(e.Sent))
		}
	}
	l.mu.Unlock()
	return newLatencyHistogram(name, lat)
}

// LatencyNames returns, sorted, the names of the commands the log holds
// that got a reply: those Latency has something to say about.
func (l *CommandLog) LatencyNames() []string {
	seen := map[string]bool{}
	l.mu.Lock()
	for i, n := 0, l.ring.len(); i < n; i++ {
		if e := l.ring.at(i); answered(e) {
			seen[e.Name] = true
		}
	}
	l.mu.Unlock()
	names := make([]string, 0, len(seen))
	for n := range seen {
		names = append(names, n)
	}
	slices.Sort(names)
	return names
}

// answered reports whether a command's reply came, so that its latency is
// a round trip.
func answered(e *CommandEntry) bool { return !e.Sent.IsZero() && !e.Received.IsZero() }

// newLatencyHistogram sorts lat and sums it up.
func newLatencyHistogram(name string, lat []time.Duration) LatencyHistogram {
	h := LatencyHistogram{Name: name, Count: len(lat)}
	if len(lat) == 0 {
		return h
	}
	slices.Sort(lat)
	h.Min, h.Max = lat[0], lat[len(lat)-1]
	h.P50, h.P90, h.P99 = rank(lat, 50), rank(lat, 90), rank(lat, 99)
	first, last := boundIndex(h.Min), boundIndex(h.Max)
	h.Buckets = make([]LatencyBucket, last-first+1)
	for i := range h.Buckets {
		h.Buckets[i].Upper = latencyBounds[first+i]
	}
	for _, d := range lat {
		h.Buckets[boundIndex(d)-first].Count++
	}
	return h
}

// rank is the nearest-rank pct-th percentile of sorted.
func rank(sorted []time.Duration, pct int) time.Duration {
	i := (pct*len(sorted)+99)/100 - 1
	return sorted[max(i, 0)]
}

// boundIndex is the index of the bucket d falls in.
func boundIndex(d time.Duration) int {
	i, _ := slices.BinarySearch(latencyBounds, d)
	return i
}
