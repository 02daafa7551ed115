package views

import (
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/gdamore/tcell/v2"
	"github.com/qmpdash/qmpdash/views/widget"
	"github.com/rivo/tview"
)

// countingScreen counts the cells written to it (the diff screen writes
// with Put only).
type countingScreen struct {
	tcell.SimulationScreen
	writes int
}

func (c *countingScreen) Put(x, y int, str string, style tcell.Style) (string, int) {
	c.writes++
	return c.SimulationScreen.Put(x, y, str, style)
}

func newSimScreen(t *testing.T, w, h int) tcell.SimulationScreen {
	s := tcell.NewSimulationScreen("UTF-8")
	if err := s.Init(); err != nil {
		t.Fatal(err)
	}
	s.SetSize(w, h)
	return s
}

// drawOp is one write of a frame.
type drawOp func(s tcell.Screen)

// randomFrame is a frame as tview draws one: a clear, blanks over areas,
// then writes of every kind, among them wide characters (and blanks over
// their halves), combining marks, zero-width clusters, emoji with
// modifiers, styles missing a colour (tcell.ColorNone keeps the cell's),
// a fill, writes off the screen, and reads of what is drawn so far.
func randomFrame(rng *rand.Rand, w, h int) []drawOp {
	styles := []tcell.Style{
		tcell.StyleDefault,
		tcell.StyleDefault.Background(tcell.ColorNavy),
		tcell.StyleDefault.Foreground(tcell.ColorRed),
		tcell.StyleDefault.Foreground(tcell.ColorNone).Background(tcell.ColorGreen),
		tcell.StyleDefault.Foreground(tcell.ColorYellow).Background(tcell.ColorNone),
		tcell.StyleDefault.Bold(true),
	}
	texts := []string{" ", "a", "hello world", "世界", "e\u0301", "\u0301x", "👍🏽 ok", "─┐", "", "a b"}
	runes := []rune{' ', ' ', ' ', 'x', '世', '─', 0x301}
	ops := []drawOp{func(s tcell.Screen) { s.Clear() }}
	if rng.IntN(8) == 0 {
		st := styles[rng.IntN(len(styles))]
		ops = append(ops, func(s tcell.Screen) { s.Fill('.', st) })
	}
	for range 1 + rng.IntN(3) {
		x0, y0, st := rng.IntN(w), rng.IntN(h), styles[rng.IntN(len(styles))]
		ops = append(ops, func(s tcell.Screen) {
			for y := y0; y < h; y++ {
				for x := x0; x < w; x++ {
					s.SetContent(x, y, ' ', nil, st)
				}
			}
		})
	}
	for range 30 {
		x, y := rng.IntN(w+2)-1, rng.IntN(h+1)
		st, text, r := styles[rng.IntN(len(styles))], texts[rng.IntN(len(texts))], runes[rng.IntN(len(runes))]
		switch rng.IntN(6) {
		case 0:
			ops = append(ops, func(s tcell.Screen) { s.SetContent(x, y, r, nil, st) })
		case 1:
			ops = append(ops, func(s tcell.Screen) { s.SetContent(x, y, 'e', []rune{0x301}, st) })
		case 2:
			ops = append(ops, func(s tcell.Screen) { s.Put(x, y, text, st) })
		case 3:
			ops = append(ops, func(s tcell.Screen) { s.PutStrStyled(x, y, text, st) })
		case 4:
			ops = append(ops, func(s tcell.Screen) { s.SetCell(x, y, st, []rune(text)...) })
		case 5:
			ops = append(ops, func(s tcell.Screen) { s.PutStr(x, y, text) })
		}
	}
	return ops
}

// sameCells fails unless tcell holds the same cells in a and b: the
// cells it draws from. (What the simulation screen shows may differ: it
// does not redraw a cell a wide character stopped hiding.)
func sameCells(t *testing.T, frame int, a, b tcell.SimulationScreen) {
	t.Helper()
	aw, ah := a.Size()
	if bw, bh := b.Size(); aw != bw || ah != bh {
		t.Fatalf("frame %d: sizes %dx%d and %dx%d", frame, aw, ah, bw, bh)
	}
	for y := range ah {
		for x := range aw {
			as, ast, awd := a.Get(x, y)
			bs, bst, bwd := b.Get(x, y)
			if as != bs || ast != bst || awd != bwd {
				t.Fatalf("frame %d: tcell holds %q %v %d at (%d,%d) through the diff screen, %q %v %d drawn directly",
					frame, as, ast, awd, x, y, bs, bst, bwd)
			}
		}
	}
}

func TestDiffScreenLeavesWhatDrawingDirectlyLeaves(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	direct, under := newSimScreen(t, 20, 5), newSimScreen(t, 20, 5)
	diff := &diffScreen{Screen: &countingScreen{SimulationScreen: under}}
	w, h := 20, 5
	for frame := range 400 {
		if frame%50 == 49 { // resized
			w, h = 10+rng.IntN(20), 2+rng.IntN(6)
			direct.SetSize(w, h)
			under.SetSize(w, h)
		}
		for i, op := range randomFrame(rng, w, h) {
			op(direct)
			op(diff)
			if i%7 == 0 { // a read mid-frame sees what was drawn so far
				x, y := rng.IntN(w), rng.IntN(h)
				ds, dst, dw := direct.Get(x, y)
				gs, gst, gw := diff.Get(x, y)
				if ds != gs || dst != gst || dw != gw {
					t.Fatalf("frame %d: (%d,%d) reads %q %v %d through the diff screen, %q %v %d directly",
						frame, x, y, gs, gst, gw, ds, dst, dw)
				}
				// tview reads with GetContent: the same cell as runes.
				if p, c, st, w := diff.GetContent(x, y); string(p)+string(c) != ds || st != dst || w != dw {
					t.Fatalf("frame %d: (%d,%d) GetContent reads %q%q %v %d, want %q %v %d",
						frame, x, y, p, c, st, w, ds, dst, dw)
				}
			}
		}
		direct.Show()
		diff.Show()
		sameCells(t, frame, under, direct)
	}
}

func TestDiffScreenGivesTcellOnlyTheChangedCells(t *testing.T) {
	under := &countingScreen{SimulationScreen: newSimScreen(t, 20, 5)}
	diff := &diffScreen{Screen: under}
	frame := func(text string) int {
		under.writes = 0
		diff.Clear()
		for y := range 5 {
			for x := range 20 {
				diff.SetContent(x, y, ' ', nil, tcell.StyleDefault.Background(tcell.ColorNavy))
			}
		}
		diff.PutStrStyled(2, 2, text, tcell.StyleDefault)
		diff.Show()
		return under.writes
	}
	if n := frame("hello"); n != 100 {
		t.Errorf("the first frame gave tcell %d cells, want all 100", n)
	}
	if n := frame("hello"); n != 0 {
		t.Errorf("the same frame again gave tcell %d cells, want 0", n)
	}
	if n := frame("hallo"); n != 1 {
		t.Errorf("a frame changing one letter gave tcell %d cells, want 1", n)
	}
	under.SetSize(21, 5)
	if n := frame("hallo"); n != 105 {
		t.Errorf("the first frame after a resize gave tcell %d cells, want all 105", n)
	}
}

// BenchmarkFrameDraw draws a 200x80 frame laid out as the dashboard's
// panes are (pages over a flex of bordered text panes full of text),
// directly on a simulation screen and through the diff screen.
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
		{"diff", func(s tcell.Screen) tcell.Screen { return &diffScreen{Screen: s} }},
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

// Writing before any Clear (the copy is sized on first use) lands.
func TestDiffScreenTakesWritesBeforeAnyClear(t *testing.T) {
	under := newSimScreen(t, 10, 2)
	diff := &diffScreen{Screen: under}
	diff.PutStrStyled(1, 1, "hi", tcell.StyleDefault)
	diff.Show()
	if s, _, _ := under.Get(2, 1); s != "i" {
		t.Errorf("cell (2,1) holds %q, want i", s)
	}
}
