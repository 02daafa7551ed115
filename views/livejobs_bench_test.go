//go:build linux

package views

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"
	"runtime/pprof"
	"slices"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gdamore/tcell/v2"
	"github.com/qmpdash/qmpdash/app/history"
	"github.com/qmpdash/qmpdash/app/live"
	"github.com/qmpdash/qmpdash/app/session"
	"github.com/qmpdash/qmpdash/app/store"
	"github.com/qmpdash/qmpdash/app/transport"
	"github.com/qmpdash/qmpdash/qmp/qmptest"
	"github.com/qmpdash/qmpdash/views/widget"
)

// BenchmarkJobsView64: 64 VMs (fake servers serving the 7.2 fixture), each
// with a running mirror whose progress grows on every query, and the jobs
// view open, polling all of them every second. Reported: the CPU this
// process spends over 10 s (polling, the table's rates, drawing; the fake
// servers run in a child process, startBenchFakes), the Go heap per VM
// once every row shows (sessions, schemas, histories, pollers), and
// key-press-to-frame latency in the view meanwhile. Budgets: < 2 % of a core, < 10 MiB per VM, key p99 ≤ 50 ms.
// The closed sub-benchmark is the same dashboard with the view never
// opened: the baseline the view's own cost is read against. Run with
// -benchtime=1x.
func BenchmarkJobsView64(b *testing.B) {
	b.Run("open", func(b *testing.B) { benchJobsView(b, true) })
	b.Run("closed", func(b *testing.B) { benchJobsView(b, false) })
}

func benchJobsView(b *testing.B, open bool) {
	const (
		vms    = 64
		window = 10 * time.Second
	)
	if stop, set := store.PaceCollector(store.Limits{}, store.Limits{}); set {
		defer stop()
	}
	for range b.N {
		heap0 := qmptest.HeapAfterGC()
		ctx, cancel := context.WithCancel(context.Background())
		f := session.NewFleet(ctx, session.FleetConfig{Template: session.Config{Protocol: transport.ProtocolQMP, NoDocs: true}})
		var sessions []*session.Session
		for i, path := range startBenchFakes(b, vms) {
			s := session.New(session.Config{Name: fmt.Sprintf("vm%02d", i), Addr: path, Protocol: transport.ProtocolQMP, NoDocs: true})
			if err := f.Add(s); err != nil {
				b.Fatal(err)
			}
			sessions = append(sessions, s)
		}
		screen := &frameScreen{SimulationScreen: tcell.NewSimulationScreen("UTF-8")}
		d := NewDashboard(f, Options{Screen: screen, Theme: widget.DefaultTheme(), History: history.File{Path: filepath.Join(b.TempDir(), "h")}})
		stopped := make(chan struct{})
		go func() { d.Run(ctx); close(stopped) }()
		d.app.QueueUpdateDraw(func() { screen.SetSize(200, 80) })
		qmptest.EventuallyWithin(b, 3*time.Minute, "every schema", func() bool {
			return !slices.ContainsFunc(sessions, func(s *session.Session) bool { return s.Schema() == nil })
		})
		screen.InjectKey(tcell.KeyEscape, 0, tcell.ModNone)
		qmptest.EventuallyWithin(b, 3*time.Minute, "the input line left", func() bool { return d.app.GetFocus() != d.input.area })
		if open {
			screen.InjectKey(tcell.KeyRune, 'J', tcell.ModNone)
			table := d.live.views[0].poller.Table
			qmptest.EventuallyWithin(b, 3*time.Minute, "a row per VM with a rate", func() bool {
				rows := table.Rows()
				return len(rows) == vms && !slices.ContainsFunc(rows, func(r live.Row) bool { return r.Cells[5].Text == "" })
			})
		}
		// Idle: no start-up message left to fade from the status bar.
		qmptest.EventuallyWithin(b, 3*time.Minute, "the start-up messages faded", func() bool {
			return !slices.ContainsFunc(sessions, func(s *session.Session) bool {
				n, ok := s.Notices.Latest()
				return ok && time.Since(n.Time) < noticeLifetime
			})
		})
		heap1 := qmptest.HeapAfterGC()
		debug.FreeOSMemory()

		stopProfile := profileWindow(b, open)
		cpu0, start := qmptest.CPUTime(), time.Now()
		time.Sleep(window)
		cpu := qmptest.CPUTime() - cpu0
		stopProfile()
		frames := screen.framesSince(start)
		var latencies []time.Duration
		for range 40 {
			time.Sleep(50 * time.Millisecond)
			if l, ok := screen.keyToFrame(); ok {
				latencies = append(latencies, l)
			}
		}
		cancel()
		<-stopped
		f.Close()
		slices.Sort(latencies)
		b.ReportMetric(100*cpu.Seconds()/window.Seconds(), "cpu-%")
		b.ReportMetric(float64(int64(heap1)-int64(heap0))/vms/(1<<20), "heap-MiB/VM")
		b.ReportMetric(percentileMs(latencies, 0.99), "key-p99-ms")
		b.ReportMetric(float64(frames)/window.Seconds(), "frames/s")
	}
}

// growingMirror answers a VM's query-jobs with a running mirror 1 MiB
// further on each time, and query-block-jobs to match.
func growingMirror() func(qmptest.Request) string {
	var done atomic.Int64
	return func(r qmptest.Request) string {
		switch r.Name() {
		case "query-jobs":
			n := done.Add(1 << 20)
			return qmptest.ReplyLine(r, fmt.Sprintf(`[{"id": "mirror0", "type": "mirror", "status": "running", "current-progress": %d, "total-progress": %d}]`, n, int64(1)<<40))
		case "query-block-jobs":
			return qmptest.ReplyLine(r, `[{"device": "mirror0", "type": "mirror", "speed": 1048576, "len": 1099511627776, "offset": 0}]`)
		}
		return qmptest.ReplyLine(r, "{}")
	}
}

// profileWindow starts a CPU profile of the measured window when
// QMPDASH_BENCH_CPUPROFILE names a file (FILE.open, FILE.closed): the
// idle dashboard alone, not its start-up, which go test's -cpuprofile
// would include. It returns what stops it.
func profileWindow(b *testing.B, open bool) func() {
	path := os.Getenv("QMPDASH_BENCH_CPUPROFILE")
	if path == "" {
		return func() {}
	}
	if open {
		path += ".open"
	} else {
		path += ".closed"
	}
	f, err := os.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		b.Fatal(err)
	}
	return func() {
		pprof.StopCPUProfile()
		f.Close()
	}
}
