package store

import "testing"

func TestEventFilter(t *testing.T) {
	tests := []struct {
		filter string
		pass   []string
		block  []string
	}{
		{"", []string{"STOP", "RTC_CHANGE"}, nil},
		{"BLOCK_JOB_*", []string{"BLOCK_JOB_COMPLETED", "block_job_ready"}, []string{"STOP", "BLOCK_IO_ERROR"}},
		{"!RTC_CHANGE", []string{"STOP"}, []string{"RTC_CHANGE", "rtc_change"}},
		{"BLOCK_* !BLOCK_IO_ERROR", []string{"BLOCK_JOB_READY"}, []string{"BLOCK_IO_ERROR", "STOP"}},
		{"STOP RESUME", []string{"STOP", "RESUME"}, []string{"RESET"}},
		{"?ESET", []string{"RESET"}, []string{"PRESET"}},
	}
	for _, tt := range tests {
		f, err := ParseEventFilter(tt.filter)
		if err != nil {
			t.Fatalf("%q: %v", tt.filter, err)
		}
		for _, n := range tt.pass {
			if !f.Match(n) {
				t.Errorf("%q blocks %s", tt.filter, n)
			}
		}
		for _, n := range tt.block {
			if f.Match(n) {
				t.Errorf("%q passes %s", tt.filter, n)
			}
		}
		if round, _ := ParseEventFilter(f.String()); round.String() != f.String() {
			t.Errorf("%q does not round-trip: %q", tt.filter, f.String())
		}
	}
}

func TestEventFilterErrors(t *testing.T) {
	for _, s := range []string{"[A-", "!", "ok ![x"} {
		if _, err := ParseEventFilter(s); err == nil {
			t.Errorf("ParseEventFilter(%q) accepted a bad pattern", s)
		}
	}
}
