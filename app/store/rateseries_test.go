package store

import (
	"slices"
	"testing"
	"time"
)

// seriesT0 starts a whole second, so offsets below read as seconds.
var seriesT0 = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)

// tail returns the last n values of a series.
func tail(s []float64, n int) []float64 { return s[len(s)-n:] }

func TestRateSeries(t *testing.T) {
	type add struct {
		at time.Duration
		n  int
	}
	tests := []struct {
		name string
		adds []add
		now  time.Duration
		// want are the last len(want) seconds of the series; the rest
		// must be zeros.
		want   []float64
		moving bool
	}{
		{name: "empty", now: 0, want: []float64{0}},
		{name: "the second under way is left out",
			adds: []add{{0, 5}}, now: 500 * time.Millisecond, want: []float64{0}, moving: true},
		{name: "rollover: each second in its bucket",
			adds: []add{{0, 1}, {time.Second, 2}, {2500 * time.Millisecond, 3}}, now: 3 * time.Second,
			want: []float64{1, 2, 3}, moving: true},
		{name: "a gap of quiet seconds reads as zeros",
			adds: []add{{0, 4}, {5 * time.Second, 1}}, now: 6 * time.Second,
			want: []float64{4, 0, 0, 0, 0, 1}, moving: true},
		{name: "idle decay: the flood slides out",
			adds: []add{{0, 100}}, now: 30 * time.Second,
			want: append([]float64{100}, make([]float64, 29)...), moving: true},
		{name: "idle decay: gone after the series' span",
			adds: []add{{0, 100}}, now: (RateSeriesLen + 1) * time.Second, want: []float64{0}},
		{name: "buckets reused after wrapping around",
			adds: []add{{0, 7}, {RateSeriesLen * time.Second, 1}}, now: (RateSeriesLen + 1) * time.Second,
			want: []float64{1}, moving: true},
		{name: "a long silence clears every bucket",
			adds: []add{{0, 7}, {time.Second, 7}, {10 * RateSeriesLen * time.Second, 2}},
			now:  (10*RateSeriesLen + 1) * time.Second, want: []float64{2}, moving: true},
		{name: "a straggler within the span lands in its second",
			adds: []add{{10 * time.Second, 1}, {3 * time.Second, 2}}, now: 11 * time.Second,
			want: []float64{2, 0, 0, 0, 0, 0, 0, 1}, moving: true},
		{name: "a straggler older than the span is dropped",
			adds: []add{{100 * time.Second, 1}, {10 * time.Second, 2}}, now: 101 * time.Second,
			want: []float64{1}, moving: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var r rateSeries
			for _, a := range tt.adds {
				r.add(seriesT0.Add(a.at), uint64(a.n))
			}
			got := r.series(seriesT0.Add(tt.now), nil)
			if len(got) != RateSeriesLen {
				t.Fatalf("%d values, want %d", len(got), RateSeriesLen)
			}
			if !slices.Equal(tail(got, len(tt.want)), tt.want) {
				t.Errorf("series ends %v, want %v", tail(got, len(tt.want)), tt.want)
			}
			var sum, wantSum float64
			for _, v := range got {
				sum += v
			}
			for _, v := range tt.want {
				wantSum += v
			}
			if sum != wantSum {
				t.Errorf("series sums to %v, want %v (counts outside the expected tail)", sum, wantSum)
			}
			if m := r.moving(seriesT0.Add(tt.now)); m != tt.moving {
				t.Errorf("moving = %v, want %v", m, tt.moving)
			}
		})
	}
}

func TestRateSeriesSaturates(t *testing.T) {
	var r rateSeries
	r.add(seriesT0, 1<<40)
	r.add(seriesT0, 1<<40)
	if got := r.count(seriesT0.Unix()); got != 1<<32-1 {
		t.Errorf("count = %d, want the bucket saturated", got)
	}
}

func TestRateSeriesBoundedMemory(t *testing.T) {
	var r rateSeries
	at := seriesT0
	if allocs := testing.AllocsPerRun(1000, func() {
		at = at.Add(700 * time.Millisecond)
		r.add(at, 3)
	}); allocs != 0 {
		t.Errorf("add allocates %v times", allocs)
	}
	dst := make([]float64, 0, RateSeriesLen)
	if allocs := testing.AllocsPerRun(100, func() { dst = r.series(at, dst[:0]) }); allocs != 0 {
		t.Errorf("series into a big enough slice allocates %v times", allocs)
	}
}

func TestEventLogRateSeries(t *testing.T) {
	now := seriesT0.Add(3 * time.Second)
	l := clockedLog(4, &now) // small: the series counts evicted events too
	l.Append(eventsAt("STOP", 5, seriesT0)...)
	l.Append(eventsAt("RESUME", 2, seriesT0.Add(time.Second))...)
	l.Append(logGap(4)) // at the clock's time: the second under way
	l.Append(eventsAt("STOP", 1, seriesT0.Add(2*time.Second))...)

	if got, want := tail(l.RateSeries(nil), 3), []float64{5, 2, 1}; !slices.Equal(got, want) {
		t.Errorf("RateSeries ends %v, want %v", got, want)
	}
	if got, want := tail(l.NameRateSeries("STOP", nil), 3), []float64{5, 0, 1}; !slices.Equal(got, want) {
		t.Errorf("STOP series ends %v, want %v", got, want)
	}
	if got := l.NameRateSeries("NEVER_SEEN", nil); len(got) != RateSeriesLen || slices.Max(got) != 0 {
		t.Errorf("series of an unknown name: %v", got)
	}
	now = now.Add(time.Second) // the lost events' second is over
	if got, want := tail(l.RateSeries(nil), 4), []float64{5, 2, 1, 4}; !slices.Equal(got, want) {
		t.Errorf("RateSeries a second later ends %v, want %v", got, want)
	}
	if !l.RatesMoving() {
		t.Error("RatesMoving is false just after events")
	}
	now = now.Add(2 * RateSeriesLen * time.Second)
	if l.RatesMoving() {
		t.Error("RatesMoving is true after two quiet minutes")
	}
	l.Clear()
	if got := l.RateSeries(nil); slices.Max(got) != 0 {
		t.Errorf("series after Clear: %v", got)
	}
}

func TestEventLogNameRateSeriesOther(t *testing.T) {
	now := seriesT0.Add(time.Second)
	l := clockedLog(10, &now)
	for i := range maxTrackedNames {
		l.names.lookup(string(rune('A'+i%26))+string(rune(i)), l.filter, l.trouble)
	}
	l.Append(eventsAt("ONE_TOO_MANY", 3, seriesT0)...)
	if got := tail(l.NameRateSeries(OtherEventsName, nil), 1); got[0] != 3 {
		t.Errorf("%s series ends %v, want 3", OtherEventsName, got)
	}
}
