package views

import (
	"fmt"
	"slices"
	"strconv"

	"github.com/gdamore/tcell/v2"
	"github.com/qmpdash/qmpdash/app/session"
	"github.com/qmpdash/qmpdash/app/store"
	"github.com/qmpdash/qmpdash/app/transport"
	"github.com/qmpdash/qmpdash/views/widget"
	"github.com/rivo/tview"
)

// Tile bounds of the overview grid: 64 VMs fit a 200×50 terminal as 8×8
// tiles of 25×5 cells.
const (
	minTileWidth  = 22
	minTileHeight = 5
)

// overviewGrid tiles every VM: name and mark in the border, connection and
// run state, event rate with its sparkline, counts, unread errors, and the last events (after
// the VM's own filter). One tile is selected; Enter puts its VM in front.
type overviewGrid struct {
	*tview.Box
	d        *Dashboard
	theme    widget.Theme
	selected int
	topRow   int
	cols     int // columns of the last draw, for moving up and down
	tileW    int // tile size of the last draw, for mouse clicks
	tileH    int
	buf      []store.EventEntry
	series   []float64 // reused for each tile's event-rate sparkline
}

func newOverviewGrid(d *Dashboard, th widget.Theme) *overviewGrid {
	return &overviewGrid{Box: tview.NewBox(), d: d, theme: th, cols: 1}
}

// selectVM selects the tile of s.
func (g *overviewGrid) selectVM(s *session.Session) {
	for i, x := range g.d.fleet.Sessions() {
		if x == s {
			g.selected = i
		}
	}
}

// Selected returns the selected tile's VM, nil if there is none.
func (g *overviewGrid) Selected() *session.Session {
	all := g.d.fleet.Sessions()
	if len(all) == 0 {
		return nil
	}
	return all[min(g.selected, len(all)-1)]
}

// Move moves the selection by rows (dy) and columns (dx), staying on the
// grid.
func (g *overviewGrid) Move(dx, dy int) {
	n := g.d.fleet.Len()
	g.selected = min(max(g.selected+dx+dy*g.cols, 0), max(n-1, 0))
}

// MouseHandler selects the clicked tile; a second click (or a double
// click) on the selected tile opens its VM, as Enter does.
func (g *overviewGrid) MouseHandler() func(action tview.MouseAction, event *tcell.EventMouse, setFocus func(p tview.Primitive)) (consumed bool, capture tview.Primitive) {
	return g.WrapMouseHandler(func(action tview.MouseAction, event *tcell.EventMouse, setFocus func(p tview.Primitive)) (bool, tview.Primitive) {
		x, y := event.Position()
		click := action == tview.MouseLeftClick || action == tview.MouseLeftDoubleClick
		if !click || !g.InRect(x, y) || g.tileW == 0 {
			return false, nil
		}
		setFocus(g)
		ix, iy, _, _ := g.GetInnerRect()
		col, row := (x-ix)/g.tileW, (y-iy)/g.tileH+g.topRow
		if i := row*g.cols + col; col < g.cols && i < g.d.fleet.Len() {
			if i == g.selected {
				g.d.openSelectedVM()
			}
			g.selected = i
		}
		return true, nil
	})
}

// gridShape picks the columns and tile size for n tiles in w×h cells: the
// largest tiles no smaller than the minimum, else minimum tiles (and the
// grid scrolls).
func gridShape(n, w, h int) (cols, tileW, tileH int) {
	cols, tileW, tileH = max(w/minTileWidth, 1), minTileWidth, minTileHeight
	best := 0
	for c := 1; c <= n; c++ {
		rows := (n + c - 1) / c
		tw, th := w/c, h/rows
		if tw < minTileWidth || th < minTileHeight {
			continue
		}
		if area := min(tw, 3*th) * th; area > best {
			best, cols, tileW, tileH = area, c, tw, th
		}
	}
	return cols, tileW, tileH
}

// Draw renders the tiles that fit, scrolled to keep the selection in view.
func (g *overviewGrid) Draw(screen tcell.Screen) {
	g.Box.DrawForSubclass(screen, g)
	x, y, w, h := g.GetInnerRect()
	all := g.d.fleet.Sessions()
	if len(all) == 0 {
		return
	}
	g.selected = min(g.selected, len(all)-1)
	cols, tw, th := gridShape(len(all), w, h)
	g.cols, g.tileW, g.tileH = cols, tw, th
	fit := max(h/th, 1)
	row := g.selected / cols
	g.topRow = min(max(g.topRow, row-fit+1), row)
	for i := g.topRow * cols; i < len(all) && i < (g.topRow+fit)*cols; i++ {
		r, c := i/cols-g.topRow, i%cols
		g.drawTile(screen, all[i], i, x+c*tw, y+r*th, tw, th)
	}
}

// drawTile draws one VM's tile.
func (g *overviewGrid) drawTile(screen tcell.Screen, s *session.Session, i, x, y, w, h int) {
	th := g.theme
	border := th.Dim
	if i == g.selected {
		border = th.Title.Bold(true)
	}
	drawFrame(screen, x, y, w, h, border)
	st := s.State()
	name := " " + strconv.Itoa(i+1) + " " + s.Name() + " "
	if host := transport.AddressHost(st.Addr); host != "" {
		name += "@" + host + " "
	}
	if g.d.fleet.IsMarked(s.Name()) {
		name += "* "
	}
	if g.d.pinned[s] {
		name += "^ "
	}
	if s == g.d.session {
		name += "◀ "
	}
	widget.DrawLine(screen, x+1, y, w-2, widget.Line{{Text: name, Style: border}}, 0)
	inner := w - 2
	lines := []widget.Line{g.stateLine(s, st, inner), g.counts(s)}
	room := h - 2 - len(lines)
	if room > 0 {
		n := s.Events.VisibleLen()
		g.buf = s.Events.Visible(max(n-room, 0), room, g.buf[:0])
		for _, e := range g.buf {
			style := th.Key
			if e.Trouble {
				style = th.Error.Bold(true)
			}
			lines = append(lines, widget.Line{{Text: clock(e.Received, false) + " ", Style: th.Dim}, {Text: eventLabel(e), Style: style}})
		}
	}
	for j, l := range lines[:min(len(lines), h-2)] {
		widget.DrawLine(screen, x+1, y+1+j, inner, l, 0)
	}
}

// stateLine is a tile's line of connection and run state, the mini
// progress bar of a running job or migration, event rate and,
// in the cells left of inner, a sparkline of the rate's last seconds.
func (g *overviewGrid) stateLine(s *session.Session, st session.State, inner int) widget.Line {
	th := g.theme
	l := widget.Line{{Text: stateGlyph(st) + " ", Style: connStyle(th, st)}, {Text: vmStateWord(st), Style: th.Base.Bold(true)},
		{Text: fmt.Sprintf("  %.1f/s", s.Events.Rate()), Style: th.Dim}}
	if bar := g.d.live.summary(s.Name()); bar != "" {
		l = slices.Insert(l, 2, widget.Span{Text: " " + bar, Style: th.Key})
	}
	if room := min(inner-l.Width()-1, store.RateSeriesLen); room >= minTileSpark {
		g.series = s.Events.RateSeries(g.series[:0])
		l = append(l, widget.Span{Text: " " + widget.Sparkline(g.series, room), Style: th.Key})
	}
	return l
}

// minTileSpark is the narrowest sparkline a tile draws: fewer seconds say
// nothing of a trend.
const minTileSpark = 4

// counts is a tile's line of event, command and unread-error counts.
func (g *overviewGrid) counts(s *session.Session) widget.Line {
	l := widget.Line{{Text: fmt.Sprintf("ev %d  cmd %d", s.Events.Len()+int(s.Events.Evicted()), s.Commands.Len()), Style: g.theme.Base}}
	if p := s.Commands.Pending(); p > 0 {
		l = append(l, widget.Span{Text: fmt.Sprintf("  %d pending", p), Style: g.theme.Pending})
	}
	if n := g.d.unread(s); n > 0 {
		l = append(l, widget.Span{Text: fmt.Sprintf("  !%d", n), Style: g.theme.Error.Bold(true)})
	}
	return l
}

// eventLabel is an event's name, or what a gap marker stands for.
func eventLabel(e store.EventEntry) string {
	if e.IsGap() {
		return fmt.Sprintf("(%d dropped)", e.Dropped)
	}
	return e.Name
}

// drawFrame draws a single-line box.
func drawFrame(screen tcell.Screen, x, y, w, h int, style tcell.Style) {
	if w < 2 || h < 2 {
		return
	}
	for c := x + 1; c < x+w-1; c++ {
		screen.SetContent(c, y, '─', nil, style)
		screen.SetContent(c, y+h-1, '─', nil, style)
	}
	for r := y + 1; r < y+h-1; r++ {
		screen.SetContent(x, r, '│', nil, style)
		screen.SetContent(x+w-1, r, '│', nil, style)
		for c := x + 1; c < x+w-1; c++ {
			screen.SetContent(c, r, ' ', nil, style)
		}
	}
	screen.SetContent(x, y, '┌', nil, style)
	screen.SetContent(x+w-1, y, '┐', nil, style)
	screen.SetContent(x, y+h-1, '└', nil, style)
	screen.SetContent(x+w-1, y+h-1, '┘', nil, style)
}
