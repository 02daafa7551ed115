package watch

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func TestParse(t *testing.T) {
	for _, tc := range []struct {
		in       string
		interval time.Duration
		text     string
		hmp      bool
		err      string
	}{
		{in: "query-status", interval: DefaultInterval, text: "query-status"},
		{in: "2s query-status", interval: 2 * time.Second, text: "query-status"},
		{in: " 500ms  query-jobs ", interval: 500 * time.Millisecond, text: "query-jobs"},
		{in: "5 query-block", interval: 5 * time.Second, text: "query-block"},
		{in: "0.25 query-block", interval: 250 * time.Millisecond, text: "query-block"},
		{in: "1m qom-get path=/machine property=type", interval: time.Minute, text: "qom-get path=/machine property=type"},
		{in: "hmp info status", interval: DefaultInterval, text: "hmp info status", hmp: true},
		{in: "100ms query-status", err: "below the minimum of 200ms"},
		{in: "0 query-status", err: "below the minimum"},
		{in: "2x query-status", err: `interval "2x"`},
		{in: "", err: "no command to watch"},
		{in: "3s", err: "no command to watch"},
		{in: `{"execute":"query-status"}`, err: "not raw JSON"},
		{in: "stop", err: `only read-only commands can be watched: "stop" may change the VM`},
	} {
		spec, err := Parse(tc.in)
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("Parse(%q) = %v, want an error with %q", tc.in, err, tc.err)
			}
			continue
		}
		if err != nil || spec.Interval != tc.interval || spec.Text != tc.text || spec.HMP != tc.hmp || spec.Line == nil {
			t.Errorf("Parse(%q) = %+v, %v; want %v %q hmp=%v", tc.in, spec, err, tc.interval, tc.text, tc.hmp)
		}
	}
}

// Watching is refused exactly where read-only mode refuses to send.
func TestParseRefusesWhatReadOnlyRefuses(t *testing.T) {
	for _, tc := range []struct {
		line    string
		refused bool
	}{
		{"query-status", false},
		{"x-query-roms", false},
		{"qom-list path=/machine", false},
		{"guest-get-time", false},
		{"guest-info", false},
		{"hmp info block", false},
		{"stop", true},
		{"cont", true},
		{"quit", true},
		{"system_reset", true},
		{"block_resize device=d size=1", true},
		{"qom-set path=/machine property=x value=1", true},
		{"hmp stop", true},
		{"hmp savevm x", true},
		{"transaction( abort )", true},
	} {
		_, err := Parse(tc.line)
		if got := errors.Is(err, ErrNotReadOnly); got != tc.refused {
			t.Errorf("Parse(%q): refused %v (%v), want %v", tc.line, got, err, tc.refused)
		}
	}
}
