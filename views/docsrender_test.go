package views

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/qmpdash/qmpdash/docs"
	"github.com/qmpdash/qmpdash/docs/docstest"
)

// plainLines joins the text of rendered lines, one per row.
func plainLines(lines []Line) string {
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
			"\n  when driver=qcow2\n", "\n    file ",
			"\n  -> {\n", `"filename": "/tmp/my disk.qcow2"`,
		}, []string{"Not offered"}},
		// Without a schema the documentation's own includes give the
		// branches; features become badges and sections.
		{widgets, nil, "widget-attach", []string{
			"Not offered by the connected monitor.", "\n  label ", "\n  when kind=sprocket\n    teeth ",
			"\n  when kind=lever\n    lever-length ",
		}, nil},
		{widgets, nil, "frob-widget", []string{
			"frob-widget  command  since 7.1   deprecated ", "Spin a widget a few times.\n\nThe widget must exist.\n\nUse gentle mode",
			"\nFeature deprecated\n  Member speed is going away", "\nErrors\n", "\nNote\n  Spinning a widget",
			"\n  id     string      required\n      which widget to spin\n",
			"\n  <- {\n", "Source: man:",
		}, nil},
		// Event names in the text that the schema has are listed.
		{own, live, "STOP", []string{"STOP  event  since 0.12", "See also RESUME\n"}, []string{"See also STOP"}},
		// A name without documentation shows its live arguments and the hint.
		{nil, live, "query-kvm", []string{"query-kvm  command", "\nReturns object\n", docs.NoProseHint[:40]}, nil},
	}
	for _, tt := range tests {
		doc := tt.ix.Describe(tt.schema, tt.name)
		if doc == nil {
			t.Fatalf("Describe(%s) = nil", tt.name)
		}
		got := plainLines(renderDoc(docEntry{doc: doc, schema: tt.schema}, DefaultTheme(), 100))
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
	got := plainLines(wrapProse(text, 16, "  ", DefaultTheme().Base))
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
