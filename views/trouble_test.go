package views

import (
	"regexp"
	"strings"
	"testing"

	"github.com/gdamore/tcell/v2"
	"github.com/qmpdash/qmpdash/app/send"
	"github.com/qmpdash/qmpdash/keymap"
	"github.com/qmpdash/qmpdash/views/screentest"
	"github.com/qmpdash/qmpdash/views/widget"
)

// styleAt returns the style of the first cell of the first occurrence of
// text on the screen, read on the UI goroutine.
func (h *harness) styleAt(text string) (tcell.Style, bool) {
	got := make(chan tcell.Style, 1)
	found := make(chan bool, 1)
	h.d.app.QueueUpdate(func() {
		rows := screentest.Rows(h.screen)
		cells, width, _ := h.screen.GetContents()
		for y, r := range rows {
			if i := strings.Index(r, text); i >= 0 {
				x := len([]rune(r[:i]))
				got <- cells[y*width+x].Style
				found <- true
				return
			}
		}
		got <- tcell.StyleDefault
		found <- false
	})
	return <-got, <-found
}

// Events that mean trouble are drawn in the error style, in the VM's own
// pane, in the merged stream and in the overview, and count as unread
// errors in the VM strip.
func TestTroubleEventsStandOut(t *testing.T) {
	fh := startFleet(t, []string{"alpha", "beta"}, 160, 40, send.Policy{})
	errFg, _, _ := widget.DefaultTheme().Error.Decompose()
	fh.peers["beta"].Event("BLOCK_IO_ERROR", `{"device": "beta-disk"}`)
	// alpha's events come after it in the merged stream, where the newest
	// row is selected and its selection style hides colours.
	fh.waitFor("beta's event received", func(string) bool { return fh.fleet.Session("beta").Events.Len() == 1 })
	fh.peers["alpha"].Event("SHUTDOWN", `{"guest": false, "reason": "host-signal"}`)
	fh.peers["alpha"].Event("STOP", "") // selected: the selection's style hides colours
	s := fh.waitFor("alpha's events", func(s string) bool { return eventRow("SHUTDOWN").MatchString(s) && eventRow("STOP").MatchString(s) })
	if !regexp.MustCompile(`beta [^│]*!1`).MatchString(strings.Split(s, "\n")[0]) {
		t.Fatalf("the strip does not count beta's BLOCK_IO_ERROR as unread:\n%s", strings.Split(s, "\n")[0])
	}
	check := func(where, text string, trouble bool) {
		t.Helper()
		st, ok := fh.styleAt(text)
		fg, _, _ := st.Decompose()
		if !ok || (fg == errFg) != trouble {
			t.Fatalf("%s: %q in the error colour is %v, want %v (found %v)", where, text, fg == errFg, trouble, ok)
		}
	}
	check("event pane", "SHUTDOWN ", true)
	check("event pane", "guest=false", true)
	check("event pane", "STOP ", false)
	fh.leaveInput()
	fh.press(keymap.EventsAll)
	fh.waitFor("beta's event in the merged stream", func(s string) bool { return strings.Contains(s, "beta-disk") })
	check("merged stream", "BLOCK_IO_ERROR", true)
	fh.typeText("LL")
	fh.waitText("overview")
	check("overview", "BLOCK_IO_ERROR", true)
	check("overview", "STOP", false)
}
