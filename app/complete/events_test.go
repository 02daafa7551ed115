package complete

import (
	"slices"
	"testing"
)

// TestEvents checks event name completion for filter inputs.
func TestEvents(t *testing.T) {
	e := loadEngine(t, fixture100)
	tests := []struct {
		prefix string
		first  string
		has    []string
	}{
		{"STO", "STOP", nil},
		{"stop", "STOP", nil},
		{"BLOCK_JOB_", "BLOCK_JOB_ERROR", []string{"BLOCK_JOB_COMPLETED", "BLOCK_JOB_READY", "BLOCK_JOB_CANCELLED"}},
		{"BLOCK_JOB_*", "BLOCK_JOB_ERROR", []string{"BLOCK_JOB_COMPLETED"}},
		{"*JOB*", "JOB_STATUS_CHANGE", []string{"BLOCK_JOB_COMPLETED"}},
		{"bjcom", "BLOCK_JOB_COMPLETED", nil},
		{"dev-del", "DEVICE_DELETED", nil},
		{"", "STOP", []string{"SHUTDOWN", "RESET", "RESUME"}},
	}
	for _, tt := range tests {
		cs := e.Events(tt.prefix)
		checkSpans(t, tt.prefix, cs)
		names := displays(cs)
		if tt.prefix != "" && (len(cs) == 0 || names[0] != tt.first) {
			t.Errorf("Events(%q) = %v, want %q first", tt.prefix, head(names), tt.first)
		}
		for _, n := range append(tt.has, tt.first) {
			c := find(t, cs, n)
			if c.Kind != Event || c.Text != n || c.Start != 0 || c.End != len(tt.prefix) {
				t.Errorf("Events(%q): %+v", tt.prefix, c)
			}
		}
	}
	if cs := e.Events("ZZZZ"); len(cs) != 0 {
		t.Errorf("Events(ZZZZ) = %v", displays(cs))
	}
	all := displays(e.Events(""))
	if len(all) != len(e.schema.Events()) || !slices.Contains(all, "STOP") {
		t.Errorf("Events(\"\") lists %d of %d", len(all), len(e.schema.Events()))
	}
	if got := find(t, e.Events("STOP"), "STOP").Summary; got != "event · no data" {
		t.Errorf("STOP summary %q", got)
	}
}
