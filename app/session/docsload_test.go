package session

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestLoadDocsHTML checks that given HTML manuals are read, and merged
// after the man pages: a name both document keeps the man page's entry,
// names only the HTML documents are added.
func TestLoadDocsHTML(t *testing.T) {
	testdata := filepath.Join("..", "..", "docs", "testdata")
	html := filepath.Join(testdata, "refhtml-10x.html")
	tests := []struct {
		name      string
		src       DocSources
		wantFrob  string // prefix of frob-widget's source
		wantOther string // a name that must be documented as well
	}{
		{"html alone", DocSources{HTML: []string{html}}, "html:", "WidgetAttachOptions"},
		{"man first", DocSources{ManPages: []string{filepath.Join(testdata, "ref-7x.7")}, HTML: []string{html}}, "man:", "query-widgets"},
		{"man of other names", DocSources{ManPages: []string{filepath.Join("..", "..", "views", "testdata", "docs-72.7")}, HTML: []string{html}}, "html:", "block_resize"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ix, err := LoadDocs(tt.src)
			if err != nil {
				t.Fatal(err)
			}
			r := ix.Lookup("frob-widget")
			if r == nil || !strings.HasPrefix(r.Source, tt.wantFrob) || r.Summary != "Spin a widget a few times." {
				t.Fatalf("frob-widget = %+v", r)
			}
			if ix.Lookup(tt.wantOther) == nil {
				t.Errorf("%s missing from %v", tt.wantOther, ix.Names())
			}
		})
	}
	if _, err := LoadDocs(DocSources{HTML: []string{filepath.Join(testdata, "missing.html")}}); err == nil {
		t.Error("a missing HTML manual gave no error")
	}
}
