package complete

import (
	"strings"

	"github.com/qmpdash/qmpdash/app/cmdline"
)

// Live gives the current values of a VM's state for completion. It is
// called on every keystroke that completes a live-valued argument, so it
// must not wait: it answers from what it holds and may fetch fresher
// values in the background.
type Live interface {
	// Values returns the values of src. key narrows it: for Bitmap the
	// node typed as node= ("" for all nodes), for QOMPath the parent path
	// typed so far, ending in '/' (then the names of that object's
	// children); it is "" otherwise.
	Values(src Source, key string) []string
}

// WithLive returns a copy of e that also completes the arguments of
// liveArgs from l. e itself is unchanged.
func (e *Engine) WithLive(l Live) *Engine {
	c := *e
	c.live = l
	return &c
}

// liveValues completes the value of a top-level argument that liveArgs
// names from the engine's Live; nil when there is none.
func (e *Engine) liveValues(sc scope, ctx cmdline.Context, prefix string) []Candidate {
	if e.live == nil || len(ctx.Path) != 1 {
		return nil
	}
	src, ok := SourceOf(ctx.Command, ctx.Path[0])
	if !ok {
		return nil
	}
	key, shown := "", ""
	switch src {
	case Bitmap:
		key, _ = sc.tagValue(nil, "node")
	case QOMPath:
		key = prefix[:strings.LastIndexByte(prefix, '/')+1]
		if key == "" {
			key = "/"
		}
		shown = key
	}
	vals := e.live.Values(src, key)
	if len(vals) == 0 {
		return nil
	}
	list := make([]entry, len(vals))
	for i, v := range vals {
		if src == QOMPath {
			v = shown + v + "/"
		}
		list[i] = entry{folded: fold(v), cand: Candidate{
			Text: valueText(v), Display: v, Kind: Value, Type: "str", Summary: "live · " + src.String(),
		}}
	}
	return e.rank(prefix, span{ctx.Start, ctx.End}, byCloseness, list)
}
