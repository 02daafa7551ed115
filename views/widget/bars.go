package widget

import (
	"math"
	"strings"
)

// sparkLevels are the eight block heights a sparkline is drawn with,
// lowest first.
var sparkLevels = []rune("▁▂▃▄▅▆▇█")

// barEighths are the partial blocks of a progress bar, one to seven
// eighths of a cell wide.
var barEighths = []rune("▏▎▍▌▋▊▉")

// Sparkline draws the last width values as one cell each, scaled so the
// largest value shown fills a cell. Values below zero, NaN and infinities
// count as zero; a series of zeros is a flat line of the lowest block.
// Fewer values than width give a shorter string: the line grows from the
// left as samples arrive, as htop's graphs do.
func Sparkline(values []float64, width int) string {
	if width <= 0 || len(values) == 0 {
		return ""
	}
	if len(values) > width {
		values = values[len(values)-width:]
	}
	top := 0.0
	for _, v := range values {
		top = max(top, finiteOrZero(v))
	}
	var b strings.Builder
	for _, v := range values {
		level := 0
		if top > 0 {
			level = int(math.Round(finiteOrZero(v) / top * float64(len(sparkLevels)-1)))
		}
		b.WriteRune(sparkLevels[level])
	}
	return b.String()
}

// ProgressBar draws done (0..1, clamped) as a bar width cells wide, filled
// to the eighth of a cell, the rest shown as light dots so the bar's length
// reads even where colour is off.
func ProgressBar(done float64, width int) string {
	if width <= 0 {
		return ""
	}
	done = min(max(finiteOrZero(done), 0), 1)
	eighths := int(done * float64(width*8))
	full, part := eighths/8, eighths%8
	var b strings.Builder
	b.WriteString(strings.Repeat("█", full))
	rest := width - full
	if part > 0 {
		b.WriteRune(barEighths[part-1])
		rest--
	}
	b.WriteString(strings.Repeat("·", rest))
	return b.String()
}

func finiteOrZero(v float64) float64 {
	if math.IsNaN(v) || math.IsInf(v, 0) || v < 0 {
		return 0
	}
	return v
}
