package store

import (
	"runtime"
	"runtime/debug"
	"testing"
	"time"
)

func TestHeapGrowth(t *testing.T) {
	for _, c := range []struct {
		name             string
		events, commands Limits
		want             int
	}{
		{"defaults: 256 MiB histories", Limits{}, Limits{}, 25},
		{"64 MiB histories keep Go's default", Limits{Bytes: 64 << 20}, Limits{Bytes: 64 << 20}, 100},
		{"small histories keep Go's default", Limits{Bytes: 1 << 20}, Limits{Bytes: 1 << 20}, 100},
		{"the larger history counts", Limits{Bytes: 16 << 20}, Limits{Bytes: 512 << 20}, 12},
		{"1 GiB of events", Limits{Bytes: 1 << 30}, Limits{Bytes: 16 << 20}, 10},
		{"never under 10", Limits{Bytes: 8 << 30}, Limits{}, 10},
		{"128 MiB", Limits{Bytes: 128 << 20}, Limits{Bytes: 128 << 20}, 50},
	} {
		if got := HeapGrowth(c.events, c.commands); got != c.want {
			t.Errorf("%s: HeapGrowth = %d, want %d", c.name, got, c.want)
		}
	}
}

func TestPaceCollectorLeavesTheEnvironmentsSettings(t *testing.T) {
	for _, env := range []string{"GOGC", "GOMEMLIMIT"} {
		t.Run(env, func(t *testing.T) {
			t.Setenv("GOGC", "")
			t.Setenv("GOMEMLIMIT", "")
			t.Setenv(env, map[string]string{"GOGC": "150", "GOMEMLIMIT": "1GiB"}[env])
			before := debug.SetGCPercent(77)
			defer debug.SetGCPercent(before)
			if _, set := PaceCollector(Limits{}, Limits{}); set {
				t.Fatalf("PaceCollector changed the collector though %s is set", env)
			}
			if got := debug.SetGCPercent(77); got != 77 {
				t.Fatalf("GC percent = %d with %s set, want it left at 77", got, env)
			}
		})
	}
}

func TestPercentFor(t *testing.T) {
	for _, c := range []struct {
		live        uint64
		floor, want int
	}{
		{0, 25, 100},
		{16 << 20, 25, 100}, // 64 MiB of garbage is more than Go's default allows
		{128 << 20, 25, 50}, // half the live heap
		{256 << 20, 25, 25}, // a full default history: the floor
		{1 << 30, 25, 25},   // never under the floor
		{1 << 30, 10, 10},
	} {
		if got := percentFor(c.live, c.floor); got != c.want {
			t.Errorf("percentFor(%d MiB, %d) = %d, want %d", c.live>>20, c.floor, got, c.want)
		}
	}
}

// The collector starts at the floor the limits give, is raised after a
// collection while the live heap is small, and stop puts back what was
// in force before and ends the pacing.
func TestPaceCollectorRaisesThePercentWhileTheHeapIsSmall(t *testing.T) {
	t.Setenv("GOGC", "")
	t.Setenv("GOMEMLIMIT", "")
	before := debug.SetGCPercent(77)
	defer debug.SetGCPercent(before)
	stop, set := PaceCollector(Limits{}, Limits{})
	if !set {
		t.Fatal("PaceCollector changed nothing")
	}
	defer stop()
	if got := debug.SetGCPercent(25); got != 25 {
		t.Fatalf("GC percent = %d just after PaceCollector with the default limits, want 25", got)
	}
	// A test binary's live heap is a few MiB: 64 MiB of garbage beside it
	// is more than Go's default lets grow.
	waitPercent(t, 100)
	stop()
	if got := debug.SetGCPercent(77); got != 77 {
		t.Fatalf("GC percent = %d after stop, want the 77 in force before", got)
	}
	for range 3 {
		runtime.GC()
	}
	time.Sleep(50 * time.Millisecond) // cleanups run on their own goroutine
	if got := debug.SetGCPercent(77); got != 77 {
		t.Fatalf("GC percent = %d after stop and collections, want 77 left alone", got)
	}
}

// waitPercent collects until the GC percent is want.
func waitPercent(t *testing.T, want int) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		runtime.GC()
		p := debug.SetGCPercent(-1)
		debug.SetGCPercent(p)
		if p == want {
			return
		}
	}
	t.Fatalf("the GC percent never became %d", want)
}
