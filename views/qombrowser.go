package views

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/gdamore/tcell/v2"
	"github.com/qmpdash/qmpdash/app/qom"
	"github.com/qmpdash/qmpdash/views/widget"
	"github.com/rivo/tview"
)

// qomPage names the QOM browser overlay in the dashboard's pages.
const qomPage = "qom"

// qomBrowser draws a VM's QOM tree (app/qom) one row a node, and holds
// the cursor by path, so that rows arriving above it do not move it. Each
// draw tells the model which values it shows (Want), so only those are
// read; values appear at the frame after their reply.
type qomBrowser struct {
	*tview.Box
	model *qom.Model
	theme widget.Theme
	// path is the selected row's node; index where it was last drawn.
	path  string
	index int
	top   int
	// searching is true while the search query is typed; query is the
	// last one, matches its paths and match the one gone to.
	searching bool
	query     string
	matches   []string
	match     int
	// note is a one-line message under the tree ("" for the hint).
	note string
}

func newQOMBrowser(m *qom.Model, th widget.Theme) *qomBrowser {
	b := &qomBrowser{Box: tview.NewBox(), model: m, theme: th, path: "/"}
	b.SetBorder(true)
	return b
}

// selected is the row under the cursor in rows, and its index.
func (b *qomBrowser) selected(rows []qom.Row) (qom.Row, int) {
	for i, r := range rows {
		if r.Path == b.path {
			b.index = i
			return r, i
		}
	}
	i := min(b.index, len(rows)-1)
	if i < 0 {
		return qom.Row{}, -1
	}
	return rows[i], i
}

// move puts the cursor by rows down (up when negative).
func (b *qomBrowser) move(by int) {
	rows := b.model.Rows()
	_, i := b.selected(rows)
	if i < 0 {
		return
	}
	i = max(0, min(len(rows)-1, i+by))
	b.path, b.index = rows[i].Path, i
}

// Draw renders the visible rows and asks the model for their values.
func (b *qomBrowser) Draw(screen tcell.Screen) {
	title := " QOM · " + b.path + " "
	if n := b.model.Refused(); n > 0 {
		title += "· " + strconv.Itoa(n) + " nodes over the cap left out "
	}
	b.SetTitle(widget.SafeTitle(title))
	b.Box.DrawForSubclass(screen, b)
	x, y, w, h := b.GetInnerRect()
	if h < 2 {
		return
	}
	rows := b.model.Rows()
	_, sel := b.selected(rows)
	treeH := h - 1
	if sel < b.top {
		b.top = sel
	} else if sel >= b.top+treeH {
		b.top = sel - treeH + 1
	}
	b.top = max(0, min(b.top, len(rows)-treeH))
	var want []string
	for i := 0; i < treeH && b.top+i < len(rows); i++ {
		r := rows[b.top+i]
		if r.Kind != qom.Object {
			want = append(want, r.Path)
		}
		line := b.rowLine(r)
		if b.top+i == sel {
			for j := range line {
				line[j].Style = b.theme.Selected
			}
		}
		widget.DrawLine(screen, x, y+i, w, line, 0)
	}
	b.model.Want(want)
	widget.DrawLine(screen, x, y+h-1, w, b.footer(), 0)
}

// rowLine lays out one row: indent, marker, name, type, value or error.
func (b *qomBrowser) rowLine(r qom.Row) widget.Line {
	th := b.theme
	marker := "  "
	switch {
	case r.Kind == qom.Link:
		marker = "→ "
	case r.Kind == qom.Object && r.Loading:
		marker = "… "
	case r.Kind == qom.Object && r.Expanded:
		marker = "▾ "
	case r.Kind == qom.Object:
		marker = "▸ "
	}
	line := widget.Line{{Text: strings.Repeat("  ", r.Depth) + marker, Style: th.Dim},
		{Text: widget.Safe(r.Name), Style: th.Base}}
	if r.Type != "" {
		line = append(line, widget.Span{Text: "  " + widget.Safe(r.Type), Style: th.Dim})
	}
	switch {
	case r.Err != "":
		line = append(line, widget.Span{Text: "  ! " + widget.Safe(r.Err), Style: th.Error})
	case r.Value != "":
		line = append(line, widget.Span{Text: " = " + widget.Safe(r.Value), Style: th.String})
	case r.Partial:
		line = append(line, widget.Span{Text: "  (some properties over the cap left out)", Style: th.Warning})
	}
	return line
}

// footer is the search being typed, a note, or the hint.
func (b *qomBrowser) footer() widget.Line {
	switch {
	case b.searching:
		return widget.Line{{Text: "/" + widget.Safe(b.query), Style: b.theme.Base}, {Text: "▏", Style: b.theme.Dim}}
	case b.note != "":
		return widget.Line{{Text: widget.Safe(b.note), Style: b.theme.Dim}}
	}
	return widget.Line{{Text: "Enter/→/←: expand, collapse · f: follow a link · /: search · e: set · Esc closes", Style: b.theme.Dim}}
}

// searchKey takes a key while the query is typed: text, Backspace, Enter
// to search, Esc to stop. It reports whether it took the key.
func (b *qomBrowser) searchKey(ev *tcell.EventKey) bool {
	if !b.searching {
		return false
	}
	switch ev.Key() {
	case tcell.KeyRune:
		b.query += string(ev.Rune())
	case tcell.KeyBackspace, tcell.KeyBackspace2:
		if len(b.query) > 0 {
			_, size := utf8.DecodeLastRuneInString(b.query)
			b.query = b.query[:len(b.query)-size]
		}
	case tcell.KeyEnter:
		b.searching = false
		b.matches, b.match = b.model.Search(b.query), -1
		b.next()
	case tcell.KeyEscape:
		b.searching = false
	default:
		return false
	}
	return true
}

// next goes to the next match of the last search.
func (b *qomBrowser) next() {
	if len(b.matches) == 0 {
		b.note = "no loaded name holds " + strconv.Quote(b.query) + " (only expanded objects are searched)"
		return
	}
	b.match = (b.match + 1) % len(b.matches)
	b.goTo(b.matches[b.match], false)
	b.note = "match " + strconv.Itoa(b.match+1) + " of " + strconv.Itoa(len(b.matches)) + " · n: next"
}

// goTo selects the node at path, expanding the objects on the way (and
// the object at path with open).
func (b *qomBrowser) goTo(path string, open bool) {
	b.model.Reveal(path, open)
	b.path = path
}
