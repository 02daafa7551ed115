package views

import (
	"fmt"

	"github.com/gdamore/tcell/v2"
	"github.com/rivo/tview"
)

// RowSource feeds a ListPane. Row positions count from the oldest row
// still held; only the visible window is ever asked for.
type RowSource interface {
	Len() int
	// Rows renders rows [from, from+n) for a pane of the given width.
	Rows(from, n, width int) []Line
}

// ListPane is a scrollable, selectable list of rows drawn straight from a
// RowSource, so a history of a million rows costs only its visible window.
// It follows the newest row until the user scrolls up; then it stays put
// and counts the rows that arrived meanwhile.
type ListPane struct {
	*tview.Box
	src    RowSource
	theme  Theme
	header Line
	title  string

	selected int
	top      int
	follow   bool
	seen     int // rows known when the user stopped following
	height   int
	onSelect func(index int)
}

// NewListPane shows src under a header line.
func NewListPane(src RowSource, header Line, th Theme) *ListPane {
	p := &ListPane{Box: tview.NewBox(), src: src, theme: th, header: header, follow: true, selected: -1}
	p.SetBorder(true)
	return p
}

// SetTitleText sets the pane's title; server text in it is made inert.
func (p *ListPane) SetTitleText(s string) { p.title = s }

// SetSelectedFunc is called with the selected row whenever it changes.
func (p *ListPane) SetSelectedFunc(f func(index int)) { p.onSelect = f }

// Selected returns the selected row, -1 when the list is empty.
func (p *ListPane) Selected() int { return p.selected }

// NewRows counts rows that arrived while the user was scrolled up.
func (p *ListPane) NewRows() int {
	if p.follow {
		return 0
	}
	return max(0, p.src.Len()-p.seen)
}

// Move shifts the selection by delta rows; moving stops following.
func (p *ListPane) Move(delta int) {
	n := p.src.Len()
	if n == 0 {
		return
	}
	if p.follow {
		p.follow, p.seen = false, n
	}
	p.selectRow(min(max(p.selected+delta, 0), n-1))
	if p.selected == n-1 && delta > 0 {
		p.Bottom()
	}
}

// Page moves by one screen of rows, up for a negative direction.
func (p *ListPane) Page(direction int) { p.Move(direction * max(p.height-1, 1)) }

// Top selects the first row and stops following.
func (p *ListPane) Top() {
	if p.src.Len() > 0 {
		p.follow, p.seen = false, p.src.Len()
		p.selectRow(0)
	}
}

// Bottom selects the newest row and follows new ones again.
func (p *ListPane) Bottom() {
	p.follow = true
	p.selectRow(p.src.Len() - 1)
}

func (p *ListPane) selectRow(i int) {
	if i == p.selected {
		return
	}
	p.selected = i
	if p.onSelect != nil && i >= 0 {
		p.onSelect(i)
	}
}

// Draw renders the header, the visible rows and the status line.
func (p *ListPane) Draw(screen tcell.Screen) {
	title := p.title
	if u, ok := p.src.(usageSource); ok {
		title += evictionNote(u.Usage())
	}
	if n := p.NewRows(); n > 0 {
		title += fmt.Sprintf(" — %d new (G to follow)", n)
	}
	p.Box.SetTitle(" " + tview.Escape(Safe(title)) + " ")
	p.Box.DrawForSubclass(screen, p)
	x, y, width, height := p.GetInnerRect()
	if width <= 0 || height <= 1 {
		return
	}
	DrawLine(screen, x, y, width, p.header, 0)
	y, height = y+1, height-1
	p.height = height
	n := p.src.Len()
	if p.follow {
		p.selectRow(n - 1)
	}
	if p.selected >= n {
		p.selectRow(n - 1)
	}
	p.scrollTo(n, height)
	rows := p.src.Rows(p.top, min(height, n-p.top), width)
	for i, line := range rows {
		if p.top+i == p.selected {
			style := p.theme.Selected
			if !p.HasFocus() {
				style = p.theme.SelectedUnfocused
			}
			fill(screen, x, y+i, width, style)
			line = restyle(line, style)
		}
		DrawLine(screen, x, y+i, width, line, 0)
	}
}

// scrollTo keeps the selected row inside the window.
func (p *ListPane) scrollTo(n, height int) {
	if p.selected < p.top {
		p.top = max(p.selected, 0)
	}
	if p.selected >= p.top+height {
		p.top = p.selected - height + 1
	}
	p.top = max(0, min(p.top, n-height))
}

// restyle lays the selection style over a row, keeping its attributes.
func restyle(line Line, sel tcell.Style) Line {
	out := make(Line, len(line))
	for i, s := range line {
		out[i] = Span{Text: s.Text, Style: sel}
	}
	return out
}

// fill paints a row's width with a style.
func fill(screen tcell.Screen, x, y, width int, style tcell.Style) {
	for i := 0; i < width; i++ {
		screen.SetContent(x+i, y, ' ', nil, style)
	}
}
