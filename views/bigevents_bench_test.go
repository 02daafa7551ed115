package views

import (
	"bytes"
	"flag"
	"os"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/qmpdash/qmpdash/app/session"
	"github.com/qmpdash/qmpdash/app/store"
	"github.com/qmpdash/qmpdash/qmp/qmptest"
)

// bigEventsFor is how long BenchmarkDashboardBigEvents runs; make bench
// passes qmpbench's -big-events-for.
var bigEventsFor = flag.Duration("big-events-for", 5*time.Minute, "how long BenchmarkDashboardBigEvents sends its events")

// BenchmarkDashboardBigEvents sends events of 1 MB at 20 a second from a
// fake server into a running dashboard with the default memory limits,
// for -big-events-for (5 minutes), and samples the process's resident
// memory every second and the key-press-to-frame latency every 100 ms.
// It reports the RSS before, the peak, and the median of each half of the
// run once the event history has filled (its 256 MiB take 13 s), so that
// growth shows as a difference. Run it with -benchtime=1x.
func BenchmarkDashboardBigEvents(b *testing.B) {
	const (
		size = 1_000_000
		rate = 20
	)
	duration := *bigEventsFor
	fill := time.Duration(float64(store.DefaultEventBytes)/(size*rate)*float64(time.Second)) + 5*time.Second
	if duration < 2*fill {
		b.Fatalf("-big-events-for %v is too short: the history takes %v to fill", duration, fill)
	}
	// The collector is paced as qmpdash paces it (unless GOGC or
	// GOMEMLIMIT is set: GOGC=100 measures Go's default).
	if stop, set := store.PaceCollector(store.Limits{}, store.Limits{}); set {
		defer stop()
	}
	for i := 0; i < b.N; i++ {
		runtime.GC()
		rss0 := residentMiB(b)
		d := startBenchDashboard(b, session.Config{})
		line := bigEventLine(size)
		start := time.Now()
		done := make(chan struct{})
		go func() {
			defer close(done)
			tick := time.NewTicker(time.Second / rate)
			defer tick.Stop()
			for time.Since(start) < duration {
				<-tick.C
				d.peer.Write(line)
			}
		}()

		var early, late []float64
		var latencies []time.Duration
		peak, nextSample := 0.0, start
		for time.Since(start) < duration {
			time.Sleep(100 * time.Millisecond)
			if l, ok := d.screen.keyToFrame(); ok {
				latencies = append(latencies, l)
			}
			if now := time.Now(); now.After(nextSample) {
				nextSample = now.Add(time.Second)
				rss := residentMiB(b)
				peak = max(peak, rss)
				switch at := now.Sub(start); {
				case at < fill:
				case at < fill+(duration-fill)/2:
					early = append(early, rss)
				default:
					late = append(late, rss)
				}
			}
		}
		<-done
		u := d.s.Events.Usage()
		d.stop()

		slices.Sort(latencies)
		b.ReportMetric(rss0, "rss-start-MiB")
		b.ReportMetric(peak, "rss-peak-MiB")
		b.ReportMetric(medianOf(early), "rss-early-MiB")
		b.ReportMetric(medianOf(late), "rss-late-MiB")
		b.ReportMetric(float64(u.Bytes)/(1<<20), "events-MiB")
		b.ReportMetric(float64(u.Entries+int(u.Evicted)), "events")
		b.ReportMetric(float64(u.Evicted), "evicted")
		b.ReportMetric(percentileMs(latencies, 0.50), "key-p50-ms")
		b.ReportMetric(percentileMs(latencies, 0.99), "key-p99-ms")
		b.ReportMetric(duration.Seconds(), "seconds")
	}
}

// bigEventLine is a QMP event line of size bytes, CRLF included.
func bigEventLine(size int) string {
	short := qmptest.EventLine("BIG_EVENT", `{"blob": ""}`)
	return qmptest.EventLine("BIG_EVENT", `{"blob": "`+strings.Repeat("x", size-len(short))+`"}`)
}

// residentMiB reads the process's resident set size from /proc.
func residentMiB(b *testing.B) float64 {
	status, err := os.ReadFile("/proc/self/status")
	if err != nil {
		b.Fatal(err)
	}
	for _, l := range bytes.Split(status, []byte("\n")) {
		if rest, ok := bytes.CutPrefix(l, []byte("VmRSS:")); ok {
			kb, err := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(string(rest)), " kB"), 64)
			if err != nil {
				b.Fatal(err)
			}
			return kb / 1024
		}
	}
	b.Fatal("no VmRSS in /proc/self/status")
	return 0
}

func medianOf(vs []float64) float64 {
	if len(vs) == 0 {
		return -1
	}
	vs = slices.Clone(vs)
	slices.Sort(vs)
	return vs[len(vs)/2]
}
