package views

import (
	"strings"

	"github.com/gdamore/tcell/v2"
	"github.com/qmpdash/qmpdash/docs"
	"github.com/qmpdash/qmpdash/keymap"
	"github.com/tidwall/gjson"
)

// The documentation overlay in the dashboard: F1, :doc NAME and d on an
// event open it; the schema comes from the live session, the prose from
// the documentation index the session loaded in the background.

// docSummaries gives the completion popup the documentation's first
// sentence of each command and event.
type docSummaries struct{ ix *docs.Index }

// Summary returns name's documented summary, "" when there is none.
func (s docSummaries) Summary(name string) string {
	if r := s.ix.Lookup(name); r != nil {
		return r.Summary
	}
	return ""
}

// openDocs shows the documentation of name, or a search for it when
// neither the schema nor the documentation knows the name.
func (d *Dashboard) openDocs(name string) {
	d.ensureDocs()
	doc := d.session.Docs().Describe(d.session.Schema(), name)
	if doc == nil {
		d.docs.pushSearch(name)
	} else {
		d.docs.pushDoc(docEntry{doc: doc, schema: d.session.Schema(), ix: d.session.Docs(), note: d.session.DocsNote()})
	}
	d.app.SetFocus(d.docs.focusTarget())
}

// openDocsSearch shows the search, with query typed in.
func (d *Dashboard) openDocsSearch(query string) {
	d.ensureDocs()
	d.docs.pushSearch(query)
	d.app.SetFocus(d.docs.focusTarget())
}

// ensureDocs puts the overlay in front, empty, unless it already is.
func (d *Dashboard) ensureDocs() {
	if d.docs == nil {
		d.docs = newDocsOverlay(d.theme, d.km, func(q string) []docs.SearchHit {
			return d.session.Docs().SearchLive(d.session.Schema(), q)
		})
	}
	if name, _ := d.pages.GetFrontPage(); name == docsPage {
		return
	}
	d.docsReturn = d.app.GetFocus()
	d.docs.reset()
	d.pages.AddPage(docsPage, nearlyFull(d.docs), true, true)
}

// closeDocs removes the overlay and gives focus back to where it was.
func (d *Dashboard) closeDocs() {
	d.pages.RemovePage(docsPage)
	if d.docsReturn == nil {
		d.docsReturn = d.events
	}
	d.app.SetFocus(d.docsReturn)
}

// docsKey handles a key while the overlay is in front. While searching,
// keys edit the query except those that move through or open results.
func (d *Dashboard) docsKey(ev *tcell.EventKey) *tcell.EventKey {
	o := d.docs
	if o.searching() {
		switch ev.Key() {
		case tcell.KeyEscape:
			d.docsBack()
		case tcell.KeyEnter:
			if name, ok := o.search.selected(); ok {
				d.openDocs(name)
			}
		case tcell.KeyUp:
			o.search.list.move(-1)
		case tcell.KeyDown:
			o.search.list.move(1)
		case tcell.KeyPgUp:
			o.search.list.move(-o.search.list.page())
		case tcell.KeyPgDn:
			o.search.list.move(o.search.list.page())
		default:
			return ev
		}
		return nil
	}
	if d.dispatch(keymap.FromEvent(ev), keymap.Docs) {
		return nil
	}
	return d.docsTargetKey(ev)
}

// docsTargetKey handles the keys that select and activate an entry's
// links and expandable arguments. They are fixed, like the scrolling
// keys, and come after the keymap's documentation bindings, so that a
// user's binding of the same key wins.
func (d *Dashboard) docsTargetKey(ev *tcell.EventKey) *tcell.EventKey {
	v := d.docs.view()
	if v == nil {
		return ev
	}
	switch {
	case ev.Key() == tcell.KeyTab || ev.Key() == tcell.KeyRune && ev.Rune() == 'n':
		v.selectNext(1)
	case ev.Key() == tcell.KeyBacktab || ev.Key() == tcell.KeyRune && ev.Rune() == 'N':
		v.selectNext(-1)
	case ev.Key() == tcell.KeyEnter || ev.Key() == tcell.KeyRune && (ev.Rune() == ' ' || ev.Rune() == 'e'):
		t, ok := v.selected()
		switch {
		case !ok:
			v.selectNext(1)
		case t.link != "":
			d.openDocs(t.link)
		default:
			v.toggle(t.arg)
		}
	default:
		return ev
	}
	return nil
}

// docsBack goes back one step, closing the overlay after the first.
func (d *Dashboard) docsBack() {
	if !d.docs.back() {
		d.closeDocs()
		return
	}
	d.app.SetFocus(d.docs.focusTarget())
}

// insertExample puts the first example's request of the entry in front
// into the input line, ready to edit and send.
func (d *Dashboard) insertExample() {
	e := d.docs.entry()
	if e == nil {
		return
	}
	line, ok := exampleCommand(e.doc.Ref)
	if !ok {
		d.docs.say("no example request to insert", d.theme.Warning)
		return
	}
	d.docsReturn = d.input
	d.closeDocs()
	d.input.SetText(line)
}

// docsForInput opens the documentation of the command being typed: the
// first word of the line, the command of a raw JSON line, or the name
// after :doc. Without a name it opens the search.
func (d *Dashboard) docsForInput() {
	if name := commandOfLine(d.input.Text()); name != "" {
		d.openDocs(name)
		return
	}
	d.openDocsSearch("")
}

// commandOfLine finds the command a line is about, "" if none.
func commandOfLine(text string) string {
	text = strings.TrimSpace(text)
	if strings.HasPrefix(text, "{") {
		return gjson.Get(text, "execute").String()
	}
	if text == ":doc" || strings.HasPrefix(text, ":doc ") {
		text = text[len(":doc"):]
	}
	f := strings.Fields(strings.TrimLeft(text, "!"))
	switch {
	case len(f) == 0 || strings.HasPrefix(f[0], ":"):
		return ""
	case f[0] == "hmp":
		return "human-monitor-command" // what an hmp line is sent as
	}
	name, _, _ := strings.Cut(f[0], "(") // transaction(
	return name
}

// docsForSelection opens the documentation of the selected event or
// command when a list has focus, else the search.
func (d *Dashboard) docsForSelection() {
	switch {
	case d.events.HasFocus():
		d.eventDocs()
	case d.commands.HasFocus():
		if e, ok := d.cmdSrc.Entry(d.commands.Selected()); ok && e.Name != "" {
			d.openDocs(e.Name)
		}
	default:
		d.openDocsSearch("")
	}
}

// eventDocs opens the documentation of the selected event.
func (d *Dashboard) eventDocs() {
	if e, ok := d.currentEvents().Entry(d.events.Selected()); ok && !e.IsMarker() {
		d.openDocs(e.Name)
	}
}
