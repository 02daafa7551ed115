package views

import (
	"testing"

	"github.com/qmpdash/qmpdash/keymap"
	"github.com/qmpdash/qmpdash/qmp/qmptest"
)

func TestDashboardShowsSizesHumanly(t *testing.T) {
	h := startHarness(t, harnessOptions{reply: func(r qmptest.Request) string {
		return qmptest.ReplyLine(r, `{"actual": 268435456}`)
	}})
	h.peer.Write(qmptest.EventLine("BLOCK_JOB_COMPLETED", `{"device": "j0", "len": 1610612736, "offset": 1610612736, "speed": 0, "type": "commit"}`))
	h.waitText("device=j0 len=1610612736 (1.5 GiB) off") // the event row
	h.typeText("query-balloon")
	h.press(keymap.InputSubmit)
	h.waitText(`"actual": 268435456`)
	h.press(keymap.InputLeave)
	h.press(keymap.PaneNext) // the command pane
	h.typeText("vv")         // expanded → raw → condensed
	h.waitText("return.actual=268435456 (256 MiB)")
}
