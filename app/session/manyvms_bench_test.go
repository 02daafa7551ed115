//go:build linux

package session

import (
	"context"
	"runtime/debug"
	"sync"
	"testing"
	"time"

	"github.com/qmpdash/qmpdash/app/store"
	"github.com/qmpdash/qmpdash/app/transport"
	"github.com/qmpdash/qmpdash/docs"
	"github.com/qmpdash/qmpdash/docs/docstest"
	"github.com/qmpdash/qmpdash/qmp"
	"github.com/qmpdash/qmpdash/qmp/qmptest"
)

// Many VMs: 64 sessions, each connected to its own monitor, schema and
// documentation loaded, then left idle. Reported: the CPU this process
// spends over the idle period (getrusage, user+system, in % of one core;
// the monitors' own CPU is not counted) and the Go heap the sessions hold,
// per VM. Budgets: < 1 % of a core and < 8 MiB per VM. Run with
// -benchtime=1x: one iteration takes the whole idle period.

const (
	manyVMs    = 64
	idlePeriod = 10 * time.Second
)

// BenchmarkManyVMs runs against real QEMU (-machine none; skipped when it
// is not installed) and against fake servers serving the QEMU 10.0
// fixture, whose goroutines and buffers live in this process and count in
// the heap figure.
func BenchmarkManyVMs(b *testing.B) {
	b.Run("qemu", func(b *testing.B) {
		qmptest.Require(b, qmptest.QEMUBinary)
		benchManyVMs(b, func() []string {
			addrs := make([]string, manyVMs)
			for i := range addrs {
				addrs[i] = qmptest.QEMU(b).Socket
			}
			return addrs
		})
	})
	b.Run("fake", func(b *testing.B) {
		benchManyVMs(b, func() []string { return fakeMonitors(b, manyVMs) })
	})
}

func benchManyVMs(b *testing.B, monitors func() []string) {
	// The collector is paced as qmpdash paces it (unless GOGC or
	// GOMEMLIMIT is set: GOGC=100 measures Go's default).
	if stop, set := store.PaceCollector(store.Limits{}, store.Limits{}); set {
		defer stop()
	}
	for range b.N {
		addrs := monitors()
		heap0 := qmptest.HeapAfterGC()
		cache := &docs.Cache{Dir: b.TempDir()}
		ctx, cancel := context.WithCancel(context.Background())
		var wg sync.WaitGroup
		sessions := make([]*Session, len(addrs))
		for i, addr := range addrs {
			sessions[i] = New(Config{Addr: addr, Protocol: transport.ProtocolQMP, Cache: cache})
			wg.Add(1)
			go func() {
				defer wg.Done()
				sessions[i].Run(ctx)
			}()
		}
		settle(b, sessions)
		heap1 := qmptest.HeapAfterGC()
		// Return the start-up garbage to the OS now: left to itself the
		// runtime's background scavenger does it during the idle period,
		// at up to 1 % of the CPU, which is start-up cost, not idling.
		debug.FreeOSMemory()

		cpu0 := qmptest.CPUTime()
		time.Sleep(idlePeriod)
		idle := qmptest.CPUTime() - cpu0

		cancel()
		wg.Wait()
		b.ReportMetric(100*idle.Seconds()/idlePeriod.Seconds(), "idle-cpu-%")
		b.ReportMetric(float64(int64(heap1)-int64(heap0))/float64(len(addrs))/(1<<20), "heap-MiB/VM")
	}
}

// settle waits until every session is connected with its schema loaded
// and none has changed for a second, so documentation loading (which
// leaves no other trace when it fails) is over too. The deadline only
// catches a hang: on an oversubscribed machine 64 sessions have needed
// most of a minute.
func settle(b *testing.B, sessions []*Session) {
	deadline := time.Now().Add(3 * time.Minute)
	versions := make([]uint64, len(sessions))
	stableSince := time.Now()
	for time.Since(stableSince) < time.Second {
		if time.Now().After(deadline) {
			for _, s := range sessions {
				if st := s.State(); st.Conn != qmp.StateReady || s.Schema() == nil {
					b.Errorf("%s: %v (%v), schema loaded: %t", st.Addr, st.Conn, st.ConnErr, s.Schema() != nil)
				}
			}
			b.Fatal("sessions did not settle within 3 minutes: connected, schema loaded and unchanged for a second")
		}
		time.Sleep(50 * time.Millisecond)
		for i, s := range sessions {
			if s.Schema() == nil || s.State().Conn != qmp.StateReady {
				stableSince = time.Now()
			}
			if v := s.Version(); v != versions[i] {
				versions[i], stableSince = v, time.Now()
			}
		}
	}
}

// fakeMonitors starts n fake servers that answer the start-up queries
// with the QEMU 10.0 fixture and every other command with {}.
func fakeMonitors(b *testing.B, n int) []string {
	addrs := make([]string, n)
	for i := range addrs {
		f := qmptest.NewFakeQEMU(b, docstest.QEMU10)
		f.Answers = map[string]string{"query-status": `{"status": "prelaunch", "singlestep": false, "running": false}`}
		f.AcceptAll()
		addrs[i] = f.Path
	}
	return addrs
}
