package send

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

// TestTimeoutsFixedAndUnbounded checks a --timeout flag's Timeouts (the same
// deadline for every command, slow ones included) and the shell's (no
// deadline unless the configuration gives one).
func TestTimeoutsFixedAndUnbounded(t *testing.T) {
	fixed := FixedTimeout(3 * time.Second)
	for _, name := range []string{"stop", "device_add", "snapshot-save"} {
		if got := fixed.For(name); got != 3*time.Second {
			t.Errorf("FixedTimeout: For(%s) = %v", name, got)
		}
	}
	wait := Timeouts{Overrides: map[string]time.Duration{"migrate": time.Minute}, Unbounded: true}
	for name, want := range map[string]time.Duration{"stop": 0, "device_add": 0, "migrate": time.Minute} {
		if got := wait.For(name); got != want {
			t.Errorf("Unbounded: For(%s) = %v, want %v", name, got, want)
		}
	}
	wait.Default = 10 * time.Second
	if got := wait.For("stop"); got != 10*time.Second {
		t.Errorf("Unbounded with a Default: For(stop) = %v", got)
	}
}
