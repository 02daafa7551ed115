package complete

import "strings"

// tier says how well a typed query matches a name; lower is better.
type tier int8

const (
	tierExact       tier = iota // the whole name
	tierPrefix                  // the start of the name
	tierWordStart               // a subsequence entering each word at its start: qs → query-status
	tierSubsequence             // any other subsequence
	noMatch
)

// maxWordStartQuery bounds the queries tried as word-start subsequences:
// the matcher tracks its states in the bits of a uint64. Longer queries
// still match exactly, as a prefix or as a plain subsequence.
const maxWordStartQuery = 63

// query is what the user typed, folded once per call.
type query struct {
	folded  string // fold applied
	letters string // folded without separators, for the subsequence tiers
}

// newQuery folds s for matching against folded names.
func newQuery(s string) query {
	folded := fold(s)
	letters := folded
	if strings.ContainsAny(folded, "-.") {
		letters = strings.Map(func(r rune) rune {
			if r == '-' || r == '.' {
				return -1
			}
			return r
		}, folded)
	}
	return query{folded: folded, letters: letters}
}

// fold lower-cases ASCII letters and writes '_' as '-': QEMU mixes both
// separators (block_resize, blockdev-add) and events are upper case with
// underscores, so users should not have to remember which.
func fold(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'A' && c <= 'Z':
			c += 'a' - 'A'
		case c == '_':
			c = '-'
		}
		b.WriteByte(c)
	}
	return b.String()
}

// match ranks a folded name against q. The empty query matches every name
// as a prefix.
func (q *query) match(name string) tier {
	switch {
	case name == q.folded:
		return tierExact
	case strings.HasPrefix(name, q.folded):
		return tierPrefix
	case len(q.letters) == 0 || len(q.letters) > len(name):
		return noMatch
	case len(q.letters) <= maxWordStartQuery && wordStartMatch(name, q.letters):
		return tierWordStart
	case isSubsequence(name, q.letters):
		return tierSubsequence
	}
	return noMatch
}

// isSeparator reports whether c separates the words of a folded name.
func isSeparator(c byte) bool {
	return c == '-' || c == '.'
}

// wordStartMatch reports whether q is a subsequence of name such that the
// first character matched in any word is that word's first character, the
// way "bdadd" picks b·d from blockdev and a·d·d from add. Greedy matching
// can miss such an alignment ("ad" in block-dirty-bitmap-add would take
// the a of bitmap), so this runs the automaton over every alignment at
// once: bit i of a state set means "i characters of q matched".
func wordStartMatch(name, q string) bool {
	done := uint64(1) << len(q)
	// inWord: alignments that matched in the current word, which may go
	// on matching anywhere in it; fresh: those that did not, which may
	// only match at its first character.
	var inWord, fresh uint64 = 0, 1
	atStart := true
	for i := 0; i < len(name); i++ {
		c := name[i]
		if isSeparator(c) {
			fresh, inWord, atStart = fresh|inWord, 0, true
			continue
		}
		var hits uint64 // positions of q holding c
		for j := 0; j < len(q); j++ {
			if q[j] == c {
				hits |= 1 << j
			}
		}
		next := (inWord & hits) << 1
		if atStart {
			next |= (fresh & hits) << 1
		}
		inWord |= next
		atStart = false
		if inWord&done != 0 {
			return true
		}
	}
	return false
}

// isSubsequence reports whether the characters of q appear in name in
// order; greedy matching is exact for plain subsequences.
func isSubsequence(name, q string) bool {
	j := 0
	for i := 0; i < len(name) && j < len(q); i++ {
		if name[i] == q[j] {
			j++
		}
	}
	return j == len(q)
}
