package session

import (
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/qmpdash/qmpdash/docs"
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

// Sessions loading the same manual share one parse, made once however
// many ask at once; the manual changed on disk is parsed anew.
func TestLoadDocsSharesOneParseOfAManual(t *testing.T) {
	man, err := os.ReadFile(filepath.Join("..", "..", "docs", "testdata", "ref-7x.7"))
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "qemu-qmp-ref.7")
	if err := os.WriteFile(path, man, 0o644); err != nil {
		t.Fatal(err)
	}
	src := DocSources{ManPages: []string{path}}
	got := make([]*docs.Index, 8)
	var wg sync.WaitGroup
	for i := range got {
		wg.Go(func() {
			ix, err := LoadDocs(src)
			if err != nil {
				t.Error(err)
			}
			got[i] = ix
		})
	}
	wg.Wait()
	for _, ix := range got[1:] {
		if ix != got[0] || ix == nil {
			t.Fatal("sessions loading the same manual got different parses")
		}
	}
	later := time.Now().Add(time.Minute)
	if err := os.Chtimes(path, later, later); err != nil {
		t.Fatal(err)
	}
	again, err := LoadDocs(src)
	if err != nil {
		t.Fatal(err)
	}
	if again == got[0] || again.Lookup("frob-widget") == nil {
		t.Fatal("a manual changed on disk was not parsed again")
	}
}
