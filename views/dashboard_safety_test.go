package views

import (
	"strings"
	"testing"

	"github.com/gdamore/tcell/v2"
	"github.com/qmpdash/qmpdash/keymap"
	"github.com/qmpdash/qmpdash/qmp/qmptest"
	"github.com/qmpdash/qmpdash/views/screentest"
	"github.com/qmpdash/qmpdash/views/widget"
)

// hostile holds the injection strings of TESTING.md as JSON string bodies
// (control characters \u-escaped, as a server must send them, and one raw
// invalid UTF-8 byte).
var hostile = []string{
	`[red]x[-]`, `[\"region\"]`, `[::b]`, `\u001b[31mred`, `\u001b]52;c;aGVsbG8=\u0007`,
	`\u009bc`, `nul\u0000byte`, "bad\xffutf8",
}

func hostileObject() string {
	var b strings.Builder
	b.WriteString("{")
	for i, h := range hostile {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(`"k` + string(rune('a'+i)) + `": "` + h + `"`)
	}
	b.WriteString(`, "big": "` + strings.Repeat("A", 1<<20) + `"`)
	b.WriteString(`, "deep": ` + strings.Repeat("[", 1000) + strings.Repeat("]", 1000) + "}")
	return b.String()
}

// controlCellsUI reads the screen for control runes on the UI goroutine.
func (h *harness) controlCells() []string {
	got := make(chan []string, 1)
	h.d.app.QueueUpdate(func() { got <- screentest.ControlCells(h.screen) })
	return <-got
}

func TestDashboardWithoutColour(t *testing.T) {
	mono := widget.MonoTheme()
	h := startHarness(t, harnessOptions{theme: &mono})
	h.peer.Write(qmptest.EventLine("STOP", `{"a": 1, "b": "x", "c": true, "d": null}`))
	h.waitText("STOP")
	h.press(keymap.InputLeave)
	h.waitText("╔")
	done := make(chan struct{})
	var coloured []string
	reverse := 0
	h.d.app.QueueUpdate(func() {
		defer close(done)
		h.screen.Show()
		cells, width, _ := h.screen.GetContents()
		for i, c := range cells {
			fg, bg, attr := c.Style.Decompose()
			if fg != tcell.ColorDefault || bg != tcell.ColorDefault {
				coloured = append(coloured, string(c.Runes))
			}
			if attr&tcell.AttrReverse != 0 && i/width == 2 {
				reverse++
			}
		}
	})
	<-done
	if len(coloured) > 0 {
		t.Fatalf("%d cells have colour under NO_COLOR, e.g. %q", len(coloured), coloured[0])
	}
	if reverse == 0 {
		t.Fatal("the selected row is not visible without colour (no reverse video)")
	}
}
