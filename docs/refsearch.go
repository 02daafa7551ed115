package docs

import (
	"cmp"
	"slices"
	"strings"
)

// SearchHit is one result of Index.Search.
type SearchHit struct {
	Name string
	Kind RefKind
	// InName reports whether the query matched the name; otherwise it
	// was found in the text, and Snippet shows where.
	InName  bool
	Snippet string
	// Score orders hits, higher first; it has no meaning beyond that.
	Score int
}

// Search finds definitions for query: names that contain the query's
// characters in order (a fuzzy subsequence, ignoring case and the
// difference between "-" and "_"), then definitions whose summary,
// description or member descriptions contain the query as a substring.
// Name hits come first, exact and prefix matches before looser ones;
// ties are sorted by name. An empty query finds nothing.
func (ix *Index) Search(query string) []SearchHit {
	q := foldName(strings.TrimSpace(query))
	if q == "" || ix == nil {
		return nil
	}
	textQ := strings.ToLower(strings.TrimSpace(query))
	var hits []SearchHit
	for _, name := range ix.names {
		r := ix.refs[name]
		if score, ok := nameScore(foldName(name), q); ok {
			hits = append(hits, SearchHit{Name: name, Kind: r.Kind, InName: true, Score: score})
			continue
		}
		if snip, ok := textMatch(r, textQ); ok {
			hits = append(hits, SearchHit{Name: name, Kind: r.Kind, Snippet: snip})
		}
	}
	slices.SortStableFunc(hits, func(a, b SearchHit) int {
		if c := cmp.Compare(b.Score, a.Score); c != 0 {
			return c
		}
		return strings.Compare(a.Name, b.Name)
	})
	return hits
}

// nameScore rates how well the folded name matches the folded query.
// Name hits always score above text hits (score 0).
func nameScore(name, q string) (int, bool) {
	switch {
	case name == q:
		return 4000, true
	case strings.HasPrefix(name, q):
		return 3000 - len(name), true
	case strings.Contains(name, q):
		return 2000 - len(name), true
	}
	// Subsequence: fewer skipped characters between matches is better.
	gaps, last := 0, -1
	i := 0
	for j := 0; j < len(name) && i < len(q); j++ {
		if name[j] == q[i] {
			if last >= 0 {
				gaps += j - last - 1
			}
			last = j
			i++
		}
	}
	if i < len(q) {
		return 0, false
	}
	return max(1000-gaps*10-len(name), 1), true
}

// snippetRadius is how much context a text hit shows on each side.
const snippetRadius = 30

// textMatch looks for q in r's prose and returns the surrounding text.
func textMatch(r *Ref, q string) (string, bool) {
	texts := []string{r.Summary, r.Body}
	for _, m := range r.Members {
		texts = append(texts, m.Description)
	}
	for _, t := range texts {
		lower := strings.ToLower(t)
		i := strings.Index(lower, q)
		if i < 0 {
			continue
		}
		if len(lower) != len(t) {
			t = lower // offsets are into lower; some runes change size
		}
		start, end := max(i-snippetRadius, 0), min(i+len(q)+snippetRadius, len(t))
		return strings.ToValidUTF8(strings.Join(strings.Fields(t[start:end]), " "), ""), true
	}
	return "", false
}
