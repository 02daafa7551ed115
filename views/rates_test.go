package views

import (
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/gdamore/tcell/v2"
	"github.com/qmpdash/qmpdash/app/send"
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
	quiet, _ := fh.d.fleetVersion()
	if again, _ := fh.d.fleetVersion(); again != quiet {
		t.Fatalf("a quiet fleet's version moved: %d, %d", quiet, again)
	}
	s := fh.fleet.Session("alpha")
	fh.peers["alpha"].Event("STOP", "")
	fh.waitFor("the event", func(string) bool { return s.Events.Len() == 1 })
	before, _ := fh.d.fleetVersion()
	second := time.Now().Unix()
	fh.waitFor("the version to move as a second passes, with no new event", func(string) bool {
		v, _ := fh.d.fleetVersion()
		return v != before && time.Now().Unix() != second
	})
	if s.Events.Len() != 1 {
		t.Fatalf("%d events, want the one", s.Events.Len())
	}
}

func TestFilterTableShowsPerNameSparklines(t *testing.T) {
	h := startHarness(t, widget.DefaultTheme(), nil)
	h.peer.Event("RESUME", "")
	h.waitText("RESUME")
	stop := make(chan struct{})
	done := flood(h.peer, "RTC_CHANGE", stop)
	defer func() { close(stop); <-done }()
	h.key(tcell.KeyEscape)
	h.typeText("/")
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
