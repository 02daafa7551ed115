package widget

import (
	"strings"
	"unicode/utf8"

	"github.com/qmpdash/qmpdash/app/termtext"

	"github.com/gdamore/tcell/v2"
	"github.com/rivo/uniseg"
)

// Span is a run of text drawn in one style.
type Span struct {
	Text  string
	Style tcell.Style
}

// Line is one screen line of styled text, before clipping or scrolling.
type Line []Span

// maxClusterBytes caps one grapheme cluster: a base rune followed by a
// megabyte of combining marks is one cluster, and the terminal would be
// sent all of it for a single cell on every frame.
const maxClusterBytes = 64

// Safe is termtext.EscapeControls: every string a view draws goes through it.
func Safe(s string) string { return termtext.EscapeControls(s) }

// DrawLine draws line on row y from column x, showing the line's columns
// [skip, skip+width): skip is the horizontal scroll. Every span goes through
// Safe first, so callers cannot forget it. Grapheme clusters are kept whole:
// a wide rune (two cells) cut by either edge is shown as blank cells rather
// than half a glyph, combining marks stay on their base cell, and clusters
// of width zero with nothing to attach to (a combining mark at the start)
// are not drawn at all; Safe has escaped format characters such as the
// bidi override U+202E. It returns the number of cells
// drawn, at most width.
func DrawLine(screen tcell.Screen, x, y, width int, line Line, skip int) int {
	if width <= 0 {
		return 0
	}
	skip = max(skip, 0)
	end := skip + width
	col := 0
	for _, sp := range line {
		text := Safe(sp.Text)
		state := -1
		for text != "" && col < end {
			var cluster string
			var w int
			cluster, text, w, state = firstCluster(text, state)
			switch {
			case w == 0 || col+w <= skip:
				// Invisible, or scrolled off to the left.
			case col < skip || col+w > end:
				// Half of a wide cluster is all that would show.
				for c := max(col, skip); c < min(col+w, end); c++ {
					screen.Put(x+c-skip, y, " ", sp.Style)
				}
			default:
				screen.Put(x+col-skip, y, capCluster(cluster), sp.Style)
			}
			col += w
		}
		if col >= end {
			break
		}
	}
	return min(max(col-skip, 0), width)
}

// firstCluster is uniseg.FirstGraphemeClusterInString, without parsing
// a printable ASCII character that another ASCII byte (or nothing)
// follows: it is a cluster of its own, one cell wide, and it ends
// whatever sequence the state described. Most of what the panes draw is
// such characters.
func firstCluster(text string, state int) (cluster, rest string, width, newState int) {
	if text[0] >= ' ' && text[0] < 0x7f && (len(text) == 1 || text[1] < 0x80) {
		return text[:1], text[1:], 1, -1
	}
	return uniseg.FirstGraphemeClusterInString(text, state)
}

// capCluster cuts an oversized cluster at a rune boundary.
func capCluster(c string) string {
	if len(c) <= maxClusterBytes {
		return c
	}
	n := maxClusterBytes
	for n > 0 && !utf8.RuneStart(c[n]) {
		n--
	}
	return c[:n]
}

// Width is the number of cells the line takes when drawn by DrawLine.
func (l Line) Width() int {
	w := 0
	for _, sp := range l {
		w += TextWidth(sp.Text)
	}
	return w
}

// TextWidth is the number of cells DrawLine takes for s: its length when
// it is all printable ASCII (most of what the panes draw), without
// parsing it.
func TextWidth(s string) int {
	for i := 0; i < len(s); i++ {
		if s[i] < ' ' || s[i] >= 0x7f {
			return uniseg.StringWidth(Safe(s))
		}
	}
	return len(s)
}

// Text is the line's text without its styles.
func (l Line) Text() string {
	var sb strings.Builder
	for _, sp := range l {
		sb.WriteString(sp.Text)
	}
	return sb.String()
}
