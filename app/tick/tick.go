// Package tick lines periodic work up on one clock. Many loops waking at
// their own moments (a keepalive per VM, a poll per VM and view) wake
// the process once each; the same loops waking on the same ticks wake it
// once a round, which on an idle dashboard is most of what it costs.
package tick

import "time"

// Aligned is how long to wait from now for something due delay later,
// moved back to the last tick before then of a clock ticking every grid
// (on the multiples of grid that time.Time.Truncate gives): every loop
// with the same grid, whenever it started, then wakes at the same
// moments. A delay shorter than the distance to the tick is kept as it
// is; zero (at once) stays zero.
func Aligned(now time.Time, delay, grid time.Duration) time.Duration {
	if delay <= 0 || grid <= 0 {
		return delay
	}
	if w := now.Add(delay).Truncate(grid).Sub(now); w > 0 {
		return w
	}
	return delay
}
