package complete

import (
	"strings"
	"testing"
)

// TestMatchTiers checks how each kind of typed query ranks against a name.
func TestMatchTiers(t *testing.T) {
	tests := []struct {
		query, name string
		want        tier
	}{
		{"query-status", "query-status", tierExact},
		{"QUERY_STATUS", "query-status", tierExact},
		{"block_resize", "block-resize", tierExact},
		{"", "stop", tierPrefix},
		{"query-st", "query-status", tierPrefix},
		{"Query_", "query-status", tierPrefix},
		{"qs", "query-status", tierWordStart},
		{"bdadd", "blockdev-add", tierWordStart},
		{"status", "query-status", tierWordStart},
		// Greedy matching would take the a of bitmap and fail.
		{"ad", "block-dirty-bitmap-add", tierWordStart},
		{"q-s", "query-status", tierWordStart},
		{"ueryst", "query-status", tierSubsequence},
		{"bda", "block-dirty-bitmap-add", tierWordStart},
		{"qsx", "query-status", noMatch},
		{"statusquery", "query-status", noMatch},
		{"-", "stop", noMatch},
		{strings.Repeat("a", 70), strings.Repeat("a", 80), tierPrefix},
		{strings.Repeat("a", 70), strings.Repeat("a-", 80), tierSubsequence},
		{strings.Repeat("a", 70), "short", noMatch},
		{"\xff", "stop", noMatch},
	}
	for _, tt := range tests {
		q := newQuery(tt.query)
		if got := q.match(fold(tt.name)); got != tt.want {
			t.Errorf("match(%q, %q) = %d, want %d", tt.query, tt.name, got, tt.want)
		}
	}
}

// TestWordStartLongest checks the automaton at its widest query.
func TestWordStartLongest(t *testing.T) {
	q := strings.Repeat("ab", maxWordStartQuery/2) + "a"
	name := strings.Repeat("ab-", maxWordStartQuery)
	if !wordStartMatch(name, q) {
		t.Errorf("a %d-byte query did not match", len(q))
	}
	if wordStartMatch(name[:len(name)-3*(maxWordStartQuery/2+1)], q) {
		t.Errorf("a query longer than the name's words matched")
	}
}
