package views

import (
	"context"
	"fmt"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/gdamore/tcell/v2"
	"github.com/qmpdash/qmpdash/app"
	"github.com/qmpdash/qmpdash/qmp/qmptest"
)

// frameScreen counts frames: tview calls Show once per drawn frame.
type frameScreen struct {
	tcell.SimulationScreen
	mu     sync.Mutex
	frames []time.Time
}

func (s *frameScreen) Show() {
	s.mu.Lock()
	s.frames = append(s.frames, time.Now())
	s.mu.Unlock()
	s.SimulationScreen.Show()
}

// firstFrameAfter returns the time of the first frame after t.
func (s *frameScreen) firstFrameAfter(t time.Time) (time.Time, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	i, _ := slices.BinarySearchFunc(s.frames, t, func(a, b time.Time) int { return a.Compare(b) })
	if i == len(s.frames) {
		return time.Time{}, false
	}
	return s.frames[i], true
}

// BenchmarkDashboardFlood feeds 100,000 events/s from a fake server into a
// running dashboard for a few seconds per iteration and reports frames per
// second, key-press-to-frame latency, CPU use and peak heap. Run it with
// -benchtime=1x: one iteration is already a long measurement.
func BenchmarkDashboardFlood(b *testing.B) {
	const (
		rate     = 100_000
		duration = 3 * time.Second
		batch    = 1000 // events per write: one write every 10 ms
	)
	for i := 0; i < b.N; i++ {
		srv := qmptest.NewServer(b)
		s := app.NewSession(app.SessionConfig{Addr: srv.Path, Protocol: app.ProtocolQMP, EventLimits: app.Limits{Count: 100_000}})
		ctx, cancel := context.WithCancel(context.Background())
		go s.Run(ctx)
		peer := srv.Accept()
		peer.Negotiate()
		go peer.Serve(func(r qmptest.Request) string { return qmptest.ReplyLine(r, "{}") })

		sim := tcell.NewSimulationScreen("UTF-8")
		screen := &frameScreen{SimulationScreen: sim}
		d := New(s, Options{Screen: screen, Theme: DefaultTheme(), History: app.History{Path: filepath.Join(b.TempDir(), "h")}})
		stopped := make(chan struct{})
		go func() { d.Run(ctx); close(stopped) }()
		d.app.QueueUpdateDraw(func() { sim.SetSize(200, 50) })

		var chunk strings.Builder
		for j := 0; j < batch; j++ {
			chunk.WriteString(qmptest.EventLine("RTC_CHANGE", fmt.Sprintf(`{"offset": %d, "qom-path": "/machine/unattached/device[0]"}`, j)))
		}
		flood := []byte(chunk.String())
		var cpu0 syscall.Rusage
		syscall.Getrusage(syscall.RUSAGE_SELF, &cpu0)
		start := time.Now()
		floodDone := make(chan struct{})
		go func() {
			defer close(floodDone)
			tick := time.NewTicker(time.Second * batch / rate)
			defer tick.Stop()
			for time.Since(start) < duration {
				<-tick.C
				peer.Write(string(flood))
			}
		}()

		// First half: the flood alone, for the frame rate (tview also draws
		// after every key, so keys would count as frames). Second half: key
		// presses in the event pane while the flood goes on.
		var peakHeap uint64
		sampleHeap := func() {
			var m runtime.MemStats
			runtime.ReadMemStats(&m)
			peakHeap = max(peakHeap, m.HeapAlloc)
		}
		for time.Since(start) < duration/2 {
			time.Sleep(50 * time.Millisecond)
			sampleHeap()
		}
		floodOnly := time.Since(start)
		screen.mu.Lock()
		frames := 0
		for _, f := range screen.frames {
			if !f.Before(start) {
				frames++
			}
		}
		screen.mu.Unlock()
		screen.InjectKey(tcell.KeyEscape, 0, tcell.ModNone)
		var latencies []time.Duration
		for time.Since(start) < duration {
			time.Sleep(50 * time.Millisecond)
			at := time.Now()
			screen.InjectKey(tcell.KeyRune, 'k', tcell.ModNone)
			deadline := time.Now().Add(time.Second)
			for time.Now().Before(deadline) {
				if f, ok := screen.firstFrameAfter(at); ok {
					latencies = append(latencies, f.Sub(at))
					break
				}
				time.Sleep(time.Millisecond)
			}
			sampleHeap()
		}
		<-floodDone
		elapsed := time.Since(start)
		var cpu1 syscall.Rusage
		syscall.Getrusage(syscall.RUSAGE_SELF, &cpu1)
		cpuTime := time.Duration(cpu1.Utime.Nano()+cpu1.Stime.Nano()-cpu0.Utime.Nano()-cpu0.Stime.Nano()) * time.Nanosecond

		received := s.Events.Len() + int(s.Events.Evicted())
		cancel()
		<-stopped

		slices.Sort(latencies)
		pct := func(p float64) float64 {
			if len(latencies) == 0 {
				return -1
			}
			return float64(latencies[int(p*float64(len(latencies)-1))].Microseconds()) / 1000
		}
		b.ReportMetric(float64(frames)/floodOnly.Seconds(), "frames/s")
		b.ReportMetric(pct(0.50), "key-p50-ms")
		b.ReportMetric(pct(0.99), "key-p99-ms")
		b.ReportMetric(float64(received)/elapsed.Seconds(), "events/s")
		b.ReportMetric(100*cpuTime.Seconds()/elapsed.Seconds(), "cpu-%")
		b.ReportMetric(float64(peakHeap)/(1<<20), "peak-heap-MiB")
	}
}
