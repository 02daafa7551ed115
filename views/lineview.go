package views

import (
	"github.com/gdamore/tcell/v2"
	"github.com/rivo/tview"
)

// lineView draws one styled line.
type lineView struct {
	*tview.Box
	line Line
}

// Draw renders the line.
func (v *lineView) Draw(screen tcell.Screen) {
	v.Box.DrawForSubclass(screen, v)
	x, y, width, _ := v.GetInnerRect()
	DrawLine(screen, x, y, width, v.line, 0)
}
