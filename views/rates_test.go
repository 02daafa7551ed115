package views

import (
	"math"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/qmpdash/qmpdash/app/send"
	"github.com/qmpdash/qmpdash/app/store"
	"github.com/qmpdash/qmpdash/keymap"
	"github.com/qmpdash/qmpdash/qmp"
	"github.com/qmpdash/qmpdash/qmp/qmptest"
	"github.com/qmpdash/qmpdash/views/widget"
)

// flood writes batches of events named name to peer until stop closes;
// the returned channel closes when it has stopped.
func flood(peer *qmptest.Peer, name string, stop <-chan struct{}) <-chan struct{} {
	done := make(chan struct{})
	batch := strings.Repeat(qmptest.EventLine(name, `{"offset": 1}`), 200)
	go func() {
		defer close(done)
		for {
			select {
			case <-stop:
				return
			default:
				peer.Write(batch)
			}
		}
	}()
	return done
}

// risen reports whether a sparkline holds a block above the lowest.
func risen(spark string) bool { return strings.ContainsAny(spark, "▂▃▄▅▆▇█") }

// stripSpark returns the sparkline of VM name's tab in the strip, the
// screen's first row.
func stripSpark(t *testing.T, screen, name string) string {
	t.Helper()
	m := regexp.MustCompile(` ` + name + ` ● \S+ ([▁▂▃▄▅▆▇█]+) `).FindStringSubmatch(strings.Split(screen, "\n")[0])
	if m == nil {
		t.Fatalf("no sparkline in %s's tab:\n%s", name, strings.Split(screen, "\n")[0])
	}
	return m[1]
}

func TestStripSparklineRisesWhenAVMFloods(t *testing.T) {
	fh := startFleet(t, []string{"flood", "calm"}, 160, 40, send.Policy{})
	screen := fh.waitText(" calm ● ")
	if s := stripSpark(t, screen, "flood"); s != "▁▁▁▁▁" {
		t.Fatalf("flood's sparkline before any event: %q, want flat", s)
	}
	stop := make(chan struct{})
	done := flood(fh.peers["flood"], "RTC_CHANGE", stop)
	defer func() { close(stop); <-done }()
	screen = fh.waitFor("flood's sparkline to rise", func(s string) bool { return risen(stripSpark(t, s, "flood")) })
	if s := stripSpark(t, screen, "calm"); s != "▁▁▁▁▁" {
		t.Errorf("calm's sparkline %q, want flat while the other VM floods", s)
	}
}

// The sparklines slide with no new event: the redraw loop's version takes
// the second while a VM's rate series hold counts, and not for a quiet
// fleet, which costs no frame.
func TestRedrawLoopSlidesSparklinesOncePerSecond(t *testing.T) {
	fh := startFleet(t, []string{"alpha"}, 160, 40, send.Policy{})
	fh.waitText("connected  alpha")
	quiet, _ := fh.d.fleetVersion(time.Now())
	if again, _ := fh.d.fleetVersion(time.Now()); again != quiet {
		t.Fatalf("a quiet fleet's version moved: %d, %d", quiet, again)
	}
	s := fh.fleet.Session("alpha")
	fh.peers["alpha"].Event("STOP", "")
	fh.waitFor("the event", func(string) bool { return s.Events.Len() == 1 })
	before, _ := fh.d.fleetVersion(time.Now())
	second := time.Now().Unix()
	fh.waitFor("the version to move as a second passes, with no new event", func(string) bool {
		v, _ := fh.d.fleetVersion(time.Now())
		return v != before && time.Now().Unix() != second
	})
	if s.Events.Len() != 1 {
		t.Fatalf("%d events, want the one", s.Events.Len())
	}
}

func TestFilterTableShowsPerNameSparklines(t *testing.T) {
	h := startHarness(t, harnessOptions{})
	h.peer.Event("RESUME", "")
	h.waitText("RESUME")
	stop := make(chan struct{})
	done := flood(h.peer, "RTC_CHANGE", stop)
	defer func() { close(stop); <-done }()
	h.press(keymap.InputLeave)
	h.press(keymap.FilterEdit)
	h.waitText("PER SECOND")
	row := func(screen, name string) string {
		for _, l := range strings.Split(screen, "\n") {
			if strings.Contains(l, "║"+name+" ") {
				return l
			}
		}
		return ""
	}
	spark := regexp.MustCompile(`[▁▂▃▄▅▆▇█]{10,}`)
	screen := h.waitFor("RTC_CHANGE's sparkline to rise", func(s string) bool {
		return risen(spark.FindString(row(s, "RTC_CHANGE")))
	})
	// RESUME's own line, on its own scale: its one event raises one
	// cell at most.
	if got := spark.FindString(row(screen, "RESUME")); got == "" || strings.Count(got, "▁") < len([]rune(got))-1 {
		t.Errorf("RESUME's sparkline %q, want at most one raised cell", got)
	}
}

func TestLatencyOverlayOfACommandRunSeveralTimes(t *testing.T) {
	h := startHarness(t, harnessOptions{})
	for range 3 {
		before := h.s.Commands.Latency("query-name").Count
		h.sent("query-name")
		h.waitFor("query-name's reply", func(string) bool { return h.s.Commands.Latency("query-name").Count == before+1 })
	}
	h.sent("query-kvm") // another name to step to

	// :latency completes the names of the log.
	h.typeText(":latency query-n")
	h.press(keymap.InputComplete)
	h.waitText(":latency query-name")
	h.press(keymap.InputSubmit)
	screen := h.waitText("Latency · query-name")
	for _, want := range []string{"replies 3", "min ", "p50 ", "p90 ", "p99 ", "max ", "h/l or ←/→: other commands"} {
		if !strings.Contains(screen, want) {
			t.Errorf("overlay lacks %q:\n%s", want, screen)
		}
	}
	if bars := regexp.MustCompile(`≤\S+ +[█▏▎▍▌▋▊▉·]+ +\d+`).FindAllString(screen, -1); len(bars) == 0 {
		t.Errorf("no histogram bar:\n%s", screen)
	}
	// Another command's histogram, then back; Esc closes.
	h.press(keymap.LatencyNext)
	h.waitFor("the next name's histogram", func(s string) bool {
		return !strings.Contains(s, "Latency · query-name") && strings.Contains(s, "Latency · ")
	})
	h.press(keymap.LatencyPrev)
	h.waitText("Latency · query-name")
	h.press(keymap.OverlayClose)
	h.waitFor("the overlay to close", func(s string) bool { return !strings.Contains(s, "Latency · ") })

	// The key in the command log opens the selected row's histogram.
	h.press(keymap.PaneNext) // the command log, its last row (query-kvm) selected
	h.press(keymap.CommandLatency)
	h.waitText("Latency · query-kvm")
	h.waitText("replies 1")
}

func TestLatencyOverlaySaysWhenNothingAnswered(t *testing.T) {
	h := startHarness(t, harnessOptions{})
	h.sent(":latency no-such-command")
	h.waitText("No reply to no-such-command in the command log.")
	h.sent("") // Enter does nothing in the overlay
	h.press(keymap.OverlayClose)
	h.waitFor("the overlay to close", func(s string) bool { return !strings.Contains(s, "Latency · ") })
	h.press(keymap.FocusInput)
	h.sent(":latency")
	h.waitText(":latency NAME shows how long")
}

// goldenLatencies are the made-up latencies of the latency golden: a
// spread over several log-scale buckets, one empty between.
var goldenLatencies = []time.Duration{
	300 * time.Microsecond, 420 * time.Microsecond, 800 * time.Microsecond,
	1200 * time.Microsecond, 1500 * time.Microsecond, 1800 * time.Microsecond, 1900 * time.Microsecond,
	4 * time.Millisecond, 35 * time.Millisecond,
}

// logLatencies records commands named name in log as if each had been
// answered after its latency: the golden needs latencies no fake server
// would give the same twice.
func logLatencies(log *store.CommandLog, name string, latencies []time.Duration) {
	t0 := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	req := []byte(`{"execute": "` + name + `"}`)
	for _, d := range latencies {
		seq := log.Start(store.CommandEntry{Name: name, Request: req, Sent: t0})
		log.Finish(seq, &qmp.Response{Raw: []byte(`{"return": {}}`), Sent: t0, Received: t0.Add(d)}, nil)
	}
}

// The overlay's text, which the goldens mask as they mask every measured
// latency.
func TestLatencyOverlayLines(t *testing.T) {
	log := store.NewCommandLog(store.Limits{})
	logLatencies(log, "query-status", goldenLatencies)
	o := newLatencyOverlay(log, "query-status", widget.DefaultTheme())
	var got []string
	for _, l := range o.lines(40) {
		got = append(got, strings.TrimRight(l.Text(), " "))
	}
	want := []string{
		"replies 9   min 300µs   p50 1.5ms   p90 35ms   p99 35ms   max 35ms",
		"",
		" ≤500µs ██████████████▌·············· 2",
		"   ≤1ms ███████▎····················· 1",
		"   ≤2ms █████████████████████████████ 4",
		"   ≤5ms ███████▎····················· 1",
		"  ≤10ms ····························· 0",
		"  ≤20ms ····························· 0",
		"  ≤50ms ███████▎····················· 1",
		"",
		"h/l or ←/→: other commands · Esc closes",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("lines:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	for _, tt := range []struct {
		d    time.Duration
		want string
	}{
		{850 * time.Microsecond, "850µs"}, {2500 * time.Microsecond, "2.5ms"}, {120 * time.Millisecond, "120ms"},
		{4 * time.Millisecond, "4ms"}, {1500 * time.Millisecond, "1.5s"}, {math.MaxInt64, ">100s"},
	} {
		got := shortDuration(tt.d)
		if tt.d == math.MaxInt64 {
			got = bucketLabel(tt.d)
		}
		if got != tt.want {
			t.Errorf("%v written %q, want %q", tt.d, got, tt.want)
		}
	}
}
