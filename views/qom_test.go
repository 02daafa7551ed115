package views

import (
	"strings"
	"sync/atomic"
	"testing"

	"github.com/gdamore/tcell/v2"
	"github.com/qmpdash/qmpdash/app/qom/qomtest"
	"github.com/qmpdash/qmpdash/keymap"
	"github.com/qmpdash/qmpdash/qmp/qmptest"
)

// startQOMHarness runs a dashboard on the fake tree and counts the
// qom-list requests.
func startQOMHarness(t *testing.T) (*harness, *atomic.Int32) {
	var lists atomic.Int32
	h := startHarness(t, harnessOptions{reply: func(r qmptest.Request) string {
		if r.Name() == "qom-list" {
			lists.Add(1)
		}
		if line, ok := qomtest.Reply(r); ok {
			return line
		}
		return qmptest.ReplyLine(r, "{}")
	}})
	return h, &lists
}

// TestQOMBrowserExpandsLazily opens the browser: the root is listed once
// and its values shown; going down to /machine and expanding it lists
// that object only, and its leaves' values show as they arrive.
func TestQOMBrowserExpandsLazily(t *testing.T) {
	h, lists := startQOMHarness(t)
	h.press(keymap.InputLeave)
	h.press(keymap.QOMShow)
	h.waitText(`type  string = "container"`)
	h.waitText("▸ machine  child<pc-q35-7.2-machine>")
	if n := lists.Load(); n != 1 {
		t.Errorf("%d qom-list to open the browser, want 1", n)
	}
	h.press(keymap.QOMDown) // machine
	h.press(keymap.QOMExpand)
	h.waitText(`smm  OnOffAuto = "auto"`)
	h.waitText("▸ unattached  child<container>")
	if n := lists.Load(); n != 2 {
		t.Errorf("%d qom-list after expanding /machine, want 2", n)
	}
	h.press(keymap.QOMToggle) // collapse
	h.waitFor("/machine collapsed", func(s string) bool { return !strings.Contains(s, "smm  OnOffAuto") })
	h.press(keymap.OverlayClose)
	h.waitFor("the browser closed", func(s string) bool { return !strings.Contains(s, "QOM · ") })
}

// TestQOMBrowserFollowsSearchesAndEdits follows /machine's boot-cpu link
// to its target, searches a name, and puts qom-set for smm in the input
// line.
func TestQOMBrowserFollowsSearchesAndEdits(t *testing.T) {
	h, _ := startQOMHarness(t)
	h.typeText(":qom /machine")
	h.press(keymap.InputSubmit)
	h.waitText(`boot-cpu  link<x86_64-cpu> = "/machine/unattached/device[0]"`)
	h.press(keymap.QOMDown) // the first row under /machine: peripheral
	h.press(keymap.QOMDown) // unattached
	h.press(keymap.QOMDown) // boot-cpu: links come before other properties
	h.press(keymap.QOMFollow)
	h.waitText("QOM · /machine/unattached/device[0]")
	h.waitText("▸ device[0]  child<qemu64-x86_64-cpu>")
	h.press(keymap.QOMExpand)
	h.waitText("apic-id  uint32 = 0")

	h.press(keymap.QOMSearch)
	h.typeText("smm")
	h.waitText("/smm▏")
	h.key(tcell.KeyEnter)
	h.waitText("match 1 of 1")
	h.waitText("QOM · /machine/smm")
	h.press(keymap.QOMEdit)
	h.waitFor("qom-set in the input line", func(string) bool {
		got := make(chan string, 1)
		h.d.app.QueueUpdate(func() { got <- h.d.input.Text() })
		return <-got == "qom-set path=/machine property=smm value=auto"
	})
}
