package views

import (
	"fmt"
	"strings"

	"github.com/gdamore/tcell/v2"
	"github.com/qmpdash/qmpdash/docs"
	"github.com/qmpdash/qmpdash/views/widget"
	"github.com/rivo/tview"
)

// maxSearchHits bounds the result list: a one-letter query matches most
// names, and nobody scrolls through a thousand.
const maxSearchHits = 200

// docsSearch is the search view of the documentation overlay: a query
// field over a list of commands and events, searched again on every edit.
// The dashboard routes its keys: Up/Down/PgUp/PgDn move the selection,
// Enter opens it, the rest edit the query.
type docsSearch struct {
	*tview.Flex
	field *tview.InputField
	msg   *widget.LineView
	list  *hitList
	theme widget.Theme
	find  func(query string) []docs.SearchHit
}

func newDocsSearch(th widget.Theme, find func(string) []docs.SearchHit) *docsSearch {
	s := &docsSearch{field: tview.NewInputField(), msg: widget.NewLineView(),
		list: &hitList{Box: tview.NewBox(), theme: th}, theme: th, find: find}
	s.field.SetLabel("Search: ").SetLabelStyle(th.Title).SetFieldStyle(th.Base.Underline(true))
	s.field.SetChangedFunc(s.run)
	s.Flex = tview.NewFlex().SetDirection(tview.FlexRow).
		AddItem(s.field, 1, 0, true).AddItem(s.msg, 1, 0, false).AddItem(s.list, 0, 1, false)
	s.run("")
	return s
}

// setQuery shows the results for query, with query in the field.
func (s *docsSearch) setQuery(query string) {
	if s.field.GetText() == query {
		s.run(query)
		return
	}
	s.field.SetText(query) // searches through the changed func
}

// run searches for query and shows the results.
func (s *docsSearch) run(query string) {
	hits := s.find(query)
	if len(hits) > maxSearchHits {
		hits = hits[:maxSearchHits]
	}
	s.list.items, s.list.selected, s.list.top = hits, 0, 0
	switch {
	case strings.TrimSpace(query) == "":
		s.msg.Line = widget.Line{{Text: "a name (fuzzy) or a word from the descriptions", Style: s.theme.Dim}}
	case len(hits) == 0:
		s.msg.Line = widget.Line{{Text: "nothing found", Style: s.theme.Warning}}
	default:
		s.msg.Line = widget.Line{{Text: fmt.Sprintf("%d found · ↑↓ select · Enter open · Esc back", len(hits)), Style: s.theme.Dim}}
	}
}

// selected is the name of the selected result.
func (s *docsSearch) selected() (string, bool) {
	if len(s.list.items) == 0 {
		return "", false
	}
	return s.list.items[s.list.selected].Name, true
}

// hitList draws search results: name, kind, and where the text matched.
type hitList struct {
	*tview.Box
	theme    widget.Theme
	items    []docs.SearchHit
	selected int
	top      int
	height   int
}

// move changes the selection by delta rows, stopping at either end.
func (l *hitList) move(delta int) {
	if len(l.items) > 0 {
		l.selected = min(max(l.selected+delta, 0), len(l.items)-1)
	}
}

// page is how many rows a PgUp or PgDn moves.
func (l *hitList) page() int { return max(l.height-1, 1) }

// Draw renders the visible results.
func (l *hitList) Draw(screen tcell.Screen) {
	l.Box.DrawForSubclass(screen, l)
	x, y, width, height := l.GetInnerRect()
	l.height = height
	if l.selected < l.top {
		l.top = l.selected
	}
	if l.selected >= l.top+height {
		l.top = l.selected - height + 1
	}
	for i := 0; i < height && l.top+i < len(l.items); i++ {
		h := l.items[l.top+i]
		line := widget.Line{
			{Text: pad(h.Name, 36), Style: l.theme.Key},
			{Text: pad(strings.ToLower(h.Kind.String()), 9), Style: l.theme.Dim},
			{Text: h.Snippet, Style: l.theme.Base},
		}
		if l.top+i == l.selected {
			widget.FillRow(screen, x, y+i, width, l.theme.Selected)
			line = line.Restyle(l.theme.Selected)
		}
		widget.DrawLine(screen, x, y+i, width, line, 0)
	}
}
