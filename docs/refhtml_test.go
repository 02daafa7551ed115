package docs

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// TestParseHTMLMatchesMan checks each HTML fixture against the man page
// that documents the same invented definitions in the same words: every
// entry must come out the same, arguments with their types and optional
// flags, includes (a boxed argument, a base, union branches), returns,
// errors, since, notes, features and examples alike. Only the source, the
// version and Sphinx's en dash for "--" may differ.
func TestParseHTMLMatchesMan(t *testing.T) {
	for _, tc := range []struct{ man, html, version string }{
		{"ref-7x.7", "refhtml-7x.html", "7.9.1"},
		{"ref-10x.7", "refhtml-10x.html", "10.9.0"},
	} {
		t.Run(tc.html, func(t *testing.T) {
			man, err := ParseManFile(filepath.Join("testdata", tc.man))
			if err != nil {
				t.Fatal(err)
			}
			path := filepath.Join("testdata", tc.html)
			ix, err := ParseHTMLFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(ix.Names(), man.Names()) {
				t.Fatalf("names %v, want %v", ix.Names(), man.Names())
			}
			for _, name := range man.Names() {
				want, got := *man.Lookup(name), *ix.Lookup(name)
				if got.Source != "html:"+path || got.Version != tc.version {
					t.Errorf("%s: source %q version %q", name, got.Source, got.Version)
				}
				want.Source, want.Version, got.Source, got.Version = "", "", "", ""
				got.Returns = strings.ReplaceAll(got.Returns, "\u2013", "--")
				if !reflect.DeepEqual(got, want) {
					t.Errorf("%s:\n got %+v\nwant %+v", name, got, want)
				}
			}
		})
	}
}

// TestParseHTMLDescribe joins an HTML index with the live schema: the
// boxed argument's members, its base's and a union branch's get their
// descriptions, and the default the prose states is picked up.
func TestParseHTMLDescribe(t *testing.T) {
	s := loadWidgetSchema(t)
	for _, name := range []string{"refhtml-7x.html", "refhtml-10x.html"} {
		ix, err := ParseHTMLFile(filepath.Join("testdata", name))
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]ArgDoc{}
		for _, a := range ix.Describe(s, "widget-attach").Args {
			got[a.Name] = a
		}
		if a := got["teeth"]; a.Branch != "kind=sprocket" || a.Description != "how many teeth the sprocket has" {
			t.Errorf("%s: union branch member %+v", name, a)
		}
		if a := got["id"]; a.Description != "the widget to attach it to" {
			t.Errorf("%s: base member %+v", name, a)
		}
		if a := ix.Describe(s, "frob-widget").Args[1]; a.Name != "speed" || a.Default != "1" {
			t.Errorf("%s: speed %+v", name, a)
		}
	}
}

// TestParseHTMLTolerance feeds markup the generated manuals do not have
// but a damaged or hand-edited file might: the parser must still read
// what it can, decode entities and keep inline markup from splitting
// words.
func TestParseHTMLTolerance(t *testing.T) {
	sig := func(body string) string {
		return `<dl class="qapi command"><dt class="sig sig-object qapi">Command x-cmd (Since: 1.0)</dt><dd>` + body + `</dd></dl>`
	}
	tests := []struct {
		name, in string
		check    func(r *Ref) bool
	}{
		{"entities", sig(`<p>a &lt;b&gt; &amp; &quot;c&quot; &#8212; &#x41;&nbsp;d &bogus; e</p>`),
			func(r *Ref) bool { return r.Body == `a <b> & "c" — A d &bogus; e` }},
		{"inline markup joins words", sig(`<p><code>x</code>. <em>y</em><strong>z</strong>!</p>`),
			func(r *Ref) bool { return r.Body == "x. yz!" }},
		{"unclosed paragraphs and items", sig(`<p>one<p>two<dl class="field-list"><dt>Arguments:<dd><ul><li><strong>a</strong> (int) – first<li><strong>b</strong> (str, optional) – second</ul></dl>`),
			func(r *Ref) bool {
				return r.Body == "one\n\ntwo" && len(r.Members) == 2 && r.Members[1].Optional && r.Members[1].Description == "second"
			}},
		{"stray end tags and upper case", sig(`</div></span><P CLASS="x">Text</P></li>`),
			func(r *Ref) bool { return r.Body == "Text" }},
		{"comments and scripts", sig(`<p>a<!-- <h3>no (Command)</h3> -->b<script>c</script>d</p>`),
			func(r *Ref) bool { return r.Body == "abd" }},
		{"br in an example", sig(`<div class="admonition example"><p class="admonition-title">Example:</p><pre>-&gt; { "execute": "x-cmd" }<br>&lt;- { "return": {} }</pre></div><p>after</p>`),
			func(r *Ref) bool {
				return len(r.Examples) == 1 && len(r.Examples[0].Lines) == 2 && r.Examples[0].Lines[1].Text == `{ "return": {} }` && r.Body == "after"
			}},
		{"a lone angle bracket", sig(`<p>a < b and c <3</p>`),
			func(r *Ref) bool { return r.Body == "a < b and c <3" }},
		{"attribute holding >", `<section><h3 title="a>b">x-cmd (Command)</h3><p>Body.</p></section><p>Not body.</p>`,
			func(r *Ref) bool { return r.Body == "Body." }},
		{"7.x without section elements", `<h3>x-cmd (Command)</h3><p>Body.</p><h4>Since</h4><p>2.0</p><h3>Unrelated</h3><p>Not body.</p>`,
			func(r *Ref) bool { return r.Body == "Body." && r.Since == "2.0" }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ix, err := ParseHTML(strings.NewReader(tt.in), "test")
			if err != nil {
				t.Fatal(err)
			}
			r := ix.Lookup("x-cmd")
			if r == nil {
				t.Fatalf("x-cmd missing; have %v", ix.Names())
			}
			if !tt.check(r) {
				t.Errorf("unexpected %+v", *r)
			}
		})
	}
}

func TestParseHTMLGarbage(t *testing.T) {
	for _, in := range []string{"", "<", "</", "<a", "<a b='", "<!--", "<script>", strings.Repeat("<div>", 10000) + "<h3>x (Command)</h3>"} {
		if _, err := ParseHTML(strings.NewReader(in), "test"); err != nil {
			t.Errorf("ParseHTML(%.20q): %v", in, err)
		}
	}
}

// FuzzParseHTML checks that no document makes ParseHTML, Describe or
// Text panic or hang: the manual is a file on the user's machine, not
// trusted input. Like FuzzParseMan it starts from fixture pieces.
func FuzzParseHTML(f *testing.F) {
	for _, name := range []string{"refhtml-7x.html", "refhtml-10x.html"} {
		data, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			f.Fatal(err)
		}
		lines := strings.SplitAfter(string(data), "\n")
		for i := 0; i < len(lines); i += fuzzSeedLines {
			f.Add([]byte(strings.Join(lines[i:min(i+fuzzSeedLines, len(lines))], "")))
		}
	}
	for _, seed := range []string{
		"", "<h3>x (Command)</h3><h4>Arguments</h4><dl><dt>The members of <code>x</code></dt></dl>",
		`<dl class="qapi"><dt class="sig">Union u</dt><dd><dl class="field-list"><dt>Members:<dd><ul><li>When a is b: The members of u.`,
		"<pre>-&gt; {\n<dl><dt>", "<a b='>'<c d=e f>&#xffffffff;&#0;", "<div class=admonition><p class=admonition-title>Note",
	} {
		f.Add([]byte(seed))
	}
	s, err := ParseSchema([]byte(widgetSchema))
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		ix, err := ParseHTML(strings.NewReader(string(data)), "fuzz")
		if err != nil {
			return
		}
		for _, n := range append(ix.Names(), "frob-widget", "widget-attach", "WIDGET_FROBBED") {
			if d := ix.Describe(s, n); d != nil {
				d.Text(40)
			}
		}
	})
}
