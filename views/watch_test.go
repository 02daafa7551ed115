package views

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/gdamore/tcell/v2"
	"github.com/qmpdash/qmpdash/keymap"
	"github.com/qmpdash/qmpdash/qmp/qmptest"
	"github.com/qmpdash/qmpdash/views/widget"
)

// A watch refreshes by itself: every reply of query-name differs, so the
// counter in the title grows and the changed line is highlighted; its
// requests are automatic ones, kept out of the command log. Closing the
// overlay pauses it, and its key stops it.
func TestWatchOverlayHighlightsChanges(t *testing.T) {
	th := widget.DefaultTheme()
	var n, manual atomic.Int64
	h := startHarness(t, harnessOptions{reply: func(r qmptest.Request) string {
		if r.Name() != "query-name" {
			return qmptest.ReplyLine(r, "{}")
		}
		if !strings.HasPrefix(string(r.ID), `"auto:query-name:`) {
			manual.Add(1)
		}
		return qmptest.ReplyLine(r, fmt.Sprintf(`{"name": "vm-%d"}`, n.Add(1)))
	}})
	h.typeText(":watch 200ms query-name")
	h.key(tcell.KeyEnter)
	// The screen is sampled: wait for a count, then for a higher one.
	first := 0
	h.waitFor("a change counted", func(s string) bool { first = changeCount(s); return first >= 1 })
	s := h.waitFor("another change counted", func(s string) bool { return changeCount(s) > first })
	if manual.Load() != 0 || h.s.Commands.Len() != 0 {
		t.Fatalf("the watch's requests were not automatic: %d with another id, %d in the command log", manual.Load(), h.s.Commands.Len())
	}
	if !strings.Contains(s, "~ .name  vm-") {
		t.Fatalf("no change line:\n%s", s)
	}
	// The member that changed is drawn in the Changed style in the JSON.
	cells := make(chan tcell.Style, 1)
	h.d.app.QueueUpdate(func() {
		for y, row := range strings.Split(s, "\n") {
			if x := strings.Index(row, `"name": "vm-`); x >= 0 {
				_, st, _ := h.screen.Get(len([]rune(row[:x])), y)
				cells <- st
				return
			}
		}
		cells <- tcell.StyleDefault
	})
	if st := <-cells; st != th.Changed {
		t.Fatalf("the changed member is drawn in %v, want the Changed style %v", st, th.Changed)
	}

	w := h.s.Watches.List()[0]
	h.press(keymap.OverlayClose)
	h.waitFor("the overlay closed", func(s string) bool { return !strings.Contains(s, "Watches ·") })
	if w.Visible() {
		t.Fatal("the watch still polls with the overlay closed")
	}
	h.press(keymap.FocusInput) // the event pane has the focus now
	h.typeText(":watch")
	h.key(tcell.KeyEnter)
	h.waitText("Watches · ")
	h.waitFor("the watch polling again", func(string) bool { return w.Visible() })
	h.press(keymap.WatchClose)
	h.waitText("Nothing watched on this VM")
	if len(h.s.Watches.List()) != 0 {
		t.Fatal("the close key left the watch open")
	}
}

// :watch refuses what read-only mode would refuse, and says why.
func TestWatchRefusesStop(t *testing.T) {
	h := startHarness(t, harnessOptions{})
	h.typeText(":watch stop")
	h.key(tcell.KeyEnter)
	h.waitText(`only read-only commands can be watched`)
	if len(h.s.Watches.List()) != 0 {
		t.Fatal("a watch of stop was opened")
	}
}

// changeCount is the change counter in the watch's title, -1 if none shows.
func changeCount(screen string) int {
	m := watchTitle.FindStringSubmatch(screen)
	if m == nil {
		return -1
	}
	n, _ := strconv.Atoi(m[1])
	return n
}

var watchTitle = regexp.MustCompile(`query-name · every 200ms · (\d+) changed`)
