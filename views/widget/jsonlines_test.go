package widget

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/gdamore/tcell/v2"
	"github.com/qmpdash/qmpdash/docs/docstest"
	"github.com/qmpdash/qmpdash/views/screentest"
)

const sample = `{"return": {"status": "running", "singlestep": false, "running": true, "n": 42,` +
	` "ratio": -1.5e3, "x": null, "list": [1, "two", {}], "empty": {}, "s": "caf\u00e9 \"q\""}, "id": "cmd-7"}`

var allModes = []ViewMode{Condensed, Expanded, Raw}

func TestViewMode(t *testing.T) {
	tests := []struct {
		mode  ViewMode
		name  string
		next  ViewMode
		wraps bool
	}{
		{Condensed, "condensed", Expanded, true},
		{Expanded, "expanded", Raw, false},
		{Raw, "raw", Condensed, true},
		{ViewMode(7), "ViewMode(7)", Condensed, true},
	}
	for _, tt := range tests {
		if got := tt.mode.String(); got != tt.name {
			t.Errorf("String() = %q, want %q", got, tt.name)
		}
		if got := tt.mode.Next(); got != tt.next {
			t.Errorf("%s.Next() = %s, want %s", tt.mode, got, tt.next)
		}
		if got := tt.mode.Wraps(); got != tt.wraps {
			t.Errorf("%s.Wraps() = %v", tt.mode, got)
		}
	}
}

func TestRenderJSONGolden(t *testing.T) {
	for _, mode := range allModes {
		t.Run(mode.String(), func(t *testing.T) {
			s := screentest.NewScreen(t, 60, 20)
			p := NewTextPane().SetSource(NewJSONDoc([]byte(sample), mode, MonoTheme())).SetWrap(mode.Wraps())
			p.SetBorder(false).SetRect(0, 0, 60, 20)
			p.Draw(s)
			screentest.CheckGolden(t, "sample_"+mode.String(), screentest.Rows(s))
		})
	}
}

func TestExpandedHighlight(t *testing.T) {
	th := DefaultTheme()
	s := screentest.NewScreen(t, 60, 20)
	drawLines(s, RenderJSON([]byte(sample), Expanded, th, 0))
	rows := screentest.Rows(s)
	cells, width, _ := s.GetContents()
	tests := []struct {
		find  string // the first cell of its first occurrence is checked
		style tcell.Style
	}{
		{`"status"`, th.Key},
		{`"running"`, th.String},
		{`42`, th.Number},
		{`-1.5e3`, th.Number},
		{`false`, th.Bool},
		{`null`, th.Null},
		{`: `, th.Punct},
		{`[`, th.Punct},
		{`"café \"q\""`, th.String}, // decoded, quoted again
	}
	for _, tt := range tests {
		found := false
		for y, row := range rows {
			if x := strings.Index(row, tt.find); x >= 0 {
				if got := cells[y*width+x].Style; got != tt.style {
					t.Errorf("%s drawn as %v, want %v", tt.find, got, tt.style)
				}
				found = true
				break
			}
		}
		if !found {
			t.Errorf("%s not on screen:\n%s", tt.find, strings.Join(rows, "\n"))
		}
	}
}

// jsonString writes s as a JSON string literal, escaping only what JSON
// requires, so raw bytes such as invalid UTF-8 reach the renderer as they
// are (encoding/json would replace them).
func jsonString(s string) string {
	var sb strings.Builder
	sb.WriteByte('"')
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '"' || c == '\\':
			sb.WriteString(`\` + string(c))
		case c < 0x20:
			fmt.Fprintf(&sb, `\u%04x`, c)
		default:
			sb.WriteByte(c)
		}
	}
	sb.WriteByte('"')
	return sb.String()
}

func TestRenderJSONInjections(t *testing.T) {
	for _, in := range injections {
		lit := jsonString(in.in)
		quotedVisible := strings.ReplaceAll(in.visible, `"`, `\"`)
		cases := []struct {
			what string
			raw  string
			want map[ViewMode]string
		}{
			{"in a string", `{"s": ` + lit + `}`, map[ViewMode]string{
				Condensed: quotedVisible, Expanded: quotedVisible, Raw: Safe(lit),
			}},
			{"as a key", `{` + lit + `: 1}`, map[ViewMode]string{
				Condensed: in.visible, Expanded: quotedVisible, Raw: Safe(lit),
			}},
			{"not JSON", "<" + in.in + ">", map[ViewMode]string{
				Condensed: in.visible, Expanded: in.visible, Raw: in.visible,
			}},
		}
		for _, c := range cases {
			for _, mode := range allModes {
				s := screentest.NewScreen(t, 60, 4)
				drawLines(s, RenderJSON([]byte(c.raw), mode, DefaultTheme(), 0))
				text := strings.Join(screentest.Rows(s), "\n")
				if !strings.Contains(text, c.want[mode]) {
					t.Errorf("%s %s, %s: %q not shown in\n%s", in.name, c.what, mode, c.want[mode], text)
				}
				if bad := screentest.ControlCells(s); bad != nil {
					t.Errorf("%s %s, %s: control characters on screen: %v", in.name, c.what, mode, bad)
				}
			}
		}
	}
}

func TestRenderJSONHugeString(t *testing.T) {
	big := "[red]x[-]\x1b[31m" + strings.Repeat("y", 1<<20)
	raw := []byte(`{"big": ` + jsonString(big) + `}`)
	tests := []struct {
		mode  ViewMode
		lines int
		first string // on the first line that holds the string
	}{
		{Condensed, 1, `big="[red]x[-]\x1b[31myyy`},
		{Expanded, 3, `  "big": "[red]x[-]\x1b[31myyy`},
		{Raw, len(raw)/rawRowBytes + 1, `{"big": "[red]x[-]\u001b[31myyy`},
	}
	for _, tt := range tests {
		d := NewJSONDoc(raw, tt.mode, DefaultTheme())
		if n := d.Len(); n != tt.lines {
			t.Errorf("%s: %d lines, want %d", tt.mode, n, tt.lines)
		}
		s := screentest.NewScreen(t, 40, 3)
		drawLines(s, d.Lines(0, 3))
		if text := strings.Join(screentest.Rows(s), "\n"); !strings.Contains(text, tt.first) {
			t.Errorf("%s: %q not in\n%s", tt.mode, tt.first, text)
		}
	}
}

func TestRenderJSONDeepNesting(t *testing.T) {
	const depth = 1000
	raw := []byte(strings.Repeat("[", depth) + `"[red]x[-]"` + strings.Repeat("]", depth))
	d := NewJSONDoc(raw, Expanded, DefaultTheme())
	if n := d.Len(); n != 2*depth+1 {
		t.Fatalf("%d lines, want %d", n, 2*depth+1)
	}
	mid := d.Lines(depth, 1)[0]
	if got, want := mid.Text(), strings.Repeat(" ", 2*depth)+`"[red]x[-]"`; got != want {
		t.Errorf("innermost line %q…, want %q…", got[2*depth-4:], want[2*depth-4:])
	}
	s := screentest.NewScreen(t, 20, 1)
	DrawLine(s, 0, 0, 20, mid, 2*depth)
	if row := screentest.Rows(s)[0]; row != `"[red]x[-]"         ` {
		t.Errorf("scrolled to the value: %q", row)
	}
	for _, mode := range allModes { // all of them, without a stack overflow
		if lines := RenderJSON(raw, mode, DefaultTheme(), 5); len(lines) == 0 {
			t.Errorf("%s: nothing rendered", mode)
		}
	}
}

// gjson validates recursively and a few megabytes of "[" overflow the
// goroutine stack, which no recover can catch; Condensed must not hand such
// a reply to termtext.Condense.
func TestCondensedFallsBackWhenTooDeep(t *testing.T) {
	const depth = 1 << 20
	raw := []byte(strings.Repeat("[", depth) + strings.Repeat("]", depth))
	lines := RenderJSON(raw, Condensed, DefaultTheme(), 3)
	if len(lines) != 3 || !strings.Contains(lines[0].Text(), "too deep") || lines[1].Text() != "[" {
		t.Fatalf("got %v", lines)
	}
	if lines[0][0].Style != DefaultTheme().Warning {
		t.Errorf("warning style %v", lines[0][0].Style)
	}
}

var jsonCases = []string{
	`{}`, `[]`, `  {"a" : [ ] , "b":{ }}  `, `-0.5e+3`, `0`, `"\u00e9\n"`, `true`, `null`,
	`[1, [2, [3, {"x": [false]}]], "s"]`, "\r\n{\"a\":\t1}\r\n",
	``, ` `, `{`, `{"a":}`, `{"a" 1}`, `[1 2]`, `[1,]`, `{"a":1,}`, `[}`, `{]`, `01`, `1.`, `1e`, `-`,
	`.5`, `tru`, `nul`, `{"a":1}x`, `"unterminated`, `"\q"`, `"\u12"`, "\"a\x01\"", `{1:2}`, `[,1]`, `]`,
}

func TestValidatorAgreesWithEncodingJSON(t *testing.T) {
	for _, doc := range jsonCases {
		v := jsonValidator{errAt: -1}
		v.run([]byte(doc), len(doc))
		if got, want := v.errAt < 0, json.Valid([]byte(doc)); got != want {
			t.Errorf("%q: valid=%v, encoding/json says %v (%s at %d)", doc, got, want, v.errMsg, v.errAt)
		}
	}
}

func TestInvalidJSONShownRaw(t *testing.T) {
	for _, doc := range jsonCases {
		if json.Valid([]byte(doc)) {
			continue
		}
		for _, mode := range allModes {
			lines := RenderJSON([]byte(doc), mode, DefaultTheme(), 0)
			if len(lines) == 0 || lines[0][0].Style != DefaultTheme().Error ||
				!strings.HasPrefix(lines[0].Text(), "not valid JSON") {
				t.Errorf("%q %s: first line %v", doc, mode, lines)
				continue
			}
			var rest []string
			for _, l := range lines[1:] {
				rest = append(rest, l.Text())
			}
			if got := strings.Join(rest, "\n"); got != strings.TrimSuffix(doc, "\n") {
				t.Errorf("%q %s: raw part %q", doc, mode, got)
			}
		}
	}
}

// The expanded layout is json.Indent's, except that strings with escapes
// are shown decoded; the fixture has none.
func TestExpandedMatchesIndentOnFixture(t *testing.T) {
	schema := docstest.Load(t, docstest.QEMU10).Schema
	var want bytes.Buffer
	if err := json.Indent(&want, schema, "", "  "); err != nil {
		t.Fatal(err)
	}
	d := NewJSONDoc(schema, Expanded, DefaultTheme())
	var got strings.Builder
	n := d.Len()
	for from := 0; from < n; from += 1000 { // in windows, as a pane asks
		for _, l := range d.Lines(from, 1000) {
			got.WriteString(l.Text() + "\n")
		}
	}
	if got.String() != want.String()+"\n" {
		t.Errorf("expanded layout differs from json.Indent (%d vs %d bytes)", got.Len(), want.Len()+1)
	}
	// Going back re-renders from the nearest mark, to the same text.
	if a, b := d.Lines(4321, 1)[0].Text(), strings.Split(want.String(), "\n")[4321]; a != b {
		t.Errorf("line 4321 is %q, want %q", a, b)
	}
}

func TestFixtureFirstScreen(t *testing.T) {
	schema := docstest.Load(t, docstest.QEMU10).Schema
	for _, mode := range allModes {
		t.Run(mode.String(), func(t *testing.T) {
			s := screentest.NewScreen(t, 80, 12)
			p := NewTextPane().SetSource(NewJSONDoc(schema, mode, MonoTheme())).SetWrap(mode.Wraps())
			p.SetSafeTitle("query-qmp-schema " + mode.String())
			p.SetRect(0, 0, 80, 12)
			p.Draw(s)
			screentest.CheckGolden(t, "fixture_"+mode.String(), screentest.Rows(s))
		})
	}
}

// hugeReply is the fixture's schema repeated into one array of 64 MiB.
func hugeReply(tb testing.TB) []byte {
	schema := docstest.Load(tb, docstest.QEMU10).Schema
	b := make([]byte, 0, 64<<20+len(schema)+3)
	b = append(b, '[')
	for len(b) < 64<<20 {
		b = append(append(b, schema...), ',')
	}
	return append(b, "0]"...)
}

func TestHugeReplyFirstScreenIsLazy(t *testing.T) {
	raw := hugeReply(t)
	for _, mode := range []ViewMode{Expanded, Raw, Condensed} {
		d := NewJSONDoc(raw, mode, DefaultTheme())
		if lines := d.Lines(0, 50); len(lines) != 50 {
			t.Fatalf("%s: %d lines", mode, len(lines))
		}
		if d.check.off > 2*validateChunk || d.body.lines > 51 {
			t.Errorf("%s: first screen validated %d bytes and indexed %d lines", mode, d.check.off, d.body.lines)
		}
	}
}

func BenchmarkRenderExpanded236KB(b *testing.B) {
	schema := docstest.Load(b, docstest.QEMU10).Schema
	b.SetBytes(int64(len(schema)))
	for b.Loop() {
		NewJSONDoc(schema, Expanded, DefaultTheme()).Lines(0, 50)
	}
}

func BenchmarkLenExpanded236KB(b *testing.B) {
	schema := docstest.Load(b, docstest.QEMU10).Schema
	b.SetBytes(int64(len(schema)))
	for b.Loop() {
		NewJSONDoc(schema, Expanded, DefaultTheme()).Len()
	}
}

func BenchmarkRenderExpanded64MiB(b *testing.B) {
	raw := hugeReply(b)
	for b.Loop() {
		NewJSONDoc(raw, Expanded, DefaultTheme()).Lines(0, 50)
	}
}

func BenchmarkLenExpanded64MiB(b *testing.B) {
	raw := hugeReply(b)
	b.SetBytes(int64(len(raw)))
	for b.Loop() {
		NewJSONDoc(raw, Expanded, DefaultTheme()).Len()
	}
}

// FuzzJSONDoc checks the validator against encoding/json, and that the
// expanded layout of valid JSON is json.Indent's and counts its lines
// right; any input must render without a panic.
func FuzzJSONDoc(f *testing.F) {
	for _, c := range jsonCases {
		f.Add([]byte(c))
	}
	f.Add([]byte(sample))
	f.Fuzz(func(t *testing.T, raw []byte) {
		v := jsonValidator{errAt: -1}
		v.run(raw, len(raw))
		valid := json.Valid(raw)
		if (v.errAt < 0) != valid {
			t.Fatalf("%q: validator says %v (%s), encoding/json %v", raw, v.errAt < 0, v.errMsg, valid)
		}
		for _, mode := range allModes {
			d := NewJSONDoc(raw, mode, MonoTheme())
			if n := d.Len(); len(d.Lines(0, n+1)) != n {
				t.Fatalf("%q %s: Len %d, Lines gave %d", raw, mode, n, len(d.Lines(0, n+1)))
			}
		}
		if !valid || bytes.IndexByte(raw, '\\') >= 0 {
			return
		}
		var want bytes.Buffer
		if err := json.Indent(&want, raw, "", "  "); err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, l := range RenderJSON(raw, Expanded, MonoTheme(), 0) {
			got = append(got, l.Text())
		}
		if w := strings.TrimSpace(want.String()); strings.Join(got, "\n") != w {
			t.Fatalf("%q: expanded\n%s\nwant\n%s", raw, strings.Join(got, "\n"), w)
		}
	})
}

// drawLines draws lines from the top left of s, one a row, unscrolled.
func drawLines(s tcell.SimulationScreen, lines []Line) {
	width, height := s.Size()
	s.Clear()
	for y, l := range lines {
		if y == height {
			break
		}
		DrawLine(s, 0, y, width, l, 0)
	}
}
