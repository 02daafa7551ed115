package views

import (
	"strings"
	"testing"

	"github.com/qmpdash/qmpdash/keymap"
	"github.com/qmpdash/qmpdash/qmp/qmptest"
)

// TestLiveCompletionPopup types blockdev-backup device= and Tab: the
// node names and devices the VM reports come into the popup, marked live,
// once the automatic requests are answered; typing narrows them.
func TestLiveCompletionPopup(t *testing.T) {
	h := startHarness(t, harnessOptions{reply: func(r qmptest.Request) string {
		switch r.Name() {
		case "query-named-block-nodes":
			return qmptest.ReplyLine(r, `[{"node-name":"disk0","drv":"qcow2"},{"node-name":"file0","drv":"file"}]`)
		case "query-block":
			return qmptest.ReplyLine(r, `[{"device":"","qdev":"vd0","inserted":{"node-name":"disk0"}}]`)
		}
		return qmptest.ReplyLine(r, "{}")
	}})
	h.typeText("blockdev-backup device=")
	h.press(keymap.InputComplete)
	s := h.waitFor("the live values in the popup", func(s string) bool {
		return strings.Contains(s, "disk0") && strings.Contains(s, "file0") && strings.Contains(s, "vd0")
	})
	if !strings.Contains(s, "live · block device") {
		t.Errorf("no live marker in the popup:\n%s", s)
	}
	h.typeText("fi")
	h.waitFor("the popup narrowed", func(s string) bool {
		return strings.Contains(s, "file0") && !strings.Contains(s, "vd0")
	})
	h.press(keymap.InputComplete) // one candidate left: moves, then Enter takes it
	h.press(keymap.InputSubmit)
	h.waitText("> blockdev-backup device=file0")
}
