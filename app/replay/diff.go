package replay

import (
	"fmt"
	"strings"

	"github.com/qmpdash/qmpdash/app/jsondiff"
	"github.com/qmpdash/qmpdash/app/termtext"
)

// maxDiffLines bounds the differences DiffReplies lists.
const maxDiffLines = 20

// DiffReplies compares a recorded reply with a new one by path, ignoring
// the id: each difference is one line, "- path=old" for a value only
// recorded, "+ path=new" for one only new, "~ path: old → new" for a
// changed one, in the order of the new reply (paths as jsondiff writes
// them); values are condensed and the list is cut after 20 lines. Values
// that vary by nature (times, counters, addresses) show up as differences
// too: nothing is ignored but the id.
func DiffReplies(recorded, got []byte) []string {
	if got == nil {
		return []string{"no reply to compare"}
	}
	changes, total := jsondiff.Diff(recorded, got)
	var out []string
	for _, c := range changes {
		if isID(c.Path) {
			continue
		}
		old, cur := condensed(c.Old), condensed(c.New)
		switch c.Kind {
		case jsondiff.Removed:
			out = append(out, "- "+c.Path+"="+old)
		case jsondiff.Added:
			out = append(out, "+ "+c.Path+"="+cur)
		default:
			out = append(out, "~ "+c.Path+": "+old+" → "+cur)
		}
	}
	// Diff keeps a bounded number of changes but counts them all.
	if more := len(out) - maxDiffLines + total - len(changes); more > 0 {
		out = append(out[:min(len(out), maxDiffLines)], fmt.Sprintf("… %d more differences", more))
	}
	return out
}

// isID tells the reply's id, and anything inside it, by its path.
func isID(path string) bool {
	const id = ".id"
	return path == id || strings.HasPrefix(path, id+".") || strings.HasPrefix(path, id+"[")
}

// condensed is a raw JSON value as one short line; an empty object or
// array, which condenses to nothing, stays as it is.
func condensed(raw string) string {
	if s := termtext.Condense([]byte(raw), 60); s != "" {
		return s
	}
	return raw
}
