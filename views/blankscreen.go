package views

import "github.com/gdamore/tcell/v2"

// blankSkippingScreen is the dashboard's screen with tview's repeated
// blank fills made cheap. tview clears the whole screen before each frame,
// then every box fills its area with blanks again before drawing into it:
// most cells get the same blank two or three times. A blank written over
// the same blank changes nothing, so it is dropped here, before tcell,
// whose SetContent costs far more than the check (with 64 VMs and a live
// view, about a third of a frame). Every other write goes through and
// forgets what the cells it may touch held.
type blankSkippingScreen struct {
	tcell.Screen
	width, height int
	// blank[i] is the style of the blank cell i holds; held[i] says it
	// holds one.
	blank []tcell.Style
	held  []bool
	// initErr is what Init returned (tview's SetScreen does not say).
	initErr error
}

// Init sets the screen up, keeping its error.
func (s *blankSkippingScreen) Init() error {
	s.initErr = s.Screen.Init()
	return s.initErr
}

// Clear blanks the screen with the default style, as tcell does.
func (s *blankSkippingScreen) Clear() { s.Fill(' ', tcell.StyleDefault) }

// Fill fills the screen; a blank fill is remembered cell by cell.
func (s *blankSkippingScreen) Fill(r rune, style tcell.Style) {
	s.Screen.Fill(r, style)
	s.width, s.height = s.Screen.Size()
	if n := s.width * s.height; len(s.held) != n {
		s.blank, s.held = make([]tcell.Style, n), make([]bool, n)
	}
	for i := range s.held {
		s.blank[i], s.held[i] = style, r == ' '
	}
}

// SetContent writes a cell unless it is a blank the cell holds already.
func (s *blankSkippingScreen) SetContent(x, y int, primary rune, combining []rune, style tcell.Style) {
	i, ok := s.index(x, y)
	if ok && primary == ' ' && len(combining) == 0 {
		if s.held[i] && s.blank[i] == style {
			return
		}
		s.Screen.SetContent(x, y, primary, combining, style)
		s.blank[i], s.held[i] = style, true
		return
	}
	s.Screen.SetContent(x, y, primary, combining, style)
	s.forget(x, y, 2) // a wide character takes the next cell too
}

// Put writes one character cluster.
func (s *blankSkippingScreen) Put(x, y int, str string, style tcell.Style) (string, int) {
	rest, width := s.Screen.Put(x, y, str, style)
	s.forget(x, y, max(width, 1)+1)
	return rest, width
}

// PutStrStyled writes a string from x to the right.
func (s *blankSkippingScreen) PutStrStyled(x, y int, str string, style tcell.Style) {
	s.Screen.PutStrStyled(x, y, str, style)
	s.forget(x, y, s.width-x)
}

// PutStr writes a string in the default style.
func (s *blankSkippingScreen) PutStr(x, y int, str string) {
	s.PutStrStyled(x, y, str, tcell.StyleDefault)
}

// SetCell writes a cell.
func (s *blankSkippingScreen) SetCell(x, y int, style tcell.Style, ch ...rune) {
	s.Screen.SetCell(x, y, style, ch...)
	s.forget(x, y, 2)
}

// forget drops what is known of n cells from (x, y) on its row.
func (s *blankSkippingScreen) forget(x, y, n int) {
	for c := max(x, 0); c < x+n && c < s.width; c++ {
		if i, ok := s.index(c, y); ok {
			s.held[i] = false
		}
	}
}

// index is cell (x, y)'s place in the arrays, as of the last Fill; false
// off the screen or before the first Fill.
func (s *blankSkippingScreen) index(x, y int) (int, bool) {
	if x < 0 || y < 0 || x >= s.width || y >= s.height {
		return 0, false
	}
	return y*s.width + x, true
}
