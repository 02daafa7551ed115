package views

import (
	"strings"
	"testing"

	"github.com/gdamore/tcell/v2"
	"github.com/qmpdash/qmpdash/keymap"
)

// TestFilterEditorCompletesEventNames types in the event filter editor:
// Tab completes the word under the cursor with the schema's event names,
// after a '!' too; with several candidates a popup opens, Enter takes one
// and Esc closes it while the editor stays; Enter then applies the filter.
func TestFilterEditorCompletesEventNames(t *testing.T) {
	h := startHarness(t, harnessOptions{})
	h.press(keymap.InputLeave) // to the event pane
	h.press(keymap.FilterEdit)
	h.waitText("Event filter")
	h.typeText("STOP !RTC_CH")
	h.key(tcell.KeyTab)
	h.waitText("Filter: STOP !RTC_CHANGE")
	h.typeText(" BLOCK_JOB_")
	h.key(tcell.KeyTab)
	s := h.waitText("BLOCK_JOB_COMPLETED")
	if !strings.Contains(s, "BLOCK_JOB_READY") || !strings.Contains(s, "event") {
		t.Fatalf("the popup lacks the other BLOCK_JOB_ events:\n%s", s)
	}
	h.key(tcell.KeyEscape) // closes the popup, not the editor
	h.waitFor("the popup closed", func(s string) bool {
		return !strings.Contains(s, "BLOCK_JOB_COMPLETED") && strings.Contains(s, "Event filter")
	})
	h.typeText("CAN")
	h.key(tcell.KeyTab)
	h.waitText("Filter: STOP !RTC_CHANGE BLOCK_JOB_CANCELLED")
	h.typeText(" DEVICE_")
	h.key(tcell.KeyTab)
	h.waitText("DEVICE_TRAY_MOVED")
	h.key(tcell.KeyEnter) // takes the first candidate, the editor stays
	s = h.waitText("Filter: STOP !RTC_CHANGE BLOCK_JOB_CANCELLED DEVICE_DELETED")
	if !strings.Contains(s, "Event filter") {
		t.Fatalf("Enter on a candidate closed the editor:\n%s", s)
	}
	h.key(tcell.KeyEnter)
	h.waitFor("the filter applied", func(s string) bool { return !strings.Contains(s, "Event filter") })
	if got := h.d.currentEventLog().Filter().String(); got != "STOP BLOCK_JOB_CANCELLED DEVICE_DELETED !RTC_CHANGE" {
		t.Fatalf("filter %q", got)
	}
}
