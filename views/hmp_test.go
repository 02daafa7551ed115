package views

import (
	"strings"
	"testing"
	"time"

	"github.com/qmpdash/qmpdash/app/send"
	"github.com/qmpdash/qmpdash/app/session"
	"github.com/qmpdash/qmpdash/keymap"
	"github.com/qmpdash/qmpdash/qmp/qmptest"
)

func TestDashboardConfirmsDestructiveHMP(t *testing.T) {
	sent := make(chan string, 4)
	h := startHarness(t, harnessOptions{config: session.Config{Policy: send.Policy{Confirm: send.DefaultConfirm()}}, reply: func(r qmptest.Request) string { sent <- r.Name(); return qmptest.ReplyLine(r, `""`) }})
	h.typeText("hmp system_reset")
	h.press(keymap.InputSubmit)
	h.waitText("Send hmp system_reset to")
	h.typeText("n")
	h.waitText("not sent")
	select {
	case name := <-sent:
		t.Fatalf("%s was sent although the user said no", name)
	default:
	}
	h.press(keymap.InputSubmit)
	h.waitText("[y/N]")
	h.typeText("y")
	select {
	case name := <-sent:
		if name != "human-monitor-command" {
			t.Fatalf("sent %s", name)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("hmp system_reset was not sent after y")
	}
}

// hmpReply is what QEMU answers to "info block" (CRLF line ends), with a
// hostile escape sequence in it.
const hmpReply = `"virtio0 (#block123): /tmp/a.qcow2 (qcow2)\r\n    Attached to:      /machine/peripheral/v0\r\n    Cache mode:       writeback\u001b[31m\r\n"`

func TestDashboardShowsHMPReplyAsText(t *testing.T) {
	h := startHarness(t, harnessOptions{reply: func(r qmptest.Request) string { return qmptest.ReplyLine(r, hmpReply) }})
	h.typeText("hmp info block")
	h.press(keymap.InputSubmit)
	h.waitText("expanded")
	for _, mode := range []string{"expanded", "raw", "condensed"} {
		if mode != "expanded" {
			h.press(keymap.InputLeave)
			h.press(keymap.PaneNext) // the command pane
			h.press(keymap.ViewCycle)
		}
		h.waitText(mode)
		if mode == "raw" {
			h.waitText(`"return": "virtio0 (#block123)`)
			continue
		}
		s := h.waitText("    Attached to:      /machine/peripheral/v0")
		for _, want := range []string{"virtio0 (#block123): /tmp/a.qcow2 (qcow2) ", "    Attached to:      /machine/peripheral/v0 ", `    Cache mode:       writeback\x1b[31m `} {
			if !hasPaneLine(s, want) {
				t.Errorf("%s: no line %q:\n%s", mode, want, s)
			}
		}
		if strings.Contains(s, `\r\n`) || strings.Contains(s, `\x0d`) {
			t.Errorf("%s: the reply is shown as one escaped string:\n%s", mode, s)
		}
	}
}

// hasPaneLine reports whether a row of screen shows text at the start of a
// bordered pane, focused or not.
func hasPaneLine(screen, text string) bool {
	return strings.Contains(screen, "│"+text) || strings.Contains(screen, "║"+text)
}

func TestDashboardDecodesGuestAgentBase64(t *testing.T) {
	// "line one\r\n\x1b[31mred\n" and "oops\n", as guest-exec-status sends them.
	h := startHarness(t, harnessOptions{reply: func(r qmptest.Request) string {
		return qmptest.ReplyLine(r, `{"exitcode": 1, "exited": true, "out-data": "bGluZSBvbmUNChtbMzFtcmVkCg==", "err-data": "b29wcwo="}`)
	}})
	h.d.app.QueueUpdateDraw(func() { h.screen.SetSize(160, 80) }) // room for the whole reply
	h.typeText("!guest-exec-status pid=12")
	h.press(keymap.InputSubmit)
	for i, mode := range []string{"expanded", "raw", "condensed"} {
		if i > 0 {
			h.press(keymap.InputLeave)
			h.press(keymap.PaneNext) // the command pane
			h.press(keymap.ViewCycle)
		}
		h.waitText(mode)
		if mode == "raw" {
			s := h.waitText(`"out-data": "bGluZSBvbmUNChtbMzFtcmVkCg=="`)
			if strings.Contains(s, "decoded") {
				t.Errorf("raw shows decoded data:\n%s", s)
			}
			continue
		}
		s := h.waitText("out-data, decoded:")
		for _, want := range []string{"out-data, decoded:", "line one ", `\x1b[31mred `, "err-data, decoded:", "oops "} {
			if !hasPaneLine(s, want) {
				t.Errorf("%s: no line %q:\n%s", mode, want, s)
			}
		}
	}
}
