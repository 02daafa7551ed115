package widget

import (
	"github.com/gdamore/tcell/v2"
	"github.com/rivo/tview"
	"github.com/rivo/uniseg"
)

// LineSource feeds a TextPane. The pane asks only for the lines it shows
// (and, for End, the total), so a source can render lazily.
type LineSource interface {
	// Len is the number of lines.
	Len() int
	// Lines returns up to n lines starting with line from; fewer at the end.
	Lines(from, n int) []Line
}

// LineSlice is a LineSource over lines already in memory.
type LineSlice []Line

// Len is the number of lines.
func (s LineSlice) Len() int { return len(s) }

// Lines returns up to n lines starting with line from.
func (s LineSlice) Lines(from, n int) []Line {
	from = min(max(from, 0), len(s))
	return s[from:min(from+max(n, 0), len(s))]
}

// hStep is how far one Left/Right key scrolls, in cells.
const hStep = 8

// TextPane is a scrollable, read-only view of styled lines. It draws only
// through DrawLine, so the text is never parsed for tview tags or sent to
// the terminal with its control characters. Without wrapping, long lines
// scroll sideways; with wrapping they continue on the next rows.
//
// Keys: j/k/Up/Down scroll a row, PgUp/PgDn a page, g/G/Home/End go to the
// top and bottom, h/l/Left/Right scroll sideways. Its methods are for the
// UI goroutine only.
type TextPane struct {
	*tview.Box
	src  LineSource
	wrap bool
	top  panePos // the first row shown
	left int     // cells scrolled off to the left; 0 while wrapping
	// drawn is set by the first Draw. Before it the pane's size may not be
	// known yet, so End is done again then (endOnDraw) unless the view
	// moved in between.
	drawn, endOnDraw bool
}

// panePos is a row of the pane's content: a line, and the row within it
// when the line is wrapped.
type panePos struct{ line, row int }

// NewTextPane returns an empty pane with a border.
func NewTextPane() *TextPane {
	p := &TextPane{Box: tview.NewBox(), src: LineSlice(nil)}
	p.SetBorder(true)
	return p
}

// SetSource shows src from its top.
func (p *TextPane) SetSource(src LineSource) *TextPane {
	if src == nil {
		src = LineSlice(nil)
	}
	p.src, p.top, p.left, p.endOnDraw = src, panePos{}, 0, false
	return p
}

// UpdateSource replaces the source with a newer version of the same text
// (a live view's row, refreshed), keeping the scroll position; Draw
// copes with a source that shrank.
func (p *TextPane) UpdateSource(src LineSource) *TextPane {
	if src == nil {
		src = LineSlice(nil)
	}
	p.src = src
	return p
}

// SetWrap turns wrapping of long lines on or off.
func (p *TextPane) SetWrap(wrap bool) *TextPane {
	p.wrap, p.top.row, p.left = wrap, 0, 0
	return p
}

// SetSafeTitle sets the border title to s shown literally: tview parses
// titles for tags, so s is made Safe, cut to maxTitleRunes and escaped for
// tview.
func (p *TextPane) SetSafeTitle(s string) *TextPane {
	p.SetTitle(SafeTitle(s))
	return p
}

// SafeTitle makes s fit to be a box title shown literally: Safe, cut to
// maxTitleRunes and escaped for tview's tag parser.
func SafeTitle(s string) string {
	s = Safe(s)
	n := 0
	for i := range s {
		if n == maxTitleRunes-1 {
			s = s[:i] + "…"
			break
		}
		n++
	}
	return tview.Escape(s)
}

// maxTitleRunes keeps a title from a server short: tview parses the title
// again on every frame, and no border is this wide.
const maxTitleRunes = 256

// Draw draws the visible rows.
func (p *TextPane) Draw(screen tcell.Screen) {
	p.Box.DrawForSubclass(screen, p)
	x, y, width, height := p.GetInnerRect()
	if width <= 0 || height <= 0 {
		return
	}
	if p.endOnDraw {
		p.End()
	}
	p.drawn, p.endOnDraw = true, false
	lines := p.src.Lines(p.top.line, height)
	if len(lines) == 0 && p.top.line > 0 { // the source shrank
		p.End()
		lines = p.src.Lines(p.top.line, height)
	}
	row := 0
	for i, line := range lines {
		starts := p.rowStarts(line, width)
		first := 0
		if i == 0 {
			first = min(p.top.row, len(starts)-1)
		}
		for _, skip := range starts[first:] {
			if row == height {
				return
			}
			DrawLine(screen, x, y+row, width, line, skip+p.left)
			row++
		}
	}
}

// Scroll moves the view by delta rows, down when positive, stopping when
// the last row reaches the bottom or the first the top.
func (p *TextPane) Scroll(delta int) {
	p.endOnDraw = false
	_, _, width, height := p.GetInnerRect()
	if delta < 0 {
		p.top = p.back(p.top, -delta, width)
		return
	}
	ahead := p.rowsAhead(p.top, delta+height, width)
	if move := min(delta, len(ahead)-height); move > 0 {
		p.top = ahead[move]
	}
}

// Page scrolls by a page less one row, down for a positive direction.
func (p *TextPane) Page(direction int) {
	_, _, _, height := p.GetInnerRect()
	p.Scroll(direction * max(height-1, 1))
}

// TopLine is the index of the line the pane shows at its top.
func (p *TextPane) TopLine() int { return p.top.line }

// Home shows the first row, scrolled fully left.
func (p *TextPane) Home() { p.top, p.left, p.endOnDraw = panePos{}, 0, false }

// End shows the last row at the bottom. It needs the source's Len. On a
// pane never drawn it is done again at the first Draw, with the pane's
// real size.
func (p *TextPane) End() {
	p.endOnDraw = !p.drawn
	n := p.src.Len()
	if n == 0 {
		p.top = panePos{}
		return
	}
	_, _, width, height := p.GetInnerRect()
	last := p.src.Lines(n-1, 1)
	rows := 1
	if len(last) == 1 {
		rows = len(p.rowStarts(last[0], width))
	}
	p.top = p.back(panePos{n - 1, rows - 1}, max(height-1, 0), width)
}

// ScrollHorizontal moves the view delta cells right (left when negative),
// no further than the widest visible line needs. Wrapped panes do not
// scroll sideways.
func (p *TextPane) ScrollHorizontal(delta int) {
	if p.wrap {
		return
	}
	_, _, width, height := p.GetInnerRect()
	widest := 0
	for _, line := range p.src.Lines(p.top.line, height) {
		widest = max(widest, line.Width())
	}
	p.left = min(max(p.left+delta, 0), max(widest-width, 0))
}

// InputHandler handles the scrolling keys.
func (p *TextPane) InputHandler() func(event *tcell.EventKey, setFocus func(p tview.Primitive)) {
	return p.WrapInputHandler(func(ev *tcell.EventKey, _ func(tview.Primitive)) {
		key := ev.Key()
		if key == tcell.KeyRune {
			key = runeKeys[ev.Rune()]
		}
		switch key {
		case tcell.KeyDown:
			p.Scroll(1)
		case tcell.KeyUp:
			p.Scroll(-1)
		case tcell.KeyPgDn:
			p.Page(1)
		case tcell.KeyPgUp:
			p.Page(-1)
		case tcell.KeyHome:
			p.Home()
		case tcell.KeyEnd:
			p.End()
		case tcell.KeyRight:
			p.ScrollHorizontal(hStep)
		case tcell.KeyLeft:
			p.ScrollHorizontal(-hStep)
		}
	})
}

// runeKeys are the vi-style letters, as the special keys they stand for.
var runeKeys = map[rune]tcell.Key{
	'j': tcell.KeyDown, 'k': tcell.KeyUp,
	'g': tcell.KeyHome, 'G': tcell.KeyEnd,
	'h': tcell.KeyLeft, 'l': tcell.KeyRight,
}

// MouseHandler scrolls with the wheel and takes focus on a click.
func (p *TextPane) MouseHandler() func(action tview.MouseAction, event *tcell.EventMouse, setFocus func(p tview.Primitive)) (consumed bool, capture tview.Primitive) {
	return p.WrapMouseHandler(func(action tview.MouseAction, event *tcell.EventMouse, setFocus func(p tview.Primitive)) (bool, tview.Primitive) {
		if !p.InRect(event.Position()) {
			return false, nil
		}
		switch action {
		case tview.MouseScrollDown:
			p.Scroll(3)
		case tview.MouseScrollUp:
			p.Scroll(-3)
		case tview.MouseLeftClick:
			setFocus(p)
		default:
			return false, nil
		}
		return true, nil
	})
}

// rowStarts is where each row of line starts, in cells from the line's
// start: one row unless wrapping.
func (p *TextPane) rowStarts(line Line, width int) []int {
	if !p.wrap {
		return []int{0}
	}
	return wrapStarts(line, width)
}

// rowsAhead lists up to limit rows starting at pos.
func (p *TextPane) rowsAhead(pos panePos, limit, width int) []panePos {
	var out []panePos
	for i, line := range p.src.Lines(pos.line, limit) { // each line is a row at least
		first, rows := 0, len(p.rowStarts(line, width))
		if i == 0 {
			first = pos.row
		}
		for r := first; r < rows; r++ {
			if len(out) == limit {
				return out
			}
			out = append(out, panePos{pos.line + i, r})
		}
	}
	return out
}

// back is the row n rows above pos, or the first row.
func (p *TextPane) back(pos panePos, n, width int) panePos {
	from := max(pos.line-n, 0)
	above := p.src.Lines(from, pos.line-from)
	for n > 0 {
		switch {
		case pos.row > 0:
			pos.row--
		case pos.line > from && pos.line-from-1 < len(above):
			pos.line--
			pos.row = len(p.rowStarts(above[pos.line-from], width)) - 1
		default:
			return pos
		}
		n--
	}
	return pos
}

// wrapStarts breaks line into rows of at most width cells, between
// grapheme clusters, as DrawLine will draw them.
func wrapStarts(line Line, width int) []int {
	starts := []int{0}
	col, rowStart := 0, 0
	for _, sp := range line {
		text, state := Safe(sp.Text), -1
		for text != "" {
			var w int
			_, text, w, state = uniseg.FirstGraphemeClusterInString(text, state)
			if col+w-rowStart > width && col > rowStart {
				rowStart = col
				starts = append(starts, col)
			}
			col += w
		}
	}
	return starts
}
