package views

import (
	"strings"

	"github.com/gdamore/tcell/v2"
	"github.com/qmpdash/qmpdash/views/widget"
)

// wrapProse lays out documentation text in lines of at most width cells,
// each starting with indent: paragraphs (separated by blank lines) are
// filled word by word, "- " bullets hang their continuation lines under
// the text, and lines indented by four spaces are preformatted and kept
// whole, since they hold tables and code that filling would scramble.
func wrapProse(text string, width int, indent string, style tcell.Style) []widget.Line {
	var out []widget.Line
	for i, para := range strings.Split(strings.TrimSpace(text), "\n\n") {
		if i > 0 {
			out = append(out, widget.Line{})
		}
		var run []string // lines of the paragraph being filled
		flush := func() {
			if len(run) > 0 {
				out = append(out, wrapWords(strings.Join(run, " "), width, indent, indent, style)...)
				run = nil
			}
		}
		for _, l := range strings.Split(para, "\n") {
			switch {
			case strings.HasPrefix(l, "    "):
				flush()
				out = append(out, widget.Line{{Text: indent + l, Style: style}})
			case strings.HasPrefix(l, "- "):
				flush()
				out = append(out, wrapWords(l, width, indent, indent+"  ", style)...)
			default:
				run = append(run, l)
			}
		}
		flush()
	}
	return out
}

// wrapWords fills the words of s into lines of at most width cells, the
// first starting with first and the others with rest. A word wider than
// a line gets a line of its own; TextPane scrolls to the rest of it.
func wrapWords(s string, width int, first, rest string, style tcell.Style) []widget.Line {
	var out []widget.Line
	var cur strings.Builder
	cur.WriteString(first)
	n, empty := widget.TextWidth(first), true
	for _, w := range strings.Fields(s) {
		ww := widget.TextWidth(w)
		if !empty && n+1+ww > width {
			out = append(out, widget.Line{{Text: cur.String(), Style: style}})
			cur.Reset()
			cur.WriteString(rest)
			n, empty = widget.TextWidth(rest), true
		}
		if !empty {
			cur.WriteByte(' ')
			n++
		}
		cur.WriteString(w)
		n += ww
		empty = false
	}
	if !empty {
		out = append(out, widget.Line{{Text: cur.String(), Style: style}})
	}
	return out
}
