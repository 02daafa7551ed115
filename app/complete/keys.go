package complete

import (
	"strings"

	"github.com/qmpdash/qmpdash/app/cmdline"
	"github.com/qmpdash/qmpdash/docs"
)

// keys completes an argument or, after a dot, a nested member: the members
// of the object the key is in that are not typed yet, the union tag first
// while it is unset, and once it is set the members its variant adds.
func (e *Engine) keys(text string, ctx cmdline.Context, continued bool) []Candidate {
	parent, leaf, ok := splitKeyPrefix(ctx.Prefix)
	if !ok {
		return nil
	}
	sc := scopeOf(text, ctx, continued)
	obj := objectBranch(sc.typeAt(e.schema, parent))
	if obj == nil {
		return nil
	}
	lists := [][]entry{e.info(obj).members}
	if obj.Tag != "" {
		if v, ok := sc.tagValue(parent, obj.Tag); ok {
			if vt := obj.Variant(v); vt != nil {
				lists = append(lists, e.info(vt).members)
			}
		}
	}
	dir := ctx.Prefix[:len(ctx.Prefix)-len(leaf)]
	hits := collect(leaf, byGroup, func(en *entry) bool {
		return !isUsed(ctx.Used, dir, en.cand.Display)
	}, lists...)
	if len(hits) == 0 {
		return nil
	}

	kind := Argument
	if len(parent) > 0 {
		kind = Member
	}
	// Replace only the level being typed. When the key goes on past the
	// cursor (fi|le.driver), keep the rest; when its '=' is already
	// there, replace through it rather than write a second one.
	sp := span{ctx.Start + len(dir), ctx.End}
	cursor := ctx.Start + len(ctx.Prefix)
	bare, withEq := false, false
	if i := strings.IndexByte(text[cursor:ctx.End], '.'); i >= 0 {
		sp.end, bare = cursor+i, true
	} else if ctx.End < len(text) && text[ctx.End] == '=' {
		sp.end, withEq = ctx.End+1, true
	}
	out := make([]Candidate, len(hits))
	for i, h := range hits {
		c := e.candidate(h.e, sp)
		c.Kind = kind
		switch {
		case bare:
			c.Text = c.Display
		case withEq:
			c.Text = h.e.eq
		}
		out[i] = c
	}
	return out
}

// splitKeyPrefix splits the key typed before the cursor into the path of
// the object it is in and the start of the member name: file.dri gives
// [file] and "dri". The parser splits it, so that dots inside a downstream
// name (__com.redhat_x) do not nest here either; the letter added makes a
// key that ends in a dot valid. ok is false for a malformed key.
func splitKeyPrefix(prefix string) (parent []string, leaf string, ok bool) {
	probe := "k " + prefix + "x="
	path := cmdline.Locate(probe, len(probe)).Path
	if len(path) == 0 {
		return nil, "", false
	}
	last := path[len(path)-1]
	return path[:len(path)-1], last[:len(last)-1], true
}

// objectBranch returns t if it is an object, the object branch if it is an
// alternate (file=node-name or file.driver=...), else nil.
func objectBranch(t *docs.Type) *docs.Type {
	if t == nil {
		return nil
	}
	if t.Kind == docs.KindAlternate {
		for _, alt := range t.Alternatives {
			if alt != nil && alt.Kind == docs.KindObject {
				return alt
			}
		}
	}
	if t.Kind == docs.KindObject {
		return t
	}
	return nil
}

// isUsed reports whether the key dir+name is typed already. A key typed
// as an object's member (cache.direct) leaves the object (cache) on offer:
// more of its members may follow.
func isUsed(used []string, dir, name string) bool {
	for _, u := range used {
		if len(u) == len(dir)+len(name) && strings.HasPrefix(u, dir) && u[len(dir):] == name {
			return true
		}
	}
	return false
}

// info returns the prepared typeInfo of t; types New did not reach offer
// nothing.
func (e *Engine) info(t *docs.Type) *typeInfo {
	if info := e.types[t]; info != nil {
		return info
	}
	return &noInfo
}

// noInfo is the typeInfo of a type with nothing to offer.
var noInfo typeInfo
