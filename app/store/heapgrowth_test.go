package store

import (
	"runtime/debug"
	"testing"
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
	t.Run("unset", func(t *testing.T) {
		t.Setenv("GOGC", "")
		t.Setenv("GOMEMLIMIT", "")
		before := debug.SetGCPercent(77)
		defer debug.SetGCPercent(before)
		previous, set := PaceCollector(Limits{}, Limits{})
		if !set || previous != 77 {
			t.Fatalf("PaceCollector = %d, %t; want 77, true", previous, set)
		}
		if got := debug.SetGCPercent(77); got != 25 {
			t.Fatalf("GC percent = %d after PaceCollector with the default limits, want 25", got)
		}
	})
}
