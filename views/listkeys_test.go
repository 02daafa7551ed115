package views

import (
	"fmt"
	"testing"

	"github.com/gdamore/tcell/v2"
	"github.com/qmpdash/qmpdash/app/send"
	"github.com/qmpdash/qmpdash/qmp/qmptest"
)

// onUI returns what get reads on the UI goroutine.
func (h *harness) onUI(get func() int) int {
	got := make(chan int, 1)
	h.d.app.QueueUpdate(func() { got <- get() })
	return <-got
}

// waitSelected waits until sel, read on the UI goroutine, is want.
func (h *harness) waitSelected(what string, sel func() int, want int) {
	h.t.Helper()
	qmptest.Eventually(h.t, fmt.Sprintf("row %d selected after %s", want, what), func() bool { return h.onUI(sel) == want })
}

// TestListKeysMoveTheKeysList checks the list keys that type no text
// move the keys overlay's list.
func TestListKeysMoveTheKeysList(t *testing.T) {
	h := startHarness(t, harnessOptions{})
	h.typeText(":keys")
	h.key(tcell.KeyEnter)
	h.waitText("Filter:")
	sel := func() int { return h.d.keys.list.selected }
	n := h.onUI(func() int { return len(h.d.keys.list.items) })
	page := h.onUI(h.d.keys.list.page)
	steps := []struct {
		key  tcell.Key
		want int
	}{
		{tcell.KeyDown, 1},
		{tcell.KeyDown, 2},
		{tcell.KeyUp, 1},
		{tcell.KeyEnd, n - 1},
		{tcell.KeyHome, 0},
		{tcell.KeyPgDn, min(page, n-1)},
		{tcell.KeyPgUp, 0},
		{tcell.KeyCtrlF, min(page, n-1)},
		{tcell.KeyCtrlB, 0},
	}
	for _, s := range steps {
		h.key(s.key)
		h.waitSelected(tcell.KeyNames[s.key], sel, s.want)
	}
}

// TestListKeysMoveTheOverviewGrid checks the list keys move through the
// overview's rows and the overview's own keys along a row.
func TestListKeysMoveTheOverviewGrid(t *testing.T) {
	names := make([]string, 16)
	for i := range names {
		names[i] = fmt.Sprintf("vm%02d", i+1)
	}
	fh := startFleet(t, names, 80, 40, send.Policy{}) // 3 tiles a row
	fh.leaveInput()
	fh.typeText("LL")
	fh.waitText("overview")
	sel := func() int { return fh.d.overview.selected }
	cols := fh.onUI(func() int { return fh.d.overview.cols })
	last := len(names) - 1
	if cols < 2 || 4*cols >= last {
		t.Fatalf("%d columns for %d tiles: a row or a page would move as far as another key", cols, len(names))
	}
	steps := []struct {
		key  string
		want int
	}{
		{"l", 1},
		{"h", 0},
		{"j", min(cols, last)},
		{"k", 0},
		{"G", last},
		{"g", 0},
	}
	for _, s := range steps {
		fh.typeText(s.key)
		fh.waitSelected(s.key, sel, s.want)
	}
	fh.key(tcell.KeyPgDn)
	fh.waitSelected("pgdn", sel, min(4*cols, last))
	fh.key(tcell.KeyHome)
	fh.waitSelected("home", sel, 0)
	fh.key(tcell.KeyEnd)
	fh.waitSelected("end", sel, last)
	fh.key(tcell.KeyPgUp)
	fh.waitSelected("pgup", sel, max(last-4*cols, 0))
}
