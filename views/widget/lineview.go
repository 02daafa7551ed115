package widget

import (
	"github.com/gdamore/tcell/v2"
	"github.com/rivo/tview"
)

// LineView draws one styled line: the Line it holds when it is drawn.
type LineView struct {
	*tview.Box
	Line Line
}

// NewLineView is an empty LineView.
func NewLineView() *LineView { return &LineView{Box: tview.NewBox()} }

// Draw renders the line.
func (v *LineView) Draw(screen tcell.Screen) {
	v.Box.DrawForSubclass(screen, v)
	x, y, width, _ := v.GetInnerRect()
	DrawLine(screen, x, y, width, v.Line, 0)
}
