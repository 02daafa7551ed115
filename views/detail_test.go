package views

import (
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/qmpdash/qmpdash/keymap"
	"github.com/qmpdash/qmpdash/qmp/qmptest"
)

// eventRow matches an event's row in the event pane: a time, then its name.
func eventRow(name string) *regexp.Regexp {
	return regexp.MustCompile(`\d\d:\d\d:\d\d\.\d{3} +` + name + `\b`)
}

// A command's reply stays in the detail pane while events arrive: the
// event pane following its newest row must not take the detail over.
// Moving the event selection by hand shows the event again.
func TestDetailKeepsTheReplyWhileEventsArrive(t *testing.T) {
	h := startHarness(t, harnessOptions{reply: func(r qmptest.Request) string {
		if r.Name() == "stop" {
			return qmptest.ReplyLine(r, `{}`) + qmptest.EventLine("STOP", "")
		}
		return qmptest.ReplyLine(r, "{}")
	}})
	h.sent("stop")
	s := h.waitFor("the STOP row", func(s string) bool {
		return eventRow("STOP").MatchString(s) && strings.Contains(s, "Command stop · ok")
	})
	if strings.Contains(s, "Event STOP") {
		t.Fatalf("the STOP event took the detail pane from stop's reply:\n%s", s)
	}
	h.peer.Event("RESUME", "")
	s = h.waitFor("the RESUME row", func(s string) bool { return eventRow("RESUME").MatchString(s) })
	if !strings.Contains(s, "Command stop · ok") || strings.Contains(s, "Event RESUME") {
		t.Fatalf("a later event took the detail pane:\n%s", s)
	}
	h.press(keymap.InputLeave) // to the event pane
	h.press(keymap.ListUp)
	h.waitText("Event STOP")
}

// The event detail shows QEMU's time as a local date and time, the receive
// time and the skew between them; the time column says which clock it
// shows, and t switches it.
func TestEventDetailShowsBothClocks(t *testing.T) {
	h := startHarness(t, harnessOptions{})
	h.peer.Event("RESET", `{"guest": true}`)
	h.waitFor("the RESET row", func(s string) bool { return eventRow("RESET").MatchString(s) })
	h.press(keymap.InputLeave)
	h.press(keymap.ListTop)
	qemu := time.Unix(1700000000, 250_000).Local().Format("2006-01-02 15:04:05.000000")
	s := h.waitText("QEMU time " + qemu)
	if !regexp.MustCompile(`received \d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6} +skew \+`).MatchString(s) {
		t.Fatalf("no receive time and skew in the detail:\n%s", s)
	}
	if !strings.Contains(s, "QEMU TIME") {
		t.Fatalf("the time column does not say it shows QEMU's clock:\n%s", s)
	}
	h.press(keymap.EventTime)
	h.waitText("RECEIVED")
}
