package views

import (
	"regexp"
	"strings"
	"testing"

	"github.com/gdamore/tcell/v2"
	"github.com/qmpdash/qmpdash/app/send"
	"github.com/qmpdash/qmpdash/keymap"
)

// The dashboard at 80×24, the smallest terminal it is meant for. Each test
// logs the screen it checks.

// The help overlay fits the screen, border and all, and scrolls to its end.
func TestSmallScreenHelpFitsAndScrolls(t *testing.T) {
	fh := startFleet(t, []string{"vm1"}, 80, 24, send.Policy{})
	fh.leaveInput()
	fh.press(keymap.Help)
	s := fh.waitText("Keys═")
	rows := strings.Split(s, "\n")
	top, bottom := -1, -1
	for i, r := range rows {
		if top < 0 && strings.Contains(r, "Keys═") {
			top = i
		}
		if top >= 0 && bottom < 0 && i > top && strings.HasPrefix(strings.TrimLeft(r, " "), "╚") {
			bottom = i
		}
	}
	if top < 0 || bottom < 0 || !strings.HasSuffix(strings.TrimRight(rows[top], " "), "╗") {
		t.Fatalf("the help box does not fit 80×24 (top %d, bottom %d):\n%s", top, bottom, s)
	}
	if !strings.Contains(s, "show all messages (they fade") || !regexp.MustCompile(`(?m)^║ +from the status bar\)`).MatchString(s) {
		t.Fatalf("a description is cut at 80 columns:\n%s", s)
	}
	fh.key(tcell.KeyEnd)
	s = fh.waitText("closes this help")
	t.Logf("help at 80×24, scrolled to its end:\n%s", s)
}

// A 4-VM split at 80×24 shows each VM's event names and data and its
// command names.
func TestSmallScreenSplitShowsNamesAndData(t *testing.T) {
	names := []string{"web1", "web2", "db1", "db2"}
	fh := startFleet(t, names, 80, 24, send.Policy{})
	for _, name := range names {
		fh.peers[name].Event("RESUME", `{"vm": "`+name+`x"}`)
	}
	fh.leaveInput()
	fh.press(keymap.VMMarkAll) // mark all
	fh.typeText(":query-name")
	fh.press(keymap.InputSubmit)
	fh.waitFor("query-name everywhere", func(string) bool {
		for _, n := range names {
			if len(fh.received(n)) != 1 {
				return false
			}
		}
		return true
	})
	fh.leaveInput()
	fh.typeText("*L") // unmark all, split
	s := fh.waitText("split")
	for _, name := range names {
		s = fh.waitFor(name+"'s event data", func(s string) bool { return strings.Contains(s, name+"x") })
	}
	for _, want := range []string{"RESUME", "query-name"} {
		if n := strings.Count(s, want); n < len(names) {
			t.Fatalf("%q shows %d times, want once per VM:\n%s", want, n, s)
		}
	}
	t.Logf("4-VM split at 80×24:\n%s", s)
}

// The detail pane at 80×24 shows a command's reply, not only its request.
func TestSmallScreenDetailShowsTheReply(t *testing.T) {
	fh := startFleet(t, []string{"vm1"}, 80, 24, send.Policy{})
	fh.typeText("query-name")
	fh.press(keymap.InputSubmit)
	fh.waitText("Command query-name · ok")
	s := fh.waitFor("the reply in the detail pane", func(s string) bool {
		return strings.Contains(s, "← reply") && strings.Contains(s, `"vm": "vm1"`)
	})
	t.Logf("a command's reply at 80×24:\n%s", s)
}

// A launched QEMU that wrote nothing on stderr takes no rows for it at
// 80×24; once it writes, the pane shows.
func TestSmallScreenEmptyStderrTakesNoRows(t *testing.T) {
	fh, _ := startLaunched(t, 80, 24)
	screen := fh.waitText("prelaunch")
	if strings.Contains(screen, "QEMU stderr") {
		t.Fatalf("an empty stderr pane takes rows at 80×24:\n%s", screen)
	}
	fh.typeText("quit") // QEMU ends: how it ended shows
	fh.press(keymap.InputSubmit)
	t.Logf("after quit:\n%s", fh.waitText("QEMU stderr · pid"))
}
