package views

import (
	"strings"

	"github.com/gdamore/tcell/v2"
	"github.com/rivo/uniseg"
)

// diffScreen is the dashboard's screen, drawn in a copy of its cells and
// handed to tcell only where a frame changed them. tview clears the whole
// screen before each frame, every box fills its area with blanks again,
// and every pane draws all its text anew, while from one frame to the
// next most cells stay as they were: with 64 VMs and a live view, tcell
// was given 34,000 blanks a frame, each made into a string and parsed as
// a grapheme cluster, to change perhaps 2,000 cells. Here a write costs a
// store into the copy (printable ASCII is not even parsed), and Show
// gives tcell the cells that differ from what it was last given, so tcell
// ends each frame holding exactly what drawing into it directly would
// have left.
type diffScreen struct {
	tcell.Screen
	width, height int
	// cells is the frame being drawn; given is what tcell holds.
	cells, given []shadowCell
	// clusters interns the clusters that are not one ASCII character, so
	// that the copy holds no piece of a caller's (maybe huge) string and
	// compares them by pointer mostly.
	clusters map[string]string
	// initErr is what Init returned (tview's SetScreen does not say).
	initErr error
}

// shadowCell is one cell as tcell holds it: a character cluster (with
// any zero-width clusters before it), its style and its width.
type shadowCell struct {
	str   string
	style tcell.Style
	width int
}

// unknownCell is what the copy of tcell's cells holds where it does not
// know them: no write makes it, so the next Show gives the cell anew.
var unknownCell = shadowCell{width: -1}

// maxClusters bounds the interned clusters; the table starts over when
// full.
const maxClusters = 4096

// asciiCells are the one-character strings of ASCII.
var asciiCells = func() (s [128]string) {
	for i := range s {
		s[i] = string(rune(i))
	}
	return s
}()

// Init sets the screen up, keeping its error.
func (s *diffScreen) Init() error {
	s.initErr = s.Screen.Init()
	return s.initErr
}

// Clear blanks the screen with the default style, as tcell does.
func (s *diffScreen) Clear() { s.Fill(' ', tcell.StyleDefault) }

// Fill fills the screen with r, a missing colour in style keeping each
// cell's, as tcell does.
func (s *diffScreen) Fill(r rune, style tcell.Style) {
	s.fit()
	str := s.intern(string(r))
	for i := range s.cells {
		c := &s.cells[i]
		c.str, c.style, c.width = str, inherit(style, c.style), 1
	}
}

// Show gives tcell the cells the frame changed, then shows them.
func (s *diffScreen) Show() {
	s.give()
	s.Screen.Show()
}

// Sync gives tcell the cells the frame changed, then redraws them all.
func (s *diffScreen) Sync() {
	s.give()
	s.Screen.Sync()
}

// give writes to tcell every cell that differs from what it holds.
func (s *diffScreen) give() {
	for i := range s.cells {
		if c := s.cells[i]; c != s.given[i] {
			s.Screen.Put(i%s.width, i/s.width, c.str, c.style)
			s.given[i] = c
		}
	}
}

// fit sizes the copy to the screen; on a change every cell is unknown.
func (s *diffScreen) fit() {
	w, h := s.Screen.Size()
	if w == s.width && h == s.height && len(s.cells) == w*h {
		return
	}
	s.width, s.height = w, h
	s.cells, s.given = make([]shadowCell, w*h), make([]shadowCell, w*h)
	for i := range s.given {
		s.given[i] = unknownCell
	}
}

// Put writes the first character cluster of str at (x, y), with the
// zero-width clusters before it, and returns the rest of str and the
// cluster's width, as tcell does.
func (s *diffScreen) Put(x, y int, str string, style tcell.Style) (string, int) {
	i, ok := s.index(x, y)
	if !ok {
		return str, 0
	}
	cl, rest, width := s.firstCluster(str)
	c := &s.cells[i]
	c.str, c.style, c.width = cl, inherit(style, c.style), width
	return rest, width
}

// firstCluster splits str after its first cluster of some width (a
// printable ASCII character without parsing).
func (s *diffScreen) firstCluster(str string) (cl, rest string, width int) {
	if str != "" && str[0] >= ' ' && str[0] < 0x7f && (len(str) == 1 || str[1] < 0x80) {
		return asciiCells[str[0]], str[1:], 1
	}
	start, state := str, -1
	for width == 0 && str != "" {
		var g string
		if g, str, width, state = uniseg.FirstGraphemeClusterInString(str, state); g == "" {
			break
		}
	}
	return s.intern(start[:len(start)-len(str)]), str, width
}

// intern returns a copy of cl that the table shares.
func (s *diffScreen) intern(cl string) string {
	if len(cl) == 1 && cl[0] < 0x80 {
		return asciiCells[cl[0]]
	}
	if got, ok := s.clusters[cl]; ok {
		return got
	}
	if len(s.clusters) >= maxClusters || s.clusters == nil {
		s.clusters = map[string]string{}
	}
	cl = strings.Clone(cl)
	s.clusters[cl] = cl
	return cl
}

// inherit gives style's missing colours (tcell.ColorNone) those of the
// cell's style was, as tcell does.
func inherit(style, was tcell.Style) tcell.Style {
	if style == was {
		return style
	}
	fg, bg, _ := style.Decompose()
	if fg != tcell.ColorNone && bg != tcell.ColorNone {
		return style
	}
	wasFg, wasBg, _ := was.Decompose()
	if fg == tcell.ColorNone {
		style = style.Foreground(wasFg)
	}
	if bg == tcell.ColorNone {
		style = style.Background(wasBg)
	}
	return style
}

// SetContent writes a cell.
func (s *diffScreen) SetContent(x, y int, primary rune, combining []rune, style tcell.Style) {
	if len(combining) == 0 && primary >= ' ' && primary < 0x7f { // most writes: the boxes' blanks
		if i, ok := s.index(x, y); ok {
			c := &s.cells[i]
			c.str, c.style, c.width = asciiCells[primary], inherit(style, c.style), 1
		}
		return
	}
	s.Put(x, y, string(append([]rune{primary}, combining...)), style)
}

// PutStrStyled writes a string from x to the right, as tcell does.
func (s *diffScreen) PutStrStyled(x, y int, str string, style tcell.Style) {
	if s.cells == nil {
		s.fit()
	}
	for str != "" && x < s.width {
		var width int
		if str, width = s.Put(x, y, str, style); width == 0 {
			return
		}
		x += width
	}
}

// PutStr writes a string in the default style.
func (s *diffScreen) PutStr(x, y int, str string) {
	s.PutStrStyled(x, y, str, tcell.StyleDefault)
}

// SetCell writes a cell.
func (s *diffScreen) SetCell(x, y int, style tcell.Style, ch ...rune) {
	if len(ch) == 0 {
		ch = []rune{' '}
	}
	s.Put(x, y, string(ch), style)
}

// Get reads a cell of the frame, as tcell does.
func (s *diffScreen) Get(x, y int) (string, tcell.Style, int) {
	i, ok := s.index(x, y)
	if !ok {
		return "", tcell.StyleDefault, 0
	}
	c := s.cells[i]
	if c.width == 0 || c.str == "" {
		return " ", c.style, 1
	}
	return c.str, c.style, c.width
}

// GetContent reads a cell of the frame as runes, as tcell does.
func (s *diffScreen) GetContent(x, y int) (primary rune, combining []rune, style tcell.Style, width int) {
	str, style, width := s.Get(x, y)
	for i, r := range str {
		if i == 0 {
			primary = r
		} else {
			combining = append(combining, r)
		}
	}
	return primary, combining, style, width
}

// index is cell (x, y)'s place in the copy, sizing the copy first if no
// Clear or Fill did; false off the screen.
func (s *diffScreen) index(x, y int) (int, bool) {
	if s.cells == nil {
		s.fit()
	}
	if x < 0 || y < 0 || x >= s.width || y >= s.height {
		return 0, false
	}
	return y*s.width + x, true
}
