package tick

import (
	"testing"
	"time"
)

func TestAlignedEndsOnTheTicksOfOneClock(t *testing.T) {
	base := time.Date(2026, 12, 6, 10, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		now, delay, grid, want time.Duration
	}{
		{now: 3 * time.Millisecond, delay: time.Second, grid: time.Second, want: 997 * time.Millisecond},
		{now: 940 * time.Millisecond, delay: time.Second, grid: time.Second, want: 60 * time.Millisecond},
		{now: 940 * time.Millisecond, delay: 4 * time.Second, grid: time.Second, want: 3060 * time.Millisecond},
		{now: 500 * time.Millisecond, delay: 2 * time.Second, grid: 2 * time.Second, want: 1500 * time.Millisecond},
		{now: 500 * time.Millisecond, delay: 0, grid: time.Second, want: 0},
		{now: 500 * time.Millisecond, delay: 100 * time.Millisecond, grid: time.Second, want: 100 * time.Millisecond},
		{now: 500 * time.Millisecond, delay: time.Second, grid: 0, want: time.Second},
	} {
		now := base.Add(c.now)
		got := Aligned(now, c.delay, c.grid)
		if got != c.want {
			t.Errorf("at +%v, delay %v on a %v clock: wait %v, want %v", c.now, c.delay, c.grid, got, c.want)
		}
		if c.delay >= c.grid && c.grid > 0 && now.Add(got).Truncate(c.grid) != now.Add(got) {
			t.Errorf("at +%v, delay %v: the wait ends off the %v clock", c.now, c.delay, c.grid)
		}
	}
}
