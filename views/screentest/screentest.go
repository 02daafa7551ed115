// Package screentest holds what tests need to look at a terminal screen:
// a simulation screen, its rows as text, the cells that could steer a real
// terminal, and golden files rewritten under -update. Tests import it;
// the program never does.
package screentest

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gdamore/tcell/v2"
	"github.com/rivo/uniseg"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata from the current output")

// NewScreen is an initialised simulation screen of the given size, closed
// when the test ends.
func NewScreen(t testing.TB, width, height int) tcell.SimulationScreen {
	t.Helper()
	s := tcell.NewSimulationScreen("UTF-8")
	if err := s.Init(); err != nil {
		t.Fatal(err)
	}
	s.SetSize(width, height)
	s.Clear()
	t.Cleanup(s.Fini)
	return s
}

// Rows is the screen's rows as strings after Show, one cell after
// another; the cell a wide rune covers on its right is not repeated.
func Rows(s tcell.SimulationScreen) []string {
	s.Show()
	cells, width, height := s.GetContents()
	rows := make([]string, height)
	for y := range height {
		var sb strings.Builder
		for x := 0; x < width; x++ {
			c := cells[y*width+x]
			if len(c.Runes) == 0 {
				sb.WriteByte(' ')
			}
			sb.WriteString(string(c.Runes))
			if uniseg.StringWidth(string(c.Runes)) == 2 {
				x++
			}
		}
		rows[y] = sb.String()
	}
	return rows
}

// ControlCells lists the cells holding a rune that could steer a terminal.
func ControlCells(s tcell.SimulationScreen) []string {
	s.Show()
	cells, width, _ := s.GetContents()
	var bad []string
	for i, c := range cells {
		for _, r := range c.Runes {
			if r < 0x20 || (r >= 0x7f && r < 0xa0) {
				bad = append(bad, fmt.Sprintf("(%d,%d) %q", i%width, i/width, string(c.Runes)))
			}
		}
	}
	return bad
}

// CheckGolden compares rows (trailing blanks trimmed) with
// testdata/name.golden, rewriting the file under -update.
func CheckGolden(t *testing.T, name string, rows []string) {
	t.Helper()
	Golden(t, filepath.Join("testdata", name+".golden"), TrimRows(rows))
}

// TrimRows joins rows into lines without their trailing blanks.
func TrimRows(rows []string) string {
	var sb strings.Builder
	for _, r := range rows {
		sb.WriteString(strings.TrimRight(r, " ") + "\n")
	}
	return sb.String()
}

// Golden compares got with the file at path, or rewrites the file under
// -update. A mismatch lists the rows that differ, then all of got.
func Golden(t *testing.T, path, got string) {
	t.Helper()
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("screen differs from %s (go test -update rewrites it)\n%s--- got\n%s", path, rowDiff(string(want), got), got)
	}
}

// rowDiff lists the rows where want and got differ, numbered from 1.
func rowDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	var b strings.Builder
	for i := range max(len(w), len(g)) {
		var wr, gr string
		if i < len(w) {
			wr = w[i]
		}
		if i < len(g) {
			gr = g[i]
		}
		if wr != gr {
			fmt.Fprintf(&b, "row %d\n  want %q\n  got  %q\n", i+1, wr, gr)
		}
	}
	return b.String()
}
