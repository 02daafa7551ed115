package widget

import (
	"fmt"
	"strings"
	"testing"

	"github.com/gdamore/tcell/v2"
	"github.com/qmpdash/qmpdash/views/screentest"
)

// numbered is n lines "line 00", "line 01", ...
func numbered(n int) LineSlice {
	lines := make(LineSlice, n)
	for i := range lines {
		lines[i] = Line{{Text: fmt.Sprintf("line %02d", i)}}
	}
	return lines
}

// borderless is a pane of the given size at the screen's top left.
func borderless(src LineSource, width, height int) *TextPane {
	p := NewTextPane().SetSource(src)
	p.SetBorder(false).SetRect(0, 0, width, height)
	return p
}

// press sends keys, named as the pane's key list names them.
func press(p *TextPane, keys string) {
	special := map[string]tcell.Key{
		"Up": tcell.KeyUp, "Down": tcell.KeyDown, "PgUp": tcell.KeyPgUp, "PgDn": tcell.KeyPgDn,
		"Home": tcell.KeyHome, "End": tcell.KeyEnd, "Left": tcell.KeyLeft, "Right": tcell.KeyRight,
	}
	handle := p.InputHandler()
	for _, k := range strings.Fields(keys) {
		ev := tcell.NewEventKey(tcell.KeyRune, []rune(k)[0], tcell.ModNone)
		if code, ok := special[k]; ok {
			ev = tcell.NewEventKey(code, 0, tcell.ModNone)
		}
		handle(ev, nil)
	}
}

func TestTextPaneScrolling(t *testing.T) {
	tests := []struct {
		keys        string
		first, last string // rows shown at the top and bottom
	}{
		{"", "line 00", "line 04"},
		{"j", "line 01", "line 05"},
		{"Down Down j k", "line 02", "line 06"},
		{"k Up", "line 00", "line 04"},
		{"PgDn", "line 04", "line 08"},
		{"PgDn PgDn PgUp", "line 04", "line 08"},
		{"G", "line 15", "line 19"},
		{"End j Down PgDn", "line 15", "line 19"},
		{"G g", "line 00", "line 04"},
		{"End Home", "line 00", "line 04"},
		{"PgDn PgDn PgDn PgDn PgDn PgDn", "line 15", "line 19"},
	}
	for _, tt := range tests {
		p := borderless(numbered(20), 10, 5)
		press(p, tt.keys)
		s := screentest.NewScreen(t, 10, 5)
		p.Draw(s)
		rows := screentest.Rows(s)
		if got := strings.TrimSpace(rows[0]); got != tt.first {
			t.Errorf("%q: top row %q, want %q", tt.keys, got, tt.first)
		}
		if got := strings.TrimSpace(rows[4]); got != tt.last {
			t.Errorf("%q: bottom row %q, want %q", tt.keys, got, tt.last)
		}
	}
}

func TestTextPaneShortContent(t *testing.T) {
	p := borderless(numbered(3), 10, 5)
	press(p, "j PgDn G")
	s := screentest.NewScreen(t, 10, 5)
	p.Draw(s)
	if got := strings.TrimSpace(screentest.Rows(s)[0]); got != "line 00" {
		t.Errorf("top row %q: content shorter than the pane must not scroll", got)
	}
}

func TestTextPaneHorizontalScroll(t *testing.T) {
	long := LineSlice{{{Text: "0123456789abcdefghijklmnopqrstuvwxyz"}}, {{Text: "short"}}}
	tests := []struct {
		keys string
		want string
	}{
		{"", "0123456789"},
		{"l", "89abcdefgh"},
		{"Right l", "ghijklmnop"},
		{"l l l l l l", "qrstuvwxyz"}, // no further than the longest line needs
		{"l l h", "89abcdefgh"},
		{"Left", "0123456789"},
		{"l l g", "0123456789"},
	}
	for _, tt := range tests {
		p := borderless(long, 10, 2)
		press(p, tt.keys)
		s := screentest.NewScreen(t, 10, 2)
		p.Draw(s)
		if got := screentest.Rows(s)[0]; got != tt.want {
			t.Errorf("%q: %q, want %q", tt.keys, got, tt.want)
		}
	}
}

func TestTextPaneWrap(t *testing.T) {
	src := LineSlice{
		{{Text: "0123456789abcdefghijklmno"}},
		{{Text: "日本語日本"}}, // 10 cells: a wide rune never straddles the edge
		{{Text: "end"}},
	}
	tests := []struct {
		keys string
		want []string
	}{
		{"", []string{"012345", "6789ab", "cdefgh", "ijklmn"}},
		{"j", []string{"6789ab", "cdefgh", "ijklmn", "o"}},
		{"j j j j", []string{"o", "日本語", "日本", "end"}},
		{"G", []string{"o", "日本語", "日本", "end"}},
		{"G k", []string{"ijklmn", "o", "日本語", "日本"}},
		{"G PgUp", []string{"6789ab", "cdefgh", "ijklmn", "o"}},
		{"l", []string{"012345", "6789ab", "cdefgh", "ijklmn"}}, // no sideways scroll
	}
	for _, tt := range tests {
		p := borderless(src, 6, 4).SetWrap(true)
		press(p, tt.keys)
		s := screentest.NewScreen(t, 6, 4)
		p.Draw(s)
		rows := screentest.Rows(s)
		for i := range rows {
			rows[i] = strings.TrimRight(rows[i], " ")
		}
		if strings.Join(rows, "|") != strings.Join(tt.want, "|") {
			t.Errorf("%q: %q, want %q", tt.keys, rows, tt.want)
		}
	}
}

func TestTextPaneSafeTitle(t *testing.T) {
	for _, in := range injections {
		p := NewTextPane().SetSafeTitle("<" + in.in + ">")
		p.SetRect(0, 0, 40, 3)
		s := screentest.NewScreen(t, 40, 3)
		p.Draw(s)
		if top := screentest.Rows(s)[0]; !strings.Contains(top, "<"+in.visible+">") {
			t.Errorf("%s: title row %q, want %q literally", in.name, top, in.visible)
		}
		if bad := screentest.ControlCells(s); bad != nil {
			t.Errorf("%s: control characters on screen: %v", in.name, bad)
		}
	}
}

func TestTextPaneLongTitleIsCut(t *testing.T) {
	p := NewTextPane().SetSafeTitle(strings.Repeat("[red]", 1<<18)) // 1.3 MB
	if got := []rune(p.GetTitle()); len(got) > 2*maxTitleRunes || got[len(got)-1] != '…' {
		t.Errorf("title of %d runes ending %q", len(got), got[len(got)-1])
	}
}

func TestTextPaneInjectionLines(t *testing.T) {
	var lines LineSlice
	for _, in := range injections {
		lines = append(lines, Line{{Text: in.in}})
	}
	p := borderless(lines, 40, len(lines))
	s := screentest.NewScreen(t, 40, len(lines))
	p.Draw(s)
	for i, row := range screentest.Rows(s) {
		if !strings.HasPrefix(row, injections[i].visible) {
			t.Errorf("%s: row %q", injections[i].name, row)
		}
	}
	if bad := screentest.ControlCells(s); bad != nil {
		t.Errorf("control characters on screen: %v", bad)
	}
	cells, _, _ := s.GetContents()
	for i, c := range cells {
		// "[::b]" must not turn bold, nor "[red]" red.
		if fg, _, attr := c.Style.Decompose(); fg != tcell.ColorDefault || attr != 0 {
			t.Fatalf("cell %d styled %v", i, c.Style)
		}
	}
}

func TestTextPaneSourceShrinks(t *testing.T) {
	p := borderless(numbered(20), 10, 5)
	press(p, "G")
	p.SetSource(numbered(20)) // resets to the top
	press(p, "G")
	p.src = numbered(7) // as if the source dropped lines behind the pane's back
	s := screentest.NewScreen(t, 10, 5)
	p.Draw(s)
	if got := strings.TrimSpace(screentest.Rows(s)[4]); got != "line 06" {
		t.Errorf("bottom row %q after the source shrank", got)
	}
}
