package app

import (
	"testing"
	"time"
)

func TestTimeouts(t *testing.T) {
	tm := Timeouts{Default: 10 * time.Second, Overrides: map[string]time.Duration{"device_add": 5 * time.Second, "query-*": time.Second}}
	for name, want := range map[string]time.Duration{
		"stop": 10 * time.Second, "device_add": 5 * time.Second, "query-status": time.Second,
		"blockdev-add": 2 * time.Minute, "snapshot-save": 5 * time.Minute,
	} {
		if got := tm.For(name); got != want {
			t.Errorf("For(%s) = %v, want %v", name, got, want)
		}
	}
	if got := (Timeouts{}).For("stop"); got != DefaultCommandTimeout {
		t.Errorf("zero Timeouts: %v", got)
	}
}
