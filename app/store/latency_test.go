package store

import (
	"errors"
	"math"
	"slices"
	"testing"
	"time"

	"github.com/qmpdash/qmpdash/qmp"
)

func TestLatencyHistogram(t *testing.T) {
	ms := time.Millisecond
	tests := []struct {
		name                     string
		lat                      []time.Duration
		min, p50, p90, p99, max_ time.Duration
		buckets                  []LatencyBucket
	}{
		{name: "empty"},
		{name: "one", lat: []time.Duration{3 * ms},
			min: 3 * ms, p50: 3 * ms, p90: 3 * ms, p99: 3 * ms, max_: 3 * ms,
			buckets: []LatencyBucket{{5 * ms, 1}}},
		{name: "on a bound it is the bucket's own", lat: []time.Duration{ms, 2 * ms},
			min: ms, p50: ms, p90: 2 * ms, p99: 2 * ms, max_: 2 * ms,
			buckets: []LatencyBucket{{ms, 1}, {2 * ms, 1}}},
		{name: "log buckets with the empty ones between",
			lat: []time.Duration{40 * time.Microsecond, 300 * time.Microsecond, 7 * ms},
			min: 40 * time.Microsecond, p50: 300 * time.Microsecond, p90: 7 * ms, p99: 7 * ms, max_: 7 * ms,
			buckets: []LatencyBucket{{50 * time.Microsecond, 1}, {100 * time.Microsecond, 0}, {200 * time.Microsecond, 0},
				{500 * time.Microsecond, 1}, {ms, 0}, {2 * ms, 0}, {5 * ms, 0}, {10 * ms, 1}}},
		{name: "beyond the last bound", lat: []time.Duration{90 * time.Second, 10 * time.Minute},
			min: 90 * time.Second, p50: 90 * time.Second, p90: 10 * time.Minute, p99: 10 * time.Minute, max_: 10 * time.Minute,
			buckets: []LatencyBucket{{100 * time.Second, 1}, {math.MaxInt64, 1}}},
		{name: "percentiles by nearest rank, unsorted input", lat: hundred(),
			min: 1 * ms, p50: 50 * ms, p90: 90 * ms, p99: 99 * ms, max_: 100 * ms,
			buckets: []LatencyBucket{{ms, 1}, {2 * ms, 1}, {5 * ms, 3}, {10 * ms, 5}, {20 * ms, 10}, {50 * ms, 30}, {100 * ms, 50}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newLatencyHistogram("cmd", slices.Clone(tt.lat))
			if h.Count != len(tt.lat) || h.Min != tt.min || h.P50 != tt.p50 || h.P90 != tt.p90 || h.P99 != tt.p99 || h.Max != tt.max_ {
				t.Errorf("got count %d min %v p50 %v p90 %v p99 %v max %v, want %d %v %v %v %v %v",
					h.Count, h.Min, h.P50, h.P90, h.P99, h.Max, len(tt.lat), tt.min, tt.p50, tt.p90, tt.p99, tt.max_)
			}
			if !slices.Equal(h.Buckets, tt.buckets) {
				t.Errorf("buckets %v, want %v", h.Buckets, tt.buckets)
			}
		})
	}
}

// hundred is 1..100 ms, shuffled.
func hundred() []time.Duration {
	var lat []time.Duration
	for i := 100; i >= 1; i -= 2 {
		lat = append(lat, time.Duration(i)*time.Millisecond)
	}
	for i := 1; i < 100; i += 2 {
		lat = append(lat, time.Duration(i)*time.Millisecond)
	}
	return lat
}

func TestLatencyBoundsAreLogScale(t *testing.T) {
	for i := 1; i < len(latencyBounds)-1; i++ {
		if r := float64(latencyBounds[i]) / float64(latencyBounds[i-1]); r < 2 || r > 2.5 {
			t.Errorf("bound %v after %v: ratio %v, want 2 or 2.5", latencyBounds[i], latencyBounds[i-1], r)
		}
	}
}

func TestCommandLogLatency(t *testing.T) {
	l := clockedCommandLog(5) // small: evicted commands are gone from the histogram
	reply := func(sent time.Time, after time.Duration) *qmp.Response {
		return &qmp.Response{Raw: []byte(`{"return":{}}`), Sent: sent, Received: sent.Add(after)}
	}
	run := func(name string, after time.Duration, err error, withReply bool) {
		seq := l.Start(CommandEntry{Name: name, Request: []byte(`{"execute":"` + name + `"}`)})
		var resp *qmp.Response
		if withReply {
			resp = reply(cmdT0, after)
		}
		l.Finish(seq, resp, err)
	}
	run("query-status", 100*time.Millisecond, nil, true) // evicted below
	run("query-status", 2*time.Millisecond, nil, true)
	run("stop", time.Second, &qmp.Error{Class: "GenericError"}, true) // an error reply is a round trip
	run("query-status", 4*time.Millisecond, nil, true)
	run("query-status", 0, errors.New("local failure"), false)
	l.Start(CommandEntry{Name: "cont"}) // pending

	h := l.Latency("query-status")
	if h.Count != 2 || h.Min != 2*time.Millisecond || h.Max != 4*time.Millisecond {
		t.Errorf("query-status: %+v, want the two answered ones still held", h)
	}
	if h := l.Latency("stop"); h.Count != 1 || h.Max != time.Second {
		t.Errorf("stop: %+v", h)
	}
	if h := l.Latency("cont"); h.Count != 0 || h.Buckets != nil {
		t.Errorf("pending only: %+v", h)
	}
	if got, want := l.LatencyNames(), []string{"query-status", "stop"}; !slices.Equal(got, want) {
		t.Errorf("LatencyNames = %v, want %v", got, want)
	}
}
