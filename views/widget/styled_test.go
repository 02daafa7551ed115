package widget

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/gdamore/tcell/v2"
	"github.com/qmpdash/qmpdash/app/termtext"
	"github.com/qmpdash/qmpdash/views/screentest"
	"github.com/rivo/uniseg"
)

// injections are the strings every pane must show literally (TESTING.md).
var injections = []struct{ name, in, visible string }{
	{"color tag", "[red]x[-]", "[red]x[-]"},
	{"region tag", `["region"]`, `["region"]`},
	{"attr tag", "[::b]", "[::b]"},
	{"SGR", "\x1b[31m", `\x1b[31m`},
	{"OSC 52", "\x1b]52;c;...\x07", `\x1b]52;c;...\x07`},
	{"C1 CSI byte", "\x9b", `\x9b`},
	{"C1 CSI rune", "\u009b", `\u009b`},
	{"NUL", "\x00", `\x00`},
	{"invalid UTF-8", "a\xff\xfeb", `a\xff\xfeb`},
	{"bidi override", "a\u202eb", `a\u202eb`},
	{"bidi isolate", "\u2066x\u2069", `\u2066x\u2069`},
	{"zero width", "a\u200bb", `a\u200bb`},
}

func TestSafe(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain text", "plain text"},
		{"日本 é \ufffd", "日本 é \ufffd"},
		{"a\nb\tc\rd", `a\nb\tc\x0dd`},
		{"\x7f", `\x7f`},
		{"\u0085", `\u0085`},
		{"\xc3", `\xc3`},
	}
	for _, in := range injections {
		tests = append(tests, struct{ in, want string }{in.in, in.visible})
	}
	for _, tt := range tests {
		if got := Safe(tt.in); got != tt.want {
			t.Errorf("Safe(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// Safe and termtext.Condense must spell escapes the same way, or the same
// reply would read differently in the condensed and expanded modes.
// Condense shows text that is not JSON as one quoted string.
func TestSafeAgreesWithCondense(t *testing.T) {
	for _, in := range injections {
		s := "\x01" + in.in // never valid JSON
		quoted := `"` + strings.ReplaceAll(Safe(s), `"`, `\"`) + `"`
		if got, want := quoted, termtext.Condense([]byte(s), 0); got != want {
			t.Errorf("%s: Safe gives %s, Condense %s", in.name, got, want)
		}
	}
}

func TestSafeCleanDoesNotCopy(t *testing.T) {
	s := strings.Repeat("x", 1<<20)
	if allocs := testing.AllocsPerRun(10, func() { _ = Safe(s) }); allocs != 0 {
		t.Fatalf("Safe allocated %v times on clean text", allocs)
	}
}

func TestDrawLine(t *testing.T) {
	tests := []struct {
		name        string
		text        string
		width, skip int
		want        string
		used        int
	}{
		{"plain", "hello", 8, 0, "hello", 5},
		{"clipped", "hello world", 5, 0, "hello", 5},
		{"scrolled", "hello world", 5, 6, "world", 5},
		{"scrolled past the end", "hello", 5, 9, "", 0},
		{"wide", "日本", 8, 0, "日本", 4},
		{"wide cut left", "日本", 8, 1, " 本", 3},
		{"wide cut right", "日本", 3, 0, "日 ", 3},
		{"combining stays on its base", "e\u0301x", 8, 0, "e\u0301x", 2},
		{"bidi override escaped", "a\u202eb", 8, 0, `a\u202eb`, 8},
		{"lone combining mark dropped", "\u0301x", 8, 0, "x", 1},
		{"escaped", "a\x1bb", 8, 0, `a\x1bb`, 6},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := screentest.NewScreen(t, 10, 1)
			used := DrawLine(s, 1, 0, tt.width, Line{{Text: tt.text}}, tt.skip)
			row := screentest.Rows(s)[0]
			if got := strings.TrimRight(row[1:], " "); got != strings.TrimRight(tt.want, " ") || row[0] != ' ' {
				t.Errorf("row %q, want %q after one blank", row, tt.want)
			}
			if used != tt.used {
				t.Errorf("used %d cells, want %d", used, tt.used)
			}
		})
	}
}

func TestDrawLineStyles(t *testing.T) {
	red := tcell.StyleDefault.Foreground(tcell.ColorRed)
	bold := tcell.StyleDefault.Bold(true)
	s := screentest.NewScreen(t, 10, 1)
	DrawLine(s, 0, 0, 10, Line{{"ab", red}, {"日c", bold}}, 1)
	s.Show()
	cells, _, _ := s.GetContents()
	want := []struct {
		text  string
		style tcell.Style
	}{{"b", red}, {"日", bold}, {"c", bold}}
	for i, x := range []int{0, 1, 3} {
		if got := string(cells[x].Runes); got != want[i].text || cells[x].Style != want[i].style {
			t.Errorf("cell %d = %q %v, want %q %v", x, got, cells[x].Style, want[i].text, want[i].style)
		}
	}
}

func TestDrawLineInjections(t *testing.T) {
	for _, in := range injections {
		s := screentest.NewScreen(t, 40, 1)
		DrawLine(s, 0, 0, 40, Line{{Text: "<" + in.in + ">"}}, 0)
		if row := screentest.Rows(s)[0]; !strings.HasPrefix(row, "<"+in.visible+">") {
			t.Errorf("%s: row %q, want %q shown literally", in.name, row, in.visible)
		}
		if bad := screentest.ControlCells(s); bad != nil {
			t.Errorf("%s: control characters on screen: %v", in.name, bad)
		}
	}
}

func TestDrawLineHugeCluster(t *testing.T) {
	s := screentest.NewScreen(t, 4, 1)
	DrawLine(s, 0, 0, 4, Line{{Text: "a" + strings.Repeat("\u0301", 1<<16) + "b"}}, 0)
	s.Show()
	cells, _, _ := s.GetContents()
	if n := len(string(cells[0].Runes)); n > maxClusterBytes || cells[0].Runes[0] != 'a' {
		t.Errorf("first cell holds %d bytes starting %q", n, cells[0].Runes[0])
	}
	if got := string(cells[1].Runes); got != "b" {
		t.Errorf("second cell %q, want b", got)
	}
}

func TestDrawLineHugeString(t *testing.T) {
	big := strings.Repeat("0123456789", 1<<17) // 1.3 MB
	s := screentest.NewScreen(t, 10, 1)
	if used := DrawLine(s, 0, 0, 10, Line{{Text: big}}, len(big)-5); used != 5 {
		t.Errorf("used %d, want 5", used)
	}
	if row := screentest.Rows(s)[0]; row != "56789     " {
		t.Errorf("row %q", row)
	}
}

// DrawLine's shortcut for ASCII cuts text into the clusters parsing
// every cluster does, and TextWidth counts what parsing counts: random
// text mixing ASCII with control characters, combining marks, wide runes,
// emoji with joiners and modifiers, flags, prepended and spacing marks,
// and CR LF.
func TestASCIIShortcutsAgreeWithParsing(t *testing.T) {
	pieces := []string{"a", "Z", " ", "~", "1", "\u0301", "e\u0301", "\u0301\u0302", "日", "本",
		"\U0001F469\u200D\U0001F52C", "\U0001F44D\U0001F3FD", "\U0001F1EB\U0001F1F7", "\U0001F1EB",
		"\u0600", "\u0915\u093F", "\r\n", "\r", "\u200D", "\uFE0F", "x\u200Dy", "\t", "\x7f"}
	rng := rand.New(rand.NewPCG(1, 2))
	for range 5000 {
		var sb strings.Builder
		for range rng.IntN(12) {
			sb.WriteString(pieces[rng.IntN(len(pieces))])
		}
		text := sb.String()
		for _, s := range []string{text, Safe(text)} {
			if got, want := clusters(s, firstCluster), clusters(s, uniseg.FirstGraphemeClusterInString); !slices.Equal(got, want) {
				t.Fatalf("%q: cut into %q, parsing cuts %q", s, got, want)
			}
		}
		if got, want := TextWidth(text), uniseg.StringWidth(Safe(text)); got != want {
			t.Fatalf("TextWidth(%q) = %d, parsing every cluster gives %d", text, got, want)
		}
	}
}

// clusters cuts s with next, as DrawLine does, into its clusters and
// their widths.
func clusters(s string, next func(string, int) (string, string, int, int)) []string {
	var out []string
	state := -1
	for s != "" {
		var c string
		var w int
		c, s, w, state = next(s, state)
		out = append(out, fmt.Sprintf("%q:%d", c, w))
	}
	return out
}
