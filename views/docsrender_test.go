package views

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/qmpdash/qmpdash/docs"
	"github.com/qmpdash/qmpdash/docs/docstest"
	"github.com/qmpdash/qmpdash/views/widget"
)

// plainLines joins the text of rendered lines, one per row.
func plainLines(lines []widget.Line) string {
	var b strings.Builder
	for _, l := range lines {
		for _, sp := range l {
			b.WriteString(sp.Text)
		}
		b.WriteByte('\n')
	}
	return b.String()
}

func TestRenderDoc(t *testing.T) {
	own, err := docs.ParseManFile(filepath.Join("testdata", "docs-72.7"))
	if err != nil {
		t.Fatal(err)
	}
	widgets, err := docs.ParseManFile(filepath.Join("..", "docs", "testdata", "ref-7x.7"))
	if err != nil {
		t.Fatal(err)
	}
	live := docstest.Schema(t, docstest.QEMU72)
	tests := []struct {
		ix     *docs.Index
		schema *docs.Schema
		name   string
		want   []string
		absent []string
	}{
		// Union branches of the live schema, under their branch, and enum
		// values of the tag.
		{own, live, "blockdev-add", []string{
			"\n  driver ", "\n      values: blkdebug, blklogwrites, ",
			"\n  when driver=qcow2\n", "\n  ▸ file ",
			"\n  -> {\n", `"filename": "/tmp/my disk.qcow2"`,
		}, []string{"Not offered"}},
		// Without a schema the documentation's own includes give the
		// branches; features become sections, not badges, since the
		// documentation does not say whether they are on the command or a
		// member.
		// Without a connection nothing is claimed about the monitor.
		{widgets, nil, "widget-attach", []string{
			"\n  label ", "\n  when kind=sprocket\n    teeth ",
			"\n  when kind=lever\n    lever-length ",
		}, []string{"Not offered by the connected monitor."}},
		{widgets, nil, "frob-widget", []string{
			"frob-widget  command  since 7.1\n", "Spin a widget a few times.\n\nThe widget must exist.\n\nUse gentle mode",
			"\nFeature deprecated\n  Member speed is going away", "\nErrors\n", "\nNote\n  Spinning a widget",
			"\n  id     string      required\n      which widget to spin\n",
			"\n  <- {\n", "Source: man:",
		}, nil},
		// Event names in the text that the schema has are listed.
		{own, live, "STOP", []string{"STOP  event  since 0.12", "See also RESUME\n"}, []string{"See also STOP"}},
		// Badges come from the live schema's features: the arguments'
		// are named, not put on the command.
		{nil, live, "block-commit", []string{"\nblock-commit  command  deprecated: base, top\n", "optional  deprecated\n"}, nil},
		{nil, live, "eject", []string{"\neject  command  deprecated: device\n"}, nil},
		{nil, live, "blockdev-change-medium", []string{"\nblockdev-change-medium  command  deprecated: device\n"}, nil},
		{nil, live, "block_set_io_throttle", []string{"\nblock_set_io_throttle  command  deprecated: device\n"}, nil},
		{nil, live, "blockdev-backup", []string{"\nblockdev-backup  command  unstable: x-perf\n", "optional  unstable\n"}, nil},
		// A name without documentation shows its live arguments and the hint.
		{nil, live, "query-kvm", []string{"query-kvm  command", "\nReturns object\n", docs.NoProseHint[:40]}, nil},
	}
	for _, tt := range tests {
		doc := tt.ix.Describe(tt.schema, tt.name)
		if doc == nil {
			t.Fatalf("Describe(%s) = nil", tt.name)
		}
		got := "\n" + plainLines(renderDoc(docEntry{doc: doc, schema: tt.schema, ix: tt.ix}, widget.DefaultTheme(), 100).lines)
		for _, w := range tt.want {
			if !strings.Contains(got, w) {
				t.Errorf("%s: lacks %q:\n%s", tt.name, w, got)
			}
		}
		for _, w := range tt.absent {
			if strings.Contains(got, w) {
				t.Errorf("%s: has %q:\n%s", tt.name, w, got)
			}
		}
	}
}

func TestWrapProse(t *testing.T) {
	text := "one two three four five six\n\n- a bullet that wraps here\n    kept   as is, however long it is\nlast"
	got := plainLines(wrapProse(text, 16, "  ", widget.DefaultTheme().Base))
	want := "  one two three\n  four five six\n\n  - a bullet\n    that wraps\n    here\n      kept   as is, however long it is\n  last\n"
	if got != want {
		t.Errorf("wrapProse:\n%s\nwant:\n%s", got, want)
	}
}

func TestTrimSummary(t *testing.T) {
	tests := []struct{ body, summary, want string }{
		{"First one.  Then\nmore.", "First one.", "Then\nmore."},
		{"First\none. Then.", "First one.", "Then."},
		{"Other text.", "First one.", "Other text."},
		{"Only.", "Only.", ""},
		{"", "Returns x.", ""},
	}
	for _, tt := range tests {
		if got := trimSummary(tt.body, tt.summary); got != tt.want {
			t.Errorf("trimSummary(%q, %q) = %q, want %q", tt.body, tt.summary, got, tt.want)
		}
	}
}

// TestRenderDocNested expands blockdev-add's file in the qcow2 branch:
// an alternate whose object alternative is the whole BlockdevOptions
// union again, documented through the alternate's documentation.
func TestRenderDocNested(t *testing.T) {
	man, err := docs.ParseManFile(filepath.Join("testdata", "docs-72.7"))
	if err != nil {
		t.Fatal(err)
	}
	html, err := docs.ParseHTMLFile(filepath.Join("testdata", "docs-nested.html"))
	if err != nil {
		t.Fatal(err)
	}
	ix := docs.Merge(man, html)
	live := docstest.Schema(t, docstest.QEMU72)
	e := docEntry{doc: ix.Describe(live, "blockdev-add"), schema: live, ix: ix,
		expanded: map[string]bool{"/driver=qcow2:file": true}}
	l := renderDoc(e, widget.DefaultTheme(), 120)
	got := plainLines(l.lines)
	for _, want := range []string{
		"\n  when driver=qcow2\n", "\n  ▾ file ", "\n        where the image bytes live\n",
		// The members of the nested node, eight cells in, with their
		// descriptions and their own expandable members.
		"\n        driver ", "\n            the format or protocol of the node\n",
		"\n      ▸ cache ", "\n        when driver=qcow2\n", "\n        ▸ file ",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("lacks %q:\n%s", want, got)
		}
	}
	var args []string
	for _, tg := range l.targets {
		if tg.arg != "" && strings.Count(tg.arg, "/") == 1 {
			args = append(args, tg.arg)
		}
	}
	if len(args) < 2 || args[0] != "/:cache" {
		t.Errorf("top-level targets %v, want /:cache first", args)
	}
	for _, tg := range l.targets {
		if name := l.lines[tg.line][tg.span : tg.span+1].Text(); tg.arg != "" && !strings.HasPrefix(tg.arg[strings.LastIndex(tg.arg, ":")+1:], strings.TrimSpace(name)) {
			t.Errorf("target %q points at %q", tg.arg, name)
		}
	}
}
