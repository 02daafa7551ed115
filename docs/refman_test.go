package docs

import (
	"bytes"
	"compress/gzip"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// widgetSources parses every fixture that documents the invented widget
// definitions, keyed by a short label. The 10.x page is gzipped here so
// that the compressed path is exercised through a real file.
func widgetSources(t *testing.T) map[string]*Index {
	t.Helper()
	plain, err := os.ReadFile(filepath.Join("testdata", "ref-10x.7"))
	if err != nil {
		t.Fatal(err)
	}
	gz := filepath.Join(t.TempDir(), "ref-10x.7.gz")
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	zw.Write(plain)
	zw.Close()
	if err := os.WriteFile(gz, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	out := make(map[string]*Index)
	for label, load := range map[string]func() (*Index, error){
		"man7x":  func() (*Index, error) { return ParseManFile(filepath.Join("testdata", "ref-7x.7")) },
		"man10x": func() (*Index, error) { return ParseManFile(gz) },
		"qapi7":  func() (*Index, error) { return ParseQAPIDir(filepath.Join("testdata", "refqapi", "qapi7")) },
		"qapi10": func() (*Index, error) { return ParseQAPIDir(filepath.Join("testdata", "refqapi", "qapi10")) },
	} {
		ix, err := load()
		if err != nil {
			t.Fatalf("%s: %v", label, err)
		}
		out[label] = ix
	}
	return out
}

// TestWidgetDocsAllSources checks what every source must yield for the
// invented definitions, whatever its format.
func TestWidgetDocsAllSources(t *testing.T) {
	for label, ix := range widgetSources(t) {
		t.Run(label, func(t *testing.T) {
			r := ix.Lookup("frob-widget")
			if r == nil {
				t.Fatalf("frob-widget missing; have %v", ix.Names())
			}
			if r.Kind != RefCommand || r.Summary != "Spin a widget a few times." {
				t.Errorf("kind %v summary %q", r.Kind, r.Summary)
			}
			if !strings.Contains(r.Body, "\n\nUse gentle mode") || !strings.Contains(r.Body, `the "id" is case-sensitive`) {
				t.Errorf("body paragraphs or escapes wrong: %q", r.Body)
			}
			var names []string
			for _, m := range r.Members {
				names = append(names, m.Name)
			}
			if want := []string{"id", "speed", "mode"}; !reflect.DeepEqual(names, want) {
				t.Errorf("members %v, want %v", names, want)
			}
			if m := r.Member("speed"); m == nil || !m.Optional || m.Type != "int" || m.Description != "turns per second (default: 1)" {
				t.Errorf("speed = %+v", m)
			}
			if m := r.Member("id"); m == nil || m.Optional || m.Description != "which widget to spin" {
				t.Errorf("id = %+v", m)
			}
			if len(r.Features) != 1 || r.Features[0].Name != "deprecated" || !strings.Contains(r.Features[0].Description, "speed is going away") {
				t.Errorf("features = %+v", r.Features)
			}
			if !strings.Contains(r.Returns, "WidgetInfo") || r.Since != "7.1" {
				t.Errorf("returns %q since %q", r.Returns, r.Since)
			}
			if len(r.Notes) != 1 || r.Notes[0] != "Spinning a widget does not wake it up." {
				t.Errorf("notes = %q", r.Notes)
			}
			wantEx := []RefExampleLine{
				{"->", `{ "execute": "frob-widget", "arguments": { "id": "w0", "speed": 3 } }`},
				{"<-", `{ "return": { "id": "w0", "turns": [ 1, 2 ] } }`},
			}
			if len(r.Examples) != 1 || !reflect.DeepEqual(msgLines(r.Examples[0]), wantEx) {
				t.Errorf("examples = %+v", r.Examples)
			}
			if e := ix.Lookup("WIDGET_FROBBED"); e == nil || e.Kind != RefEvent || len(e.Members) != 2 ||
				len(e.Examples) != 1 || e.Examples[0].Lines[0].Dir != "<-" || jsonDepth(e.Examples[0].Lines[0].Text) != 0 {
				t.Errorf("event = %+v", e)
			}
			if m := ix.Lookup("WidgetMode"); m == nil || m.Kind != RefType || m.Meta != "Enum" || m.Member("vigorous").Description != "as fast as it goes" {
				t.Errorf("enum = %+v", m)
			}
			if b := ix.Lookup("widget-attach"); b == nil || len(b.Includes) != 1 || b.Includes[0] != (RefInclude{Type: "WidgetAttachOptions"}) {
				t.Errorf("boxed command = %+v", b)
			}
			u := ix.Lookup("WidgetAttachOptions")
			branches := map[string]string{}
			for _, inc := range u.Includes {
				if inc.Tag != "" {
					branches[inc.Tag+"="+inc.Value] = inc.Type
				}
			}
			if want := map[string]string{"kind=sprocket": "WidgetAttachSprocket", "kind=lever": "WidgetAttachLever"}; !reflect.DeepEqual(branches, want) {
				t.Errorf("union branches %v, want %v", branches, want)
			}
		})
	}
}

// msgLines drops comment lines (titles, numbering) from an example.
func msgLines(ex RefExample) []RefExampleLine {
	var out []RefExampleLine
	for _, l := range ex.Lines {
		if l.Dir != "" {
			out = append(out, l)
		}
	}
	return out
}

func TestParseManSpecifics(t *testing.T) {
	ix := widgetSources(t)
	if v := ix["man7x"].Lookup("frob-widget").Version; v != "7.9.1" {
		t.Errorf("7.x version %q", v)
	}
	if v := ix["man10x"].Lookup("frob-widget").Version; v != "10.9.0" {
		t.Errorf("10.x version %q", v)
	}
	if r := ix["man7x"].Lookup("frob-widget"); !strings.Contains(r.Body, `back\slash, an 'apostrophe' and a `+"`backtick`.") {
		t.Errorf("escapes: %q", r.Body)
	}
	if r := ix["man7x"].Lookup("frob-widget"); r.Errors != "- If id names no widget, WidgetNotFound" {
		t.Errorf("errors %q", r.Errors)
	}
	if r := ix["man10x"].Lookup("frob-widget"); r.Member("mode").Description != "how to spin it, one of:\n\n- gentle for fragile ones\n- vigorous otherwise" {
		t.Errorf("nested list in a 10.x item: %q", r.Member("mode").Description)
	}
	// A field with a single item has no bullet in the 10.x layout.
	if r := ix["man10x"].Lookup("WidgetAttachSprocket"); len(r.Members) != 1 || r.Members[0].Type != "int" {
		t.Errorf("single-item field: %+v", r.Members)
	}
	// A definition list inside a member's description stays in it.
	if m := ix["man7x"].Lookup("WIDGET_FROBBED").Member("count"); m.Description != "spins so far\n\ncounted since start-up" {
		t.Errorf("nested term: %q", m.Description)
	}
	// Build conditions after a member or branch are not part of it.
	if m := ix["man7x"].Lookup("WidgetAttachLever").Member("pivot"); m.Type != "string" || !m.Optional {
		t.Errorf("conditional member = %+v", m)
	}
	if r := ix["man7x"].Lookup("WidgetInfo"); r.Member("turns").Type != "array of int" {
		t.Errorf("array type %q", r.Member("turns").Type)
	}
	if n := ix["man7x"].Len(); n != 10 {
		t.Errorf("7.x entries %d, want 10: %v", n, ix["man7x"].Names())
	}
	// Without a body the summary comes from Returns; TODO is dropped.
	if r := ix["man7x"].Lookup("query-widgets"); r.Summary != "Returns a list of WidgetInfo." || r.Body != "" {
		t.Errorf("returns-only summary %q body %q", r.Summary, r.Body)
	}
}

func TestRoffUnescape(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{`\fBbold\fP and \fIit\fR`, "bold and it"},
		{`\f(CWmono\f[]`, "mono"},
		{`a\-b \(dqq\(dq \(aqa\(aq \(gag\(ga`, "a-b \"q\" 'a' `g`"},
		{`\%no\&break \e \\`, `nobreak \ \`},
		{`\(bu item`, "* item"},
		{`\[u00E9]t\[em]`, "ét--"},
		{`text \" comment`, "text "},
		{`\s+2big\s0 \h'3n'x`, "big x"},
		{`trailing\`, `trailing\`},
		{`\(`, ""},
	} {
		if got := roffUnescape(tc.in); got != tc.want {
			t.Errorf("roffUnescape(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestRoffRequest(t *testing.T) {
	for _, tc := range []struct {
		in   string
		name string
		args []string
		ok   bool
	}{
		{`.IP \(bu 2`, "IP", []string{`\(bu`, "2"}, true},
		{`.IP "Example:"`, "IP", []string{"Example:"}, true},
		{`.B Command  frob  (Since: 1.0)`, "B", []string{"Command", "frob", "(Since:", "1.0)"}, true},
		{`.SS`, "SS", nil, true},
		{`.TH "A B" 7 \" c`, "TH", []string{"A B", "7"}, true},
		{`text`, "", nil, false},
	} {
		name, args, ok := roffRequest(tc.in)
		if name != tc.name || !reflect.DeepEqual(args, tc.args) || ok != tc.ok {
			t.Errorf("roffRequest(%q) = %q %q %v", tc.in, name, args, ok)
		}
	}
}

func TestParseManGarbage(t *testing.T) {
	for _, in := range []string{"", "\x1f\x8b", "not roff at all\n", ".SS \\fBx\\fP (Command)\n.SS Arguments\n.TP\n"} {
		ix, err := ParseMan(strings.NewReader(in), "test")
		if in == "\x1f\x8b" {
			if err == nil {
				t.Errorf("truncated gzip: no error")
			}
			continue
		}
		if err != nil || ix == nil {
			t.Errorf("ParseMan(%q) = %v, %v", in, ix, err)
		}
	}
}
