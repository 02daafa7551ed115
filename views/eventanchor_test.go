package views

import (
	"fmt"
	"strings"
	"testing"

	"github.com/qmpdash/qmpdash/app/session"
	"github.com/qmpdash/qmpdash/app/store"
	"github.com/qmpdash/qmpdash/keymap"
	"github.com/qmpdash/qmpdash/qmp/qmptest"
)

// smallRing keeps only 100 events, so that a test wraps the ring with a
// few hundred.
var smallRing = session.Config{EventLimits: store.Limits{Count: 100}}

// flood has the server send events EV_from … EV_(from+n-1) in one write,
// and waits until the session has taken them all.
func (h *harness) flood(from, n int) {
	h.t.Helper()
	var b strings.Builder
	for i := from; i < from+n; i++ {
		b.WriteString(qmptest.EventLine(fmt.Sprintf("EV_%d", i), fmt.Sprintf(`{"n": %d}`, i)))
	}
	h.peer.Write(b.String())
	h.waitFor(fmt.Sprintf("%d events", from+n), func(string) bool {
		return uint64(h.s.Events.Len())+h.s.Events.Evicted() == uint64(from+n)
	})
}

// A paused event view shows the same rows, and m acts on the same event,
// after the ring wrapped under it.
func TestPausedEventViewHoldsItsRowsWhenTheRingWraps(t *testing.T) {
	h := startHarness(t, harnessOptions{config: smallRing})
	h.flood(0, 60)
	h.waitText("EV_59")
	h.press(keymap.InputLeave)
	h.typeText("kkkkk")
	h.waitText("Event EV_54")
	h.press(keymap.EventsPause)
	before := rowsOf(h.waitStatus("PAUSED"), 1, 20) // below the title, which counts evictions
	h.flood(60, 60)                                 // 20 evicted
	s := h.waitStatus("old events: 20 evicted")
	if after := rowsOf(s, 1, 20); after != before {
		t.Fatalf("the paused view moved when the ring wrapped\n--- before\n%s\n--- after\n%s", before, after)
	}
	h.press(keymap.EventMute)
	h.waitStatus("filter: !EV_54")
}

// When the selected event itself is evicted, the pane says so and the
// cursor stays on the oldest event kept.
func TestSelectedEventEvictedIsSaid(t *testing.T) {
	h := startHarness(t, harnessOptions{config: smallRing})
	h.flood(0, 60)
	h.waitText("EV_59")
	h.press(keymap.InputLeave)
	h.press(keymap.ListTop)
	h.typeText(strings.Repeat("j", 10))
	h.waitText("Event EV_10")
	h.flood(60, 60) // EV_0 … EV_19 evicted
	h.waitText("selected event evicted")
	h.press(keymap.EventOnly)
	h.waitStatus("filter: EV_20")
}
