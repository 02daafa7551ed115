package docs

import (
	"cmp"
	"slices"
	"strings"
)

// SuggestCommands returns up to n command names that look like name, best
// first, for "did you mean" hints. Closeness is the edit distance with
// adjacent transpositions counting as one edit, ignoring case and the
// difference between "-" and "_" (QEMU mixes both: block_resize,
// blockdev-add). Names too far off are left out, so the result may be empty.
func (s *Schema) SuggestCommands(name string, n int) []string {
	names := make([]string, len(s.sorted))
	for i, c := range s.sorted {
		names[i] = c.Name
	}
	return closest(name, names, n)
}

// closest returns up to n candidates within a length-dependent edit
// distance of name, nearest first and by name among equals.
func closest(name string, candidates []string, n int) []string {
	if n <= 0 {
		return nil
	}
	type hit struct {
		name          string
		dist, lenDiff int
	}
	want := []rune(normalizeName(name))
	// About one slip per four characters: enough for real typos, few
	// enough that names sharing only a "query-" prefix stay out.
	limit := max(1, len(want)/4)
	var hits []hit
	for _, c := range candidates {
		got := []rune(normalizeName(c))
		// The length difference bounds the distance from below; checking
		// it first keeps a pasted paragraph from costing seconds.
		if abs(len(got)-len(want)) > limit {
			continue
		}
		if d := editDistance(want, got); d <= limit && d < len(want) {
			hits = append(hits, hit{c, d, abs(len(got) - len(want))})
		}
	}
	// Among equally distant names prefer those of the typed length: swaps
	// and wrong keys keep the length, and they are the commonest slips.
	slices.SortFunc(hits, func(a, b hit) int {
		return cmp.Or(cmp.Compare(a.dist, b.dist), cmp.Compare(a.lenDiff, b.lenDiff), strings.Compare(a.name, b.name))
	})
	out := make([]string, 0, min(n, len(hits)))
	for _, h := range hits[:min(n, len(hits))] {
		out = append(out, h.name)
	}
	return out
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

func normalizeName(s string) string {
	return strings.ReplaceAll(strings.ToLower(s), "_", "-")
}

// editDistance is the optimal string alignment distance: insertions,
// deletions, substitutions and swaps of adjacent runes cost one each.
// Swaps matter because they are the commonest typing slip ("stauts").
func editDistance(a, b []rune) int {
	// Three rolling rows: two back for transpositions, one back, current.
	prev2 := make([]int, len(b)+1)
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(b)]
}
