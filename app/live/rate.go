package live

import (
	"fmt"
	"math"
	"time"
)

// sample is one reading of a growing counter.
type sample struct {
	at    time.Time
	value float64
	rate  float64 // per second since the previous sample; NaN for none
}

// counter follows one value of a row across refreshes: its rate from the
// last two samples and the rates of the last TrendWindow.
type counter struct {
	last   sample
	seen   bool
	series []sample
}

// add records value read at at and returns the rate since the previous
// reading (NaN for the first, for a reading no later than it and for a
// counter that went back, as a restarted job's does).
func (c *counter) add(value float64, at time.Time) float64 {
	r := math.NaN()
	if c.seen {
		r = RateOf(c.last.value, value, at.Sub(c.last.at))
	}
	c.last, c.seen = sample{at: at, value: value, rate: r}, true
	if !math.IsNaN(r) {
		c.series = append(c.series, c.last)
	}
	cut := 0
	for cut < len(c.series) && at.Sub(c.series[cut].at) > TrendWindow {
		cut++
	}
	c.series = append(c.series[:0], c.series[cut:]...)
	return r
}

// rates returns the rates of the last TrendWindow, oldest first.
func (c *counter) rates() []float64 {
	out := make([]float64, len(c.series))
	for i, s := range c.series {
		out[i] = s.rate
	}
	return out
}

// RateOf is how fast a counter grew from before to after over elapsed, per
// second; NaN when elapsed is not positive or the counter went back.
func RateOf(before, after float64, elapsed time.Duration) float64 {
	if elapsed <= 0 || after < before {
		return math.NaN()
	}
	return (after - before) / elapsed.Seconds()
}

// TimeLeft is the time left to bring done to total at rate per second; false
// when it cannot be told (no rate, a rate of zero, an unknown total).
func TimeLeft(done, total, rate float64) (time.Duration, bool) {
	if math.IsNaN(rate) || rate <= 0 || total <= 0 {
		return 0, false
	}
	left := max(total-done, 0)
	return time.Duration(left / rate * float64(time.Second)).Round(time.Second), true
}

// Fraction is done of total, clamped to 0..1; false for an unknown total.
func Fraction(done, total float64) (float64, bool) {
	if total <= 0 {
		return 0, false
	}
	return min(max(done/total, 0), 1), true
}

// FormatDuration writes a duration for a narrow column: "950ms", "42s",
// "3m07s", "2h05m".
func FormatDuration(d time.Duration) string {
	switch {
	case d < time.Second:
		return fmt.Sprintf("%dms", d.Milliseconds())
	case d < time.Minute:
		return fmt.Sprintf("%ds", int(d.Seconds()))
	case d < time.Hour:
		return fmt.Sprintf("%dm%02ds", int(d.Minutes()), int(d.Seconds())%60)
	}
	return fmt.Sprintf("%dh%02dm", int(d.Hours()), int(d.Minutes())%60)
}
