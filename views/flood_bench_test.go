package views

import (
	"fmt"
	"runtime"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/gdamore/tcell/v2"
	"github.com/qmpdash/qmpdash/app/session"
	"github.com/qmpdash/qmpdash/app/store"
	"github.com/qmpdash/qmpdash/qmp/qmptest"
)

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
		d := startBenchDashboard(b, session.Config{EventLimits: store.Limits{Count: 100_000}})
		s, peer, screen := d.s, d.peer, d.screen

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
		frames := screen.framesSince(start)
		screen.InjectKey(tcell.KeyEscape, 0, tcell.ModNone)
		var latencies []time.Duration
		for time.Since(start) < duration {
			time.Sleep(50 * time.Millisecond)
			if l, ok := screen.keyToFrame(); ok {
				latencies = append(latencies, l)
			}
			sampleHeap()
		}
		<-floodDone
		elapsed := time.Since(start)
		var cpu1 syscall.Rusage
		syscall.Getrusage(syscall.RUSAGE_SELF, &cpu1)
		cpuTime := time.Duration(cpu1.Utime.Nano()+cpu1.Stime.Nano()-cpu0.Utime.Nano()-cpu0.Stime.Nano()) * time.Nanosecond

		received := s.Events.Len() + int(s.Events.Evicted())
		d.stop()

		slices.Sort(latencies)
		b.ReportMetric(float64(frames)/floodOnly.Seconds(), "frames/s")
		b.ReportMetric(percentileMs(latencies, 0.50), "key-p50-ms")
		b.ReportMetric(percentileMs(latencies, 0.99), "key-p99-ms")
		b.ReportMetric(float64(received)/elapsed.Seconds(), "events/s")
		b.ReportMetric(100*cpuTime.Seconds()/elapsed.Seconds(), "cpu-%")
		b.ReportMetric(float64(peakHeap)/(1<<20), "peak-heap-MiB")
	}
}
