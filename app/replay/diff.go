package replay

import (
	"fmt"
	"sort"
	"strconv"

	"github.com/tidwall/gjson"

	"github.com/qmpdash/qmpdash/app/termtext"
)

// maxDiffLines bounds the differences DiffReplies lists.
const maxDiffLines = 20

// maxDiffDepth bounds how deep DiffReplies follows nested values (gjson
// recurses per level); deeper ones are compared whole.
const maxDiffDepth = 64

// DiffReplies compares a recorded reply with a new one, leaf by leaf,
// ignoring the id: each difference is one line, "- path=old" for a value
// only recorded, "+ path=new" for one only new, "~ path: old → new" for a
// changed one, in path order; values are condensed and the list is cut
// after 20 lines. Values that vary by nature (times, counters, addresses)
// show up as differences too: nothing is ignored but the id.
func DiffReplies(recorded, got []byte) []string {
	if got == nil {
		return []string{"no reply to compare"}
	}
	old, cur := leaves(recorded), leaves(got)
	paths := make([]string, 0, len(old)+len(cur))
	for p := range old {
		paths = append(paths, p)
	}
	for p := range cur {
		if _, ok := old[p]; !ok {
			paths = append(paths, p)
		}
	}
	sort.Strings(paths)
	var out []string
	for _, p := range paths {
		o, inOld := old[p]
		n, inNew := cur[p]
		switch {
		case !inNew:
			out = append(out, "- "+p+"="+o)
		case !inOld:
			out = append(out, "+ "+p+"="+n)
		case o != n:
			out = append(out, "~ "+p+": "+o+" → "+n)
		}
	}
	if len(out) > maxDiffLines {
		out = append(out[:maxDiffLines], fmt.Sprintf("… %d more differences", len(out)-maxDiffLines))
	}
	return out
}

// leaves flattens a reply without its id into path → condensed value.
func leaves(msg []byte) map[string]string {
	m := map[string]string{}
	gjson.ParseBytes(msg).ForEach(func(k, v gjson.Result) bool {
		if k.Str != "id" {
			flatten(k.Str, v, m, 0)
		}
		return true
	})
	return m
}

func flatten(path string, v gjson.Result, m map[string]string, depth int) {
	empty := true
	if depth < maxDiffDepth && (v.IsObject() || v.IsArray()) {
		i := 0
		v.ForEach(func(k, el gjson.Result) bool {
			empty = false
			if v.IsArray() {
				flatten(path+"["+strconv.Itoa(i)+"]", el, m, depth+1)
			} else {
				flatten(path+"."+k.Str, el, m, depth+1)
			}
			i++
			return true
		})
	}
	switch {
	case !empty:
	case v.IsObject() || v.IsArray():
		m[path] = v.Raw // empty, or nested too deep to follow
	default:
		m[path] = termtext.Condense([]byte(v.Raw), 60)
	}
}
