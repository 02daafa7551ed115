package docs

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestMerge(t *testing.T) {
	first, later := newIndex(), newIndex()
	first.add(&Ref{Name: "frob-widget", Kind: RefCommand, Body: "from man", Members: []RefMember{
		{Name: "id", Type: "string"}, {Name: "speed", Description: "kept"}}})
	later.add(&Ref{Name: "frob-widget", Body: "from qapi", Since: "7.1", Members: []RefMember{
		{Name: "id", Type: "str", Description: "filled"}, {Name: "speed", Description: "ignored"}, {Name: "mode", Description: "added"}}})
	later.add(&Ref{Name: "WidgetMode", Kind: RefType})
	m := Merge(first.finish(), nil, later.finish())
	r := m.Lookup("frob-widget")
	for _, tc := range []struct{ what, got, want string }{
		{"body", r.Body, "from man"},
		{"since", r.Since, "7.1"},
		{"id type", r.Member("id").Type, "string"},
		{"id description", r.Member("id").Description, "filled"},
		{"speed", r.Member("speed").Description, "kept"},
		{"mode", r.Member("mode").Description, "added"},
		{"names", strings.Join(m.Names(), ","), "WidgetMode,frob-widget"},
	} {
		if tc.got != tc.want {
			t.Errorf("%s = %q, want %q", tc.what, tc.got, tc.want)
		}
	}
	if first.Lookup("frob-widget").Member("id").Description != "" {
		t.Error("Merge modified its input")
	}
}

func TestLookupFolds(t *testing.T) {
	ix := newIndex()
	ix.add(&Ref{Name: "block_resize"})
	ix.finish()
	for _, name := range []string{"block_resize", "block-resize", "BLOCK_RESIZE"} {
		if ix.Lookup(name) == nil {
			t.Errorf("Lookup(%q) = nil", name)
		}
	}
	var none *Index
	if none.Lookup("x") != nil || none.Len() != 0 || none.Names() != nil || none.Search("x") != nil {
		t.Error("nil index must be empty")
	}
}

func TestSearch(t *testing.T) {
	ix := widgetSources(t)["man7x"]
	for _, tc := range []struct {
		query string
		first []string // the leading hits, in order
		text  string   // a text-only hit expected somewhere, if set
	}{
		{"frob-widget", []string{"frob-widget"}, ""},
		{"widgetattach", []string{"WidgetAttachBase", "WidgetAttachLever", "WidgetAttachOptions", "WidgetAttachSprocket"}, ""},
		{"fwg", []string{"frob-widget"}, ""},
		{"millimetres", []string{"WidgetAttachLever"}, "WidgetAttachLever"},
		{"spun", nil, "WIDGET_FROBBED"},
	} {
		hits := ix.Search(tc.query)
		for i, want := range tc.first {
			if i >= len(hits) || hits[i].Name != want {
				t.Errorf("Search(%q)[%d] want %s; got %+v", tc.query, i, want, hits)
				break
			}
		}
		if tc.text == "" {
			continue
		}
		found := false
		for i, h := range hits {
			if h.Name == tc.text {
				found = !h.InName && h.Snippet != "" && (i == 0 || hits[i-1].Score >= h.Score)
			}
		}
		if !found {
			t.Errorf("Search(%q): no text hit %s in %+v", tc.query, tc.text, hits)
		}
	}
	// Name hits rank above text hits.
	hits := ix.Search("widget")
	seenText := false
	for _, h := range hits {
		if !h.InName {
			seenText = true
		} else if seenText {
			t.Errorf("name hit %s after a text hit: %+v", h.Name, hits)
		}
	}
	if ix.Search("  ") != nil {
		t.Error("blank query found something")
	}
}

func TestFindManPage(t *testing.T) {
	dir := t.TempDir()
	os.Mkdir(filepath.Join(dir, "man7"), 0o755)
	want := filepath.Join(dir, "man7", "widget-ref.7.gz")
	os.WriteFile(want, nil, 0o644)
	t.Setenv("MANPATH", "/nonexistent"+string(filepath.ListSeparator)+dir)
	if got, err := FindManPage("widget-ref"); err != nil || got != want {
		t.Errorf("FindManPage via MANPATH = %q, %v; want %q", got, err, want)
	}
	if _, err := FindManPage("no-such-page-qmpdash"); err == nil || !strings.Contains(err.Error(), "does not exist") {
		t.Errorf("missing page: %v", err)
	}
	for _, bad := range []string{"", "-w", "../etc/passwd", "a b"} {
		if _, err := FindManPage(bad); err == nil {
			t.Errorf("FindManPage(%q) accepted", bad)
		}
	}
}
