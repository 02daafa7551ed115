package widget

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

// KeyedSource is a RowSource whose rows keep an identity while older rows
// are evicted: a pane that does not follow holds its selection by key, so
// the row under the cursor stays the same row.
type KeyedSource interface {
	RowSource
	// Key identifies row i; ok is false when there is no such row.
	Key(i int) (key uint64, ok bool)
	// Locate returns the position of the row with key, else of the first
	// row after it, and whether the row is still there.
	Locate(key uint64) (pos int, exact bool)
	// Lost is what the pane says when its selected row is gone.
	Lost() string
}

// NotedSource is a RowSource with something to add to the pane's title,
// such as what its history let go.
type NotedSource interface {
	RowSource
	TitleNote() string
}

// ListPane is a scrollable, selectable list of rows drawn straight from a
// RowSource, so a history of a million rows costs only its visible window.
// It follows the newest row until the user scrolls up; then it stays put
// and counts the rows that arrived meanwhile.
type ListPane struct {
	*tview.Box
	src    RowSource
	theme  Theme
	header func(width int) Line
	title  string

	selected int
	top      int
	follow   bool
	seen     int // rows known when the user stopped following
	height   int
	// key identifies the selected row of a KeyedSource (keyed set), and
	// lost says the row went and the cursor moved to the oldest one kept.
	key   uint64
	keyed bool
	lost  bool
	// table makes the pane a table whose rows change in place rather than
	// a log that grows: no count of new rows (SetTable).
	table    bool
	onSelect func(index int, byUser bool)
}

// NewListPane shows src under a header line, which header renders for the
// pane's width (narrow panes drop columns).
func NewListPane(src RowSource, header func(width int) Line, th Theme) *ListPane {
	p := &ListPane{Box: tview.NewBox(), src: src, theme: th, header: header, follow: true, selected: -1}
	p.SetBorder(true)
	return p
}

// SetSource shows src under header instead, as when a pane switches to
// another log; the selection and scroll position stay as they are.
func (p *ListPane) SetSource(src RowSource, header func(width int) Line) {
	p.src, p.header = src, header
}

// SetTitleText sets the pane's title; server text in it is made inert.
func (p *ListPane) SetTitleText(s string) { p.title = s }

// SetSelectedFunc is called with the selected row whenever it changes:
// byUser is false when the pane moved by itself, following a new row.
func (p *ListPane) SetSelectedFunc(f func(index int, byUser bool)) { p.onSelect = f }

// Selected returns the selected row, -1 when the list is empty.
func (p *ListPane) Selected() int {
	p.resolve()
	return p.selected
}

// SetTable makes the pane show a table whose rows change in place (a
// live view), not a log that grows: the title counts no new rows.
func (p *ListPane) SetTable() { p.table = true }

// NewRows counts rows that arrived while the user was scrolled up.
func (p *ListPane) NewRows() int {
	if p.follow || p.table {
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
	p.resolve()
	p.selectRow(min(max(p.selected+delta, 0), n-1), true)
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
		p.selectRow(0, true)
	}
}

// Bottom selects the newest row and follows new ones again.
func (p *ListPane) Bottom() {
	p.follow = true
	p.selectRow(p.src.Len()-1, true)
}

func (p *ListPane) selectRow(i int, byUser bool) {
	if byUser {
		p.lost = false
	}
	// Once rows are evicted, the same position may hold another row.
	oldKey, oldPos := p.key, p.selected
	p.selected = i
	p.holdKey()
	if i == oldPos && p.key == oldKey {
		return
	}
	if p.onSelect != nil && i >= 0 {
		p.onSelect(i, byUser)
	}
}

// holdKey notes the selected row's key, if the source has keys.
func (p *ListPane) holdKey() {
	if ks, ok := p.src.(KeyedSource); ok {
		p.key, p.keyed = ks.Key(p.selected)
	}
}

// resolve moves the selection, and the window with it, to where the held
// row is now: rows before it may have been evicted. If it was evicted
// itself, the cursor goes to the oldest row kept and the pane says so.
// Rows go on being evicted meanwhile, so the position may already be
// past the end: it is cut there, but the key holds on to the row.
func (p *ListPane) resolve() {
	ks, ok := p.src.(KeyedSource)
	if !ok || p.follow || !p.keyed {
		return
	}
	pos, exact := ks.Locate(p.key)
	pos = min(pos, p.src.Len()-1)
	if pos < 0 {
		return
	}
	p.top += pos - p.selected
	p.selected = pos
	if !exact {
		p.lost = true
		p.holdKey()
	}
}

// Draw renders the header, the visible rows and the status line.
func (p *ListPane) Draw(screen tcell.Screen) {
	p.resolve()
	title := p.title
	if ks, ok := p.src.(KeyedSource); ok && p.lost {
		title += " — " + ks.Lost()
	}
	if ns, ok := p.src.(NotedSource); ok {
		title += ns.TitleNote()
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
	DrawLine(screen, x, y, width, p.header(width), 0)
	y, height = y+1, height-1
	p.height = height
	n := p.src.Len()
	switch {
	case p.follow, p.selected >= n && !p.keyed:
		p.selectRow(n-1, false)
	case p.selected >= n: // evicted since resolve: the key still holds the row
		p.selected = n - 1
	}
	p.scrollTo(n, height)
	rows := p.src.Rows(p.top, min(height, n-p.top), width)
	for i, line := range rows {
		if p.top+i == p.selected {
			style := p.theme.Selected
			if !p.HasFocus() {
				style = p.theme.SelectedUnfocused
			}
			FillRow(screen, x, y+i, width, style)
			line = line.Restyle(style)
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

// Restyle lays the selection style over a row, keeping its text.
func (l Line) Restyle(sel tcell.Style) Line {
	out := make(Line, len(l))
	for i, s := range l {
		out[i] = Span{Text: s.Text, Style: sel}
	}
	return out
}

// FillRow paints a row's width with a style.
func FillRow(screen tcell.Screen, x, y, width int, style tcell.Style) {
	for i := 0; i < width; i++ {
		screen.SetContent(x+i, y, ' ', nil, style)
	}
}
