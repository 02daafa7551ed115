package views

import (
	"fmt"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/gdamore/tcell/v2"
	"github.com/qmpdash/qmpdash/keymap"
	"github.com/qmpdash/qmpdash/qmp/qmptest"
	"github.com/tidwall/gjson"
)

// qomFakeTree is the QOM tree fake QEMUs answer qom-list from, by path.
var qomFakeTree = map[string]string{
	"/": `[{"name":"type","type":"string"},{"name":"machine","type":"child<pc-q35-7.2-machine>"},` +
		`{"name":"objects","type":"child<container>"}]`,
	"/machine": `[{"name":"type","type":"string"},{"name":"unattached","type":"child<container>"},` +
		`{"name":"smm","type":"OnOffAuto"},{"name":"boot-cpu","type":"link<x86_64-cpu>"}]`,
	"/machine/unattached":           `[{"name":"device[0]","type":"child<qemu64-x86_64-cpu>"}]`,
	"/machine/unattached/device[0]": `[{"name":"apic-id","type":"uint32"}]`,
	"/objects":                      `[]`,
}

// qomFakeValues are the qom-get answers, by "path property".
var qomFakeValues = map[string]string{
	"/ type":                                `"container"`,
	"/machine type":                         `"pc-q35-7.2-machine"`,
	"/machine smm":                          `"auto"`,
	"/machine boot-cpu":                     `"/machine/unattached/device[0]"`,
	"/machine/unattached/device[0] apic-id": `0`,
}

// qomFakeReply answers qom-list and qom-get from the fake tree; false for
// other commands.
func qomFakeReply(r qmptest.Request) (string, bool) {
	path := gjson.GetBytes(r.Arguments, "path").String()
	ret, ok := "", false
	switch r.Name() {
	case "qom-list":
		ret, ok = qomFakeTree[path]
	case "qom-get":
		ret, ok = qomFakeValues[path+" "+gjson.GetBytes(r.Arguments, "property").String()]
	default:
		return "", false
	}
	if !ok {
		return fmt.Sprintf(`{"error": {"class": "GenericError", "desc": "no %s"}, "id": %s}`+"\r\n", path, r.ID), true
	}
	return qmptest.ReplyLine(r, ret), true
}

// startQOMHarness runs a dashboard on the fake tree and counts the
// qom-list requests.
func startQOMHarness(t *testing.T) (*harness, *atomic.Int32) {
	var lists atomic.Int32
	h := startHarness(t, harnessOptions{reply: func(r qmptest.Request) string {
		if r.Name() == "qom-list" {
			lists.Add(1)
		}
		if line, ok := qomFakeReply(r); ok {
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
	h.press(keymap.QOMDown) // the first row under /machine: unattached
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
