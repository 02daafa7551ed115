package widget

import (
	"math"
	"testing"
	"unicode/utf8"
)

func TestSparkline(t *testing.T) {
	cases := []struct {
		name   string
		values []float64
		width  int
		want   string
	}{
		{"empty", nil, 8, ""},
		{"no room", []float64{1}, 0, ""},
		{"zeros are flat", []float64{0, 0, 0}, 8, "▁▁▁"},
		{"scaled to the top", []float64{0, 1, 2, 4, 8}, 8, "▁▂▃▅█"},
		{"only the newest fit", []float64{8, 8, 8, 0, 8}, 2, "▁█"},
		{"junk counts as zero", []float64{math.NaN(), -3, math.Inf(1), 2}, 8, "▁▁▁█"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := Sparkline(c.values, c.width); got != c.want {
				t.Errorf("Sparkline(%v, %d) = %q, want %q", c.values, c.width, got, c.want)
			}
		})
	}
}

func TestProgressBar(t *testing.T) {
	cases := []struct {
		done  float64
		width int
		want  string
	}{
		{0, 4, "····"},
		{1, 4, "████"},
		{0.5, 4, "██··"},
		{0.25 + 1.0/32, 4, "█▏··"},
		{2, 3, "███"},
		{-1, 3, "···"},
		{math.NaN(), 3, "···"},
		{0.5, 0, ""},
	}
	for _, c := range cases {
		got := ProgressBar(c.done, c.width)
		if got != c.want {
			t.Errorf("ProgressBar(%v, %d) = %q, want %q", c.done, c.width, got, c.want)
		}
		if n := utf8.RuneCountInString(got); n != max(c.width, 0) {
			t.Errorf("ProgressBar(%v, %d) is %d cells wide", c.done, c.width, n)
		}
	}
}
