package complete

import (
	"testing"

	"github.com/qmpdash/qmpdash/docs/docstest"
)

// TestCompleteFilter completes the word under the cursor of an event
// filter, keeping its '!' and leaving vm: words alone.
func TestCompleteFilter(t *testing.T) {
	e := loadEngine(t, docstest.QEMU72)
	tests := []struct {
		text       string
		cursor     int
		want       string // the first candidate's text, "" for none
		start, end int
	}{
		{"STO", 3, "STOP", 0, 3},
		{"!RTC_CH", 7, "RTC_CHANGE", 1, 7},
		{"STOP  block_job_comp", 20, "BLOCK_JOB_COMPLETED", 6, 20},
		{"STOP !BLOCK_JOB_* RESUME", 17, "BLOCK_JOB_ERROR", 6, 17},
		{"SHUT RESUME", 2, "SHUTDOWN", 0, 4}, // mid-word: the whole word goes
		{"STOP\tRESU", 9, "RESUME", 5, 9},
		{"vm:web", 6, "", 0, 0},
		{"!vm:we", 6, "", 0, 0},
		{"!STOP", 0, "", 0, 0}, // before the '!'
		{"STOP ZZZZ", 9, "", 0, 0},
	}
	for _, tt := range tests {
		got := e.CompleteFilter(tt.text, tt.cursor)
		checkSpans(t, tt.text, got)
		if tt.want == "" {
			if len(got) != 0 {
				t.Errorf("CompleteFilter(%q, %d) = %v, want none", tt.text, tt.cursor, displays(got))
			}
			continue
		}
		if len(got) == 0 || got[0].Text != tt.want || got[0].Kind != Event || got[0].Start != tt.start || got[0].End != tt.end {
			t.Errorf("CompleteFilter(%q, %d) = %+v, want %q at [%d,%d)", tt.text, tt.cursor, head(displays(got)), tt.want, tt.start, tt.end)
		}
	}
	if got := e.CompleteFilter("STOP ", 5); len(got) != len(e.schema.Events()) {
		t.Errorf("after a space: %d candidates, want every event", len(got))
	}
	if got := (*Engine)(nil).CompleteFilter("STO", 3); got != nil {
		t.Errorf("without a schema: %v", displays(got))
	}
}
