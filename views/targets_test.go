package views

import (
	"strings"
	"testing"

	"github.com/qmpdash/qmpdash/app/send"
	"github.com/qmpdash/qmpdash/keymap"
)

// inputRow is the screen's input line: the third row from the bottom.
func inputRow(screen string) string {
	rows := strings.Split(screen, "\n")
	return rows[len(rows)-3]
}

// While VMs are marked, the input line's prompt names where a line goes,
// whichever VM is in front.
func TestPromptNamesTheMarkedVMs(t *testing.T) {
	fh := startFleet(t, []string{"src", "dst", "other"}, 160, 40, send.Policy{})
	fh.leaveInput()
	fh.typeText(" ] ")      // mark src and dst; dst in front
	fh.press(keymap.VMNext) // other in front
	fh.waitText("Events · other")
	fh.press(keymap.FocusInput)
	s := fh.waitFor("the prompt naming src and dst", func(s string) bool { return strings.HasPrefix(inputRow(s), "→ src,dst > ") })
	fh.typeText("query-name")
	fh.press(keymap.InputSubmit)
	fh.waitFor("query-name at src and dst", func(string) bool {
		return len(fh.received("src")) == 1 && len(fh.received("dst")) == 1
	})
	if got := fh.received("other"); len(got) != 0 {
		t.Fatalf("other, in front but not marked, got %v; prompt was %q", got, inputRow(s))
	}
	fh.leaveInput()
	fh.press(keymap.VMMarkAll) // all marked
	fh.press(keymap.VMMarkAll) // none
	fh.press(keymap.FocusInput)
	fh.waitFor("the plain prompt", func(s string) bool { return strings.HasPrefix(inputRow(s), "> ") })
}

// Marking for broadcast does not choose the split layout's VMs; pinning
// does.
func TestSplitShowsPinnedVMsNotMarkedOnes(t *testing.T) {
	fh := startFleet(t, []string{"a1", "b2", "c3", "d4", "e5"}, 200, 40, send.Policy{})
	fh.leaveInput()
	fh.typeText("]] ]] ")   // mark c3 and e5; e5 in front
	fh.press(keymap.VMNext) // a1 in front
	fh.press(keymap.LayoutCycle)
	s := fh.waitText("split")
	for _, name := range []string{"a1", "b2", "c3", "d4"} {
		if !strings.Contains(s, "Events · "+name) {
			t.Fatalf("split without pins should show a1 and the next three, lacks %s:\n%s", name, s)
		}
	}
	fh.typeText("[P")  // pin e5
	fh.typeText("[[P") // pin c3
	fh.typeText("]]]") // a1 in front
	// Wait for the last key's frame (a1 in front): an earlier one, with
	// e5 in front and pinned alone, shows a1 and c3 too.
	s = fh.waitFor("a1 in front, c3 and e5 side by side", func(s string) bool {
		return strings.Contains(statusBar(s), " a1 ") && strings.Contains(s, "Events · a1") && strings.Contains(s, "Events · c3") && strings.Contains(s, "Events · e5")
	})
	if strings.Contains(s, "Events · b2") || strings.Contains(s, "Events · d4") {
		t.Fatalf("split shows VMs that are not pinned:\n%s", s)
	}
}

// A read-only VM says so in the status bar and in its tab of the strip.
func TestReadOnlyBadge(t *testing.T) {
	fh := startFleet(t, []string{"prod", "test"}, 160, 40, send.Policy{ReadOnly: true})
	s := fh.waitStatus("READ-ONLY")
	if top := strings.Split(s, "\n")[0]; strings.Count(top, "READ-ONLY") != 2 {
		t.Fatalf("the strip does not badge both read-only VMs: %q", top)
	}
}
