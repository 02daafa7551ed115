package views

import (
	"strings"
	"testing"

	"github.com/gdamore/tcell/v2"
	"github.com/qmpdash/qmpdash/views/widget"
	"github.com/rivo/tview"
)

// countingScreen counts the cells written to it with SetContent.
type countingScreen struct {
	tcell.SimulationScreen
	writes int
}

func (c *countingScreen) SetContent(x, y int, primary rune, combining []rune, style tcell.Style) {
	c.writes++
	c.SimulationScreen.SetContent(x, y, primary, combining, style)
}

func newSimScreen(t *testing.T, w, h int) tcell.SimulationScreen {
	s := tcell.NewSimulationScreen("UTF-8")
	if err := s.Init(); err != nil {
		t.Fatal(err)
	}
	s.SetSize(w, h)
	return s
}

// drawLikeTview draws as tview does: a clear, boxes filling their areas
// with blanks, then content, some of it blanks over characters, over
// half of a wide one, and after Put and PutStrStyled.
func drawLikeTview(s tcell.Screen, w, h int) {
	a, b := tcell.StyleDefault.Background(tcell.ColorNavy), tcell.StyleDefault.Foreground(tcell.ColorRed)
	s.Clear()
	for y := range h {
		for x := range w {
			s.SetContent(x, y, ' ', nil, tcell.StyleDefault)
			s.SetContent(x, y, ' ', nil, a)
		}
	}
	s.SetContent(3, 1, '世', nil, a)
	s.SetContent(4, 1, ' ', nil, a)
	s.Put(6, 2, "x", a)
	s.SetContent(6, 2, ' ', nil, a)
	s.PutStrStyled(0, 3, "hello", b)
	s.SetContent(1, 3, ' ', nil, a)
	s.SetCell(8, 0, b, 'y')
	s.SetContent(8, 0, ' ', nil, a)
}

func TestBlankSkippingScreenDrawsWhatTcellDraws(t *testing.T) {
	raw, under := newSimScreen(t, 20, 5), newSimScreen(t, 20, 5)
	counted := &countingScreen{SimulationScreen: under}
	wrapped := &blankSkippingScreen{Screen: counted}
	for _, size := range [][2]int{{20, 5}, {20, 5}, {25, 6}} {
		raw.SetSize(size[0], size[1])
		under.SetSize(size[0], size[1])
		counted.writes = 0
		drawLikeTview(raw, size[0], size[1])
		drawLikeTview(wrapped, size[0], size[1])
		rc, rw, rh := raw.GetContents()
		wc, ww, wh := under.GetContents()
		if rw != ww || rh != wh {
			t.Fatalf("sizes %dx%d and %dx%d", rw, rh, ww, wh)
		}
		for i := range rc {
			if string(rc[i].Runes) != string(wc[i].Runes) || rc[i].Style != wc[i].Style {
				t.Fatalf("%dx%d: cell (%d,%d) is %q %v through the wrapper, %q %v drawn directly",
					size[0], size[1], i%rw, i/rw, wc[i].Runes, wc[i].Style, rc[i].Runes, rc[i].Style)
			}
		}
		// The default-style blanks over the clear are dropped; the styled
		// ones and the writes after content are not.
		if cells := size[0] * size[1]; counted.writes > cells+6 {
			t.Errorf("%d cells written for a %d-cell frame: the repeated blanks went through", counted.writes, cells)
		}
	}
}

// BenchmarkFrameDraw draws a 200x80 frame laid out as the dashboard's
// panes are (pages over a flex of bordered text panes full of text),
// directly on a simulation screen and through the blank-skipping screen.
func BenchmarkFrameDraw(b *testing.B) {
	lines := make(widget.LineSlice, 100)
	for i := range lines {
		lines[i] = widget.Line{{Text: strings.Repeat("query-jobs 12.3 ms ok ", 3), Style: tcell.StyleDefault}}
	}
	pane := func() *widget.TextPane {
		p := widget.NewTextPane().SetSource(lines)
		p.SetBorder(true)
		return p
	}
	top := tview.NewFlex().AddItem(pane(), 0, 1, false).AddItem(pane(), 0, 1, false)
	body := tview.NewFlex().SetDirection(tview.FlexRow).AddItem(top, 0, 3, false).AddItem(pane(), 0, 2, false)
	pages := tview.NewPages().AddPage("main", body, true, true)
	pages.SetRect(0, 0, 200, 80)
	for _, c := range []struct {
		name string
		wrap func(tcell.Screen) tcell.Screen
	}{
		{"direct", func(s tcell.Screen) tcell.Screen { return s }},
		{"skipping", func(s tcell.Screen) tcell.Screen { return &blankSkippingScreen{Screen: s} }},
	} {
		b.Run(c.name, func(b *testing.B) {
			sim := tcell.NewSimulationScreen("UTF-8")
			if err := sim.Init(); err != nil {
				b.Fatal(err)
			}
			sim.SetSize(200, 80)
			screen := c.wrap(sim)
			for b.Loop() {
				screen.Clear()
				pages.Draw(screen)
				screen.Show()
			}
		})
	}
}
