package complete

import (
	"slices"
	"strings"

	"github.com/qmpdash/qmpdash/app/cmdline"
)

// Live gives the current values of a VM's state for completion. It is
// called on every keystroke that completes a live-valued argument, so it
// must not wait: it answers from what it holds and may fetch fresher
// values in the background.
type Live interface {
	// Values returns the values of src, in one or more lists. key
	// narrows it: for Bitmap the node typed as node= ("" for all
	// nodes), for QOMPath the parent path typed so far, ending in '/'
	// (then that object's children, as whole paths ending in '/'); it is
	// "" otherwise.
	Values(src Source, key string) []LiveValues
}

// LiveValues is a list of values prepared for completion. Prepare them
// once when they arrive (PrepareValues), off the UI goroutine, so that a
// keystroke only matches and ranks them.
type LiveValues struct{ entries []entry }

// PrepareValues prepares vals for completion; it quotes each as the
// command language needs.
func PrepareValues(vals []string) LiveValues {
	l := LiveValues{entries: make([]entry, len(vals))}
	for i, v := range vals {
		l.entries[i] = entry{folded: fold(v), cand: Candidate{Text: valueText(v), Display: v, Kind: Value, Type: "str"}}
	}
	return l
}

// Len returns the number of values.
func (l LiveValues) Len() int { return len(l.entries) }

// Strings returns the values as given to PrepareValues.
func (l LiveValues) Strings() []string {
	out := make([]string, len(l.entries))
	for i, en := range l.entries {
		out[i] = en.cand.Display
	}
	return out
}

// WithLive returns a copy of e that also completes the arguments of
// liveArgs from l. e itself is unchanged.
func (e *Engine) WithLive(l Live) *Engine {
	c := *e
	c.live = l
	return &c
}

// liveValues completes the value of a top-level argument that liveArgs
// names from the engine's Live; nil when there is none. A value in two
// lists is offered once.
func (e *Engine) liveValues(sc scope, ctx cmdline.Context, prefix string) []Candidate {
	if e.live == nil || len(ctx.Path) != 1 {
		return nil
	}
	src, ok := SourceOf(ctx.Command, ctx.Path[0])
	if !ok {
		return nil
	}
	key := ""
	switch src {
	case Bitmap:
		key, _ = sc.tagValue(nil, "node")
	case QOMPath:
		key = prefix[:strings.LastIndexByte(prefix, '/')+1]
		if key == "" {
			key = "/"
		}
	}
	vals := e.live.Values(src, key)
	lists := make([][]entry, len(vals))
	for i, v := range vals {
		lists[i] = v.entries
	}
	out := e.rank(prefix, span{ctx.Start, ctx.End}, byCloseness, lists...)
	if len(lists) > 1 { // the same value ranks the same: next to itself
		out = slices.CompactFunc(out, func(a, b Candidate) bool { return a.Text == b.Text })
	}
	marker := "live · " + src.String()
	for i := range out {
		out[i].Summary = marker
	}
	return out
}
