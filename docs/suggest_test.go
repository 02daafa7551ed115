package docs

import (
	"encoding/json"
	"slices"
	"testing"
)

func TestEditDistance(t *testing.T) {
	tests := []struct {
		a, b string
		want int
	}{
		{"", "", 0},
		{"", "abc", 3},
		{"abc", "", 3},
		{"stop", "stop", 0},
		{"stauts", "status", 1}, // one swap
		{"stats", "status", 1},  // one insertion
		{"cont", "quit", 3},
		{"ab", "ba", 1},
		{"abcd", "acbd", 1},
		{"ca", "abc", 3}, // optimal string alignment, not full Damerau
		{"größe", "grösse", 2},
	}
	for _, tt := range tests {
		if got := editDistance([]rune(tt.a), []rune(tt.b)); got != tt.want {
			t.Errorf("editDistance(%q, %q) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
		if got := editDistance([]rune(tt.b), []rune(tt.a)); got != tt.want {
			t.Errorf("editDistance(%q, %q) = %d, want %d (symmetry)", tt.b, tt.a, got, tt.want)
		}
	}
}

func TestSuggestCommands(t *testing.T) {
	tests := []struct {
		name string
		n    int
		want []string
	}{
		{"query-stauts", 3, []string{"query-status", "query-stats"}},
		{"query-stauts", 1, []string{"query-status"}},
		{"query-stauts", 0, nil},
		{"block-resize", 3, []string{"block_resize"}}, // - and _ are the same
		{"BLOCK_RESIZE", 3, []string{"block_resize"}},
		{"qiut", 3, []string{"quit"}},
		{"blockdev_add", 3, []string{"blockdev-add", "blockdev-del"}},
		{"xyzzy", 3, []string{}},
		{"", 3, []string{}},
	}
	s := loadSchema(t, fixture100)
	for _, tt := range tests {
		got := s.SuggestCommands(tt.name, tt.n)
		if !slices.Equal(got, tt.want) {
			t.Errorf("SuggestCommands(%q, %d) = %q, want %q", tt.name, tt.n, got, tt.want)
		}
	}
}

func TestSuggestCommandsFallback(t *testing.T) {
	s, err := SchemaFromCommandList(json.RawMessage(`[{"name":"query-status"},{"name":"stop"}]`))
	if err != nil {
		t.Fatal(err)
	}
	if got := s.SuggestCommands("stpo", 3); !slices.Equal(got, []string{"stop"}) {
		t.Errorf("got %q", got)
	}
}
