package complete

import (
	"cmp"
	"slices"
	"strings"
)

// entry is one precomputed candidate: its ranking keys and the Candidate
// handed out for it, which lacks only its span.
type entry struct {
	folded string // the name as fold writes it
	// group ranks entries that match equally well: for members the union
	// tag, then required, optional and deprecated ones; for names the
	// deprecated ones after the rest.
	group int8
	// hooked says that Summaries may know the name better than the
	// generated summary.
	hooked bool
	// eq is "name=", inserted for a member when the line already has the
	// rest of the key or its '='; cand.Text is what a fresh key gets.
	eq   string
	cand Candidate
}

// span is the byte range a candidate replaces.
type span struct{ start, end int }

// order says how entries that match equally well are ranked.
type order int

const (
	// byCloseness: group, then shorter names first (closer to what was
	// typed), then alphabetical. With nothing typed, length says nothing,
	// so it is alphabetical within groups.
	byCloseness order = iota
	// byGroup: group, then alphabetical, so required arguments come first.
	byGroup
)

// hit is an entry that matched, with how well.
type hit struct {
	e    *entry
	tier tier
}

// collect returns the entries of lists matching prefix, for which keep
// (when not nil) holds, ranked by o.
func collect(prefix string, o order, keep func(*entry) bool, lists ...[]entry) []hit {
	q := newQuery(prefix)
	var hits []hit
	for _, list := range lists {
		for i := range list {
			en := &list[i]
			if keep != nil && !keep(en) {
				continue
			}
			if t := q.match(en.folded); t != noMatch {
				hits = append(hits, hit{en, t})
			}
		}
	}
	byLength := o == byCloseness && prefix != ""
	slices.SortFunc(hits, func(a, b hit) int {
		c := cmp.Or(cmp.Compare(a.tier, b.tier), cmp.Compare(a.e.group, b.e.group))
		if c == 0 && byLength {
			c = cmp.Compare(len(a.e.folded), len(b.e.folded))
		}
		// Display last: names that differ only in '-' and '_' fold alike.
		return cmp.Or(c, strings.Compare(a.e.folded, b.e.folded), strings.Compare(a.e.cand.Display, b.e.cand.Display))
	})
	return hits
}

// rank returns the entries of lists matching prefix as candidates over sp,
// best first.
func (e *Engine) rank(prefix string, sp span, o order, lists ...[]entry) []Candidate {
	hits := collect(prefix, o, nil, lists...)
	if len(hits) == 0 {
		return nil
	}
	out := make([]Candidate, len(hits))
	for i, h := range hits {
		out[i] = e.candidate(h.e, sp)
	}
	return out
}

// candidate returns en's Candidate over sp, with the hook's summary when
// it has one.
func (e *Engine) candidate(en *entry, sp span) Candidate {
	c := en.cand
	c.Start, c.End = sp.start, sp.end
	if en.hooked && e.sum != nil {
		if s := e.sum.Summary(c.Display); s != "" {
			c.Summary = s
		}
	}
	return c
}
