package docs

import (
	"path/filepath"
	"testing"
)

func TestSearchLive(t *testing.T) {
	ix, err := ParseManFile(filepath.Join("testdata", "ref-7x.7"))
	if err != nil {
		t.Fatal(err)
	}
	s := loadSchema(t, fixture72)
	tests := []struct {
		query string
		want  string // the first hit
		kind  RefKind
		inDoc bool // the hit comes from the documentation
	}{
		{"frob", "frob-widget", RefCommand, true},
		{"spun", "WIDGET_FROBBED", RefEvent, true}, // in the text only
		{"query-statu", "query-status", RefCommand, false},
		{"BLOCK_JOB_READY", "BLOCK_JOB_READY", RefEvent, false},
	}
	for _, tt := range tests {
		hits := ix.SearchLive(s, tt.query)
		if len(hits) == 0 {
			t.Errorf("SearchLive(%q) found nothing", tt.query)
			continue
		}
		h := hits[0]
		if h.Name != tt.want || h.Kind != tt.kind || (ix.Lookup(h.Name) != nil) != tt.inDoc {
			t.Errorf("SearchLive(%q)[0] = %+v, want %s (%v)", tt.query, h, tt.want, tt.kind)
		}
	}
	for _, h := range ix.SearchLive(s, "widget") {
		if h.Kind == RefType {
			t.Errorf("a type was found: %+v", h)
		}
	}
	if hits := ix.SearchLive(nil, "widgetmode"); len(hits) != 0 {
		t.Errorf("types must be left out: %+v", hits)
	}
	var none *Index
	if hits := none.SearchLive(s, "query-status"); len(hits) == 0 || hits[0].Name != "query-status" {
		t.Errorf("without docs: %+v", hits)
	}
}
