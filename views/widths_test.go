package views

import (
	"strings"
	"testing"

	"github.com/gdamore/tcell/v2"
	"github.com/qmpdash/qmpdash/keymap"
	"github.com/qmpdash/qmpdash/qmp/qmptest"
	"github.com/rivo/uniseg"
)

// TestFilterOverlayKeepsItsBorderAndColumns sends event names with wide
// characters and zero-width joiners: in the filter overlay the counts stay
// under COUNT and the right border stays whole.
func TestFilterOverlayKeepsItsBorderAndColumns(t *testing.T) {
	h := startHarness(t, harnessOptions{})
	names := []string{strings.Repeat("事", 40), "A\u200dB\u200dC_JOINED", "👩\u200d💻_CODER", "PLAIN"}
	for _, n := range names {
		h.peer.Write(qmptest.EventLine(n, ""))
	}
	h.waitFor("the events", func(string) bool { return h.s.Events.Len() == len(names) })
	h.press(keymap.InputLeave) // to the event pane
	h.press(keymap.FilterEdit)
	s := h.waitText("Event filter")
	cells := h.cells()
	top, left, right := cells.find("╔"), -1, -1
	for x := range cells.width {
		switch cells.at(x, top) {
		case "╔":
			left = x
		case "╗":
			right = x
		}
	}
	header := -1
	for y := top + 1; cells.at(left, y) != "╚"; y++ {
		if cells.at(left, y) != "║" || cells.at(right, y) != "║" || uniseg.StringWidth(cells.at(right-1, y)) > 1 {
			t.Errorf("row %d lost the overlay's border:\n%s", y, s)
		}
		if header < 0 && strings.HasPrefix(cells.text(left+1, y, 5), "EVENT") {
			header = y
		}
	}
	if header < 0 {
		t.Fatalf("no stats table:\n%s", s)
	}
	count := left + 1 + 32
	if cells.text(count, header, 5) != "COUNT" {
		t.Fatalf("COUNT is not 32 cells in:\n%s", s)
	}
	for y := header + 1; y <= header+len(names); y++ {
		if cells.at(count, y) != "1" || cells.at(count-1, y) != " " {
			t.Errorf("row %d: the count is not under COUNT:\n%s", y, s)
		}
	}
}

// screenCells is a snapshot of the screen's cells.
type screenCells struct {
	cells         []tcell.SimCell
	width, height int
}

// cells reads the screen on the UI goroutine.
func (h *harness) cells() screenCells {
	got := make(chan screenCells, 1)
	h.d.app.QueueUpdateDraw(func() {})
	h.d.app.QueueUpdate(func() {
		h.screen.Show()
		c, w, ht := h.screen.GetContents()
		got <- screenCells{c, w, ht}
	})
	return <-got
}

// at is the text of the cell at x, y.
func (s screenCells) at(x, y int) string {
	if x < 0 || y < 0 || x >= s.width || y >= s.height {
		return ""
	}
	return string(s.cells[y*s.width+x].Runes)
}

// text joins n cells from x, y.
func (s screenCells) text(x, y, n int) string {
	var b strings.Builder
	for i := range n {
		b.WriteString(s.at(x+i, y))
	}
	return b.String()
}

// find is the first row holding a cell with text c, or -1.
func (s screenCells) find(c string) int {
	for y := range s.height {
		for x := range s.width {
			if s.at(x, y) == c {
				return y
			}
		}
	}
	return -1
}
