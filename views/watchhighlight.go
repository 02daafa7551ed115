package views

import (
	"github.com/gdamore/tcell/v2"
	"github.com/qmpdash/qmpdash/app/jsondiff"
	"github.com/qmpdash/qmpdash/views/widget"
	"github.com/tidwall/gjson"
)

// expandedLines maps the paths of a reply (as jsondiff.Diff writes them) to
// the line where their value starts in its Expanded rendering: one line per
// scalar, an empty object or array on one line, any other opening its own
// line, its members or elements, then a closing line.
func expandedLines(reply []byte) map[string]int {
	lines := map[string]int{}
	n := 0
	var walk func(path string, v gjson.Result)
	walk = func(path string, v gjson.Result) {
		lines[path] = n
		n++
		if !v.IsObject() && !v.IsArray() {
			return
		}
		members := 0
		i := 0
		v.ForEach(func(k, child gjson.Result) bool {
			members++
			if v.IsObject() {
				walk(jsondiff.MemberPath(path, k.Str), child)
			} else {
				walk(jsondiff.ElementPath(path, i), child)
				i++
			}
			return true
		})
		if members > 0 {
			n++ // the closing line
		}
	}
	walk(jsondiff.RootPath, gjson.ParseBytes(reply))
	return lines
}

// highlighted shows src with the given lines drawn in one style.
type highlighted struct {
	src   widget.LineSource
	lines map[int]bool
	style tcell.Style
}

// Len is src's.
func (h highlighted) Len() int { return h.src.Len() }

// Lines returns src's lines, those in h.lines restyled.
func (h highlighted) Lines(from, n int) []widget.Line {
	got := h.src.Lines(from, n)
	for i, l := range got {
		if !h.lines[from+i] {
			continue
		}
		marked := make(widget.Line, len(l))
		for j, sp := range l {
			marked[j] = widget.Span{Text: sp.Text, Style: h.style}
		}
		got[i] = marked
	}
	return got
}

// changedLines are the Expanded lines of reply where a change of changes
// shows (a removed path has no line).
func changedLines(reply []byte, changes []jsondiff.Change) map[int]bool {
	at := expandedLines(reply)
	out := map[int]bool{}
	for _, c := range changes {
		if l, ok := at[c.Path]; ok && c.Kind != jsondiff.Removed {
			out[l] = true
		}
	}
	return out
}
