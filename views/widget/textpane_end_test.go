package widget

import (
	"fmt"
	"strings"
	"testing"

	"github.com/qmpdash/qmpdash/views/screentest"
)

// TestTextPaneEndBeforeLayout: an overlay calls End before tview gives
// the pane its size; the first Draw must still show the end, at the
// bottom, whole (the notices overlay once showed the last row of the last
// message at the top and nothing else).
func TestTextPaneEndBeforeLayout(t *testing.T) {
	var src LineSlice
	for i := range 30 {
		src = append(src, Line{{Text: fmt.Sprintf("message %02d %s", i, strings.Repeat("x", 30))}})
	}
	for _, wrap := range []bool{false, true} {
		p := NewTextPane().SetSource(src).SetWrap(wrap)
		p.SetBorder(false)
		p.End()
		p.SetRect(0, 0, 40, 6)
		s := screentest.NewScreen(t, 40, 6)
		p.Draw(s)
		rows := screentest.Rows(s)
		screen := strings.Join(rows, "\n")
		if strings.TrimSpace(rows[5]) == "" || !strings.Contains(screen, "message 28") || !strings.Contains(screen, "message 29") {
			t.Errorf("wrap %v: the end is not at the bottom:\n%s", wrap, screen)
		}
	}
}
