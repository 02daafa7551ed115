package views

import (
	"sync/atomic"
	"testing"
	"time"

	"github.com/gdamore/tcell/v2"
	"github.com/qmpdash/qmpdash/qmp/qmptest"
)

// A dashboard with nothing changing draws nothing: the redraw loop
// sleeps until a store rings. An event then makes a frame at once.
func TestQuietDashboardDrawsNoFrameUntilSomethingChanges(t *testing.T) {
	h := startHarness(t, harnessOptions{})
	h.waitText("● connected")
	var frames atomic.Int32
	h.d.app.QueueUpdate(func() {
		h.d.app.SetAfterDrawFunc(func(s tcell.Screen) {
			frames.Add(1)
			h.d.drawPopup(s)
		})
	})
	// The start-up notices fade first: their fading is a frame.
	h.waitFor("the start-up notices faded", func(string) bool {
		n, ok := h.s.Notices.Latest()
		return !ok || time.Since(n.Time) > noticeLifetime+frameInterval
	})
	time.Sleep(100 * time.Millisecond)
	frames.Store(0)
	time.Sleep(time.Second)
	if n := frames.Load(); n != 0 {
		t.Fatalf("%d frames in a second with nothing changing, want none", n)
	}
	h.peer.Write(qmptest.EventLine("RTC_CHANGE", `{"offset": 1}`))
	h.waitText("RTC_CHANGE")
	if frames.Load() == 0 {
		t.Fatal("the event showed with no frame counted")
	}
}
