package docs

import (
	"cmp"
	"slices"
	"strings"
)

// SearchLive is Search for a connected monitor: the documented commands
// and events that match query, plus the commands and events of the live
// schema s that have no documentation but whose names match (Snippet
// empty, InName set). Documented types are left out: users look for
// things they can send or receive. s and ix may be nil.
func (ix *Index) SearchLive(s *Schema, query string) []SearchHit {
	var hits []SearchHit
	for _, h := range ix.Search(query) {
		if h.Kind == RefCommand || h.Kind == RefEvent {
			hits = append(hits, h)
		}
	}
	q := foldName(strings.TrimSpace(query))
	if s == nil || q == "" {
		return hits
	}
	before := len(hits)
	add := func(name string, kind RefKind) {
		if ix.Lookup(name) != nil {
			return
		}
		if score, ok := nameScore(foldName(name), q); ok {
			hits = append(hits, SearchHit{Name: name, Kind: kind, InName: true, Score: score})
		}
	}
	for _, c := range s.Commands() {
		add(c.Name, RefCommand)
	}
	for _, e := range s.Events() {
		add(e.Name, RefEvent)
	}
	if len(hits) == before {
		return hits
	}
	slices.SortStableFunc(hits, func(a, b SearchHit) int {
		if c := cmp.Compare(b.Score, a.Score); c != 0 {
			return c
		}
		return strings.Compare(a.Name, b.Name)
	})
	return hits
}
