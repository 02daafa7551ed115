package views

import (
	"strings"

	"github.com/gdamore/tcell/v2"
	"github.com/qmpdash/qmpdash/docs"
	"github.com/qmpdash/qmpdash/keymap"
	"github.com/qmpdash/qmpdash/views/widget"
	"github.com/rivo/tview"
)

// docsPage names the documentation overlay in the dashboard's pages.
const docsPage = "docs"

// docsOverlay shows the documentation of commands and events, and a
// search across them. What it shows is a stack: an entry opened from the
// search goes on top of it, and Esc goes back one step (search → entry →
// closed). The dashboard routes its keys; the overlay only changes what
// it shows.
type docsOverlay struct {
	*tview.Flex
	theme  widget.Theme
	km     *keymap.Keymap
	search *docsSearch
	hint   *widget.LineView
	stack  []*docView // nil elements stand for the search
}

// newDocsOverlay builds a closed overlay; find answers searches.
func newDocsOverlay(th widget.Theme, km *keymap.Keymap, find func(string) []docs.SearchHit) *docsOverlay {
	o := &docsOverlay{Flex: tview.NewFlex().SetDirection(tview.FlexRow), theme: th, km: km,
		search: newDocsSearch(th, find), hint: widget.NewLineView()}
	o.SetBorder(true)
	return o
}

// docView is one entry. It is laid out again whenever its width changes,
// since the prose is filled to the width, which only drawing knows, and
// whenever an argument expands or collapses. Tab and n/N select the
// entry's targets (links and expandable arguments) in turn.
type docView struct {
	*widget.TextPane
	entry docEntry
	theme widget.Theme
	width int
	src   docLines
}

func newDocView(e docEntry, th widget.Theme) *docView {
	v := &docView{TextPane: widget.NewTextPane(), entry: e, theme: th, width: -1, src: docLines{sel: -1}}
	v.SetBorder(false)
	v.SetSource(&v.src)
	return v
}

// Draw lays the entry out for the current width, from its top, then
// draws it.
func (v *docView) Draw(screen tcell.Screen) {
	if _, _, w, _ := v.GetInnerRect(); w != v.width {
		v.width = w
		v.src.relayout(renderDoc(v.entry, v.theme, w))
		v.Home()
	}
	v.TextPane.Draw(screen)
}

// selectNext moves the selection to the next target (delta 1) or the
// previous one (-1) and scrolls it into view.
func (v *docView) selectNext(delta int) {
	v.src.move(delta)
	t, ok := v.src.selected()
	if !ok {
		return
	}
	_, _, _, height := v.GetInnerRect()
	// Doc views do not wrap, so a line is a row.
	if top := v.TopLine(); t.line < top || t.line >= top+height {
		v.Home()
		v.Scroll(t.line - height/3)
	}
}

// selected returns the selected target.
func (v *docView) selected() (docTarget, bool) { return v.src.selected() }

// toggle expands or collapses the argument with key, keeping the scroll
// position and the selection.
func (v *docView) toggle(key string) {
	if v.entry.expanded == nil {
		v.entry.expanded = make(map[string]bool)
	}
	v.entry.expanded[key] = !v.entry.expanded[key]
	v.src.relayout(renderDoc(v.entry, v.theme, max(v.width, 0)))
}

// reset empties the stack, for a fresh opening.
func (o *docsOverlay) reset() { o.stack = o.stack[:0] }

// pushDoc shows an entry on top of what is shown.
func (o *docsOverlay) pushDoc(e docEntry) {
	v := newDocView(e, o.theme)
	o.stack = append(o.stack, v)
	o.showHint()
	o.layout()
}

// pushSearch shows the search for query on top of what is shown.
func (o *docsOverlay) pushSearch(query string) {
	o.stack = append(o.stack, nil)
	o.search.setQuery(query)
	o.layout()
}

// back goes one step back; it reports false when nothing is left to show
// and the overlay should close.
func (o *docsOverlay) back() bool {
	if len(o.stack) > 0 {
		o.stack = o.stack[:len(o.stack)-1]
	}
	if len(o.stack) == 0 {
		return false
	}
	o.showHint()
	o.layout()
	return true
}

// searching reports whether the search is in front.
func (o *docsOverlay) searching() bool { return len(o.stack) > 0 && o.stack[len(o.stack)-1] == nil }

// entry is the entry in front, nil while searching.
func (o *docsOverlay) entry() *docEntry {
	if v := o.view(); v != nil {
		return &v.entry
	}
	return nil
}

// view is the entry's view in front, nil while searching.
func (o *docsOverlay) view() *docView {
	if len(o.stack) == 0 || o.searching() {
		return nil
	}
	return o.stack[len(o.stack)-1]
}

// focusTarget is the primitive that takes the keys of what is in front.
func (o *docsOverlay) focusTarget() tview.Primitive {
	if o.searching() || len(o.stack) == 0 {
		return o.search.field
	}
	return o.stack[len(o.stack)-1]
}

// layout puts what is in front into the overlay.
func (o *docsOverlay) layout() {
	o.Clear()
	if o.searching() || len(o.stack) == 0 {
		o.SetTitle(" Search commands and events ")
		o.AddItem(o.search, 0, 1, true)
		return
	}
	v := o.stack[len(o.stack)-1]
	o.SetTitle(widget.SafeTitle(" Documentation · " + v.entry.doc.Name + " "))
	o.AddItem(v, 0, 1, true).AddItem(o.hint, 1, 0, false)
}

// say replaces the key hints with a message until the next entry opens.
func (o *docsOverlay) say(msg string, style tcell.Style) {
	o.hint.Line = widget.Line{{Text: " " + msg, Style: style}}
}

// showHint lists the overlay's keys as the keymap binds them.
func (o *docsOverlay) showHint() {
	var parts []string
	for _, a := range []struct {
		action keymap.Action
		what   string
	}{{keymap.DocsInsert, "insert example"}, {keymap.DocsSearch, "search"}, {keymap.OverlayClose, "back"}} {
		if keys := o.km.KeysOf(a.action); len(keys) > 0 {
			parts = append(parts, keys[0].String()+" "+a.what)
		}
	}
	parts = append(parts, "Tab n N select · Enter open/expand", "↑↓ PgUp PgDn scroll")
	o.hint.Line = widget.Line{{Text: " " + strings.Join(parts, " · "), Style: o.theme.Dim}}
}

// nearlyFull places p over most of the screen, leaving a margin so the
// dashboard stays in view: the documentation needs the width, and a fixed
// size would not fit small terminals.
func nearlyFull(p tview.Primitive) tview.Primitive {
	column := tview.NewFlex().SetDirection(tview.FlexRow).
		AddItem(nil, 0, 1, false).AddItem(p, 0, 12, true).AddItem(nil, 0, 1, false)
	return tview.NewFlex().AddItem(nil, 0, 1, false).AddItem(column, 0, 16, true).AddItem(nil, 0, 1, false)
}
