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

// Of two globs that match, the more specific one decides, every time.
func TestTimeoutsMostSpecificGlobWins(t *testing.T) {
	tm := Timeouts{Overrides: map[string]time.Duration{"*": time.Hour, "block*": time.Second, "blockdev-*": 2 * time.Second, "blockdev-a*": 3 * time.Second}}
	for range 50 {
		if got := tm.For("blockdev-add"); got != 3*time.Second {
			t.Fatalf("blockdev-add: %v, want 3s (blockdev-a*)", got)
		}
		if got := tm.For("blockdev-del"); got != 2*time.Second {
			t.Fatalf("blockdev-del: %v, want 2s (blockdev-*)", got)
		}
		if got := tm.For("block_resize"); got != time.Second {
			t.Fatalf("block_resize: %v, want 1s (block*)", got)
		}
	}
}
