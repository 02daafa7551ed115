package docs

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzParseMan checks that no page makes ParseMan, Describe or Text panic
// or hang: the page is a file on the user's machine, not trusted input.
// The fixtures are seeded in pieces of a few definitions: the fuzzer
// minimises every new input it finds, which takes tens of seconds for
// whole pages and would leave short runs no time to fuzz.
func FuzzParseMan(f *testing.F) {
	for _, name := range []string{"ref-7x.7", "ref-10x.7"} {
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
		"", ".SS \\fBx\\fP (Command)\n.SS Arguments\n.TP\n.B The members of \\fBx\\fP\n",
		".INDENT\n.TP\n.B Command x\n.UNINDENT\n.UNINDENT\n.IP \\(bu 2\n\\fBa\\fP (\\fBb\n",
		".TP\n.B Union u\n.TP\n.B Members\n.IP \\(bu\nWhen a is b: The members of u.\n",
		".nf\n\\-> {\n.de x\n", "\\(\\[\\f\\s\\h'", ".TS\nl.\na\tb\n",
	} {
		f.Add([]byte(seed))
	}
	s, err := ParseSchema([]byte(widgetSchema))
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		ix, err := ParseMan(strings.NewReader(string(data)), "fuzz")
		if err != nil {
			return
		}
		names := append(ix.Names(), "frob-widget", "widget-attach", "WIDGET_FROBBED")
		for _, n := range names {
			if d := ix.Describe(s, n); d != nil {
				d.Text(40)
			}
		}
		ix.Search(string(data[:min(len(data), 8)]))
	})
}

// fuzzSeedLines is the size of the fixture pieces FuzzParseMan starts from.
const fuzzSeedLines = 30

// FuzzParseQAPIComment checks that no doc comment, and no schema file
// built around it, makes the QAPI reader panic or hang.
func FuzzParseQAPIComment(f *testing.F) {
	for _, seed := range []string{
		"@x:\n\nText.\n\n@a: one\n    two\n\nReturns: y\n\nSince: 1.0",
		"@x:\nExample:\n-> { \"a\":\n   [ 1 }\n<- {}\nNotes: n",
		"@x:\n.. qmp-example::\n   :title: t\n\n   -> {}\n.. note:: n\nFeatures:\n@deprecated: d",
		"@x:\n@:\n@@y: z\n:title:\n``a``@b :r:`c",
		"= heading", "",
	} {
		f.Add(seed, "{ 'command': 'x', 'data': { '*a': ['int'] } }")
		f.Add(seed, "{ 'union': 'x', 'base': { 'a': 'b' }, 'discriminator': 'a', 'data': { 'b': 'c' } }")
	}
	f.Fuzz(func(t *testing.T, comment, expr string) {
		lines := strings.Split(comment, "\n")
		if r := parseQAPIComment(lines); r != nil {
			if v, err := parseQAPIExpr(expr); err == nil {
				applyDefinition(r, v)
			}
		}
		var file strings.Builder
		file.WriteString("##\n")
		for _, l := range lines {
			file.WriteString("#" + l + "\n")
		}
		file.WriteString("##\n" + expr + "\n")
		ix := newIndex()
		parseQAPIFile(ix, file.String(), "fuzz", "")
		for _, n := range ix.finish().Names() {
			ix.Describe(nil, n).Text(30)
		}
	})
}
