package views

import (
	"regexp"
	"slices"
	"strings"

	"github.com/qmpdash/qmpdash/docs"
	"github.com/qmpdash/qmpdash/views/widget"
)

// docLayout is an entry laid out for one width: its lines, and the places
// on them the user can select, in reading order.
type docLayout struct {
	lines   []widget.Line
	targets []docTarget
}

// docTarget is a selectable span: a link to another entry, or the name of
// an argument whose members expand.
type docTarget struct {
	line, span int
	// link is the name of the entry a link opens; "" for an argument.
	link string
	// arg is the key of an expandable argument in docEntry.expanded.
	arg string
}

// add appends lines.
func (l *docLayout) add(lines ...widget.Line) { l.lines = append(l.lines, lines...) }

// addTarget appends line and makes its span a target.
func (l *docLayout) addTarget(line widget.Line, t docTarget) {
	t.line = len(l.lines)
	l.targets = append(l.targets, t)
	l.lines = append(l.lines, line)
}

// docLines feeds a docView's pane: the layout, with the selected target
// drawn reversed so that the selection shows without colour. It is
// changed in place, which keeps the pane's scroll position.
type docLines struct {
	layout docLayout
	sel    int // index into layout.targets; -1 when nothing is selected
}

// Len is the number of lines.
func (s *docLines) Len() int { return len(s.layout.lines) }

// Lines returns up to n lines from line from, the selection marked.
func (s *docLines) Lines(from, n int) []widget.Line {
	lines := widget.LineSlice(s.layout.lines).Lines(from, n)
	t, ok := s.selected()
	if !ok || t.line < from || t.line >= from+len(lines) {
		return lines
	}
	lines = slices.Clone(lines)
	row := slices.Clone(lines[t.line-from])
	if t.span < len(row) {
		row[t.span].Style = row[t.span].Style.Reverse(true)
	}
	lines[t.line-from] = row
	return lines
}

// selected returns the selected target.
func (s *docLines) selected() (docTarget, bool) {
	if s.sel < 0 || s.sel >= len(s.layout.targets) {
		return docTarget{}, false
	}
	return s.layout.targets[s.sel], true
}

// move selects the next target (delta 1) or the previous one (-1),
// wrapping around; from no selection it starts at either end.
func (s *docLines) move(delta int) {
	n := len(s.layout.targets)
	switch {
	case n == 0:
		s.sel = -1
	case s.sel < 0 || s.sel >= n:
		s.sel = 0
		if delta < 0 {
			s.sel = n - 1
		}
	default:
		s.sel = (s.sel + delta + n) % n
	}
}

// relayout replaces the layout, keeping the same target selected where it
// still exists (an expansion moves the targets after it).
func (s *docLines) relayout(l docLayout) {
	old, had := s.selected()
	s.layout, s.sel = l, -1
	if !had {
		return
	}
	for i, t := range l.targets {
		if t.link == old.link && t.arg == old.arg {
			s.sel = i
			return
		}
	}
}

// seeAlsoLine is the "See also" line with each name a link target.
func seeAlsoLine(l *docLayout, names []string, th widget.Theme) {
	if len(names) == 0 {
		return
	}
	l.add(widget.Line{})
	line := widget.Line{{Text: "See also ", Style: th.Title}}
	var spans []int
	for i, name := range names {
		if i > 0 {
			line = append(line, widget.Span{Text: ", ", Style: th.Base})
		}
		spans = append(spans, len(line))
		line = append(line, widget.Span{Text: name, Style: th.Key})
	}
	row := len(l.lines)
	l.add(line)
	for _, sp := range spans {
		l.targets = append(l.targets, docTarget{line: row, span: sp, link: line[sp].Text})
	}
}

// Words spelt like QAPI event names (STOP, BLOCK_JOB_COMPLETED) and
// command names (block_resize, query-block: two words at least, so that
// plain words never match).
var (
	eventWord   = regexp.MustCompile(`\b[A-Z][A-Z0-9_]{2,}\b`)
	commandWord = regexp.MustCompile(`\b[a-z][a-z0-9]*(?:[-_][a-z0-9]+)+\b`)
)

// seeAlso lists, in order of first mention, the events and commands the
// entry's text and examples name, the entry itself excepted. A name
// counts when the live schema has it, or without a schema when the
// documentation documents it as an event or command.
func seeAlso(e docEntry) []string {
	r := e.doc.Ref
	if r == nil {
		return nil
	}
	texts := []string{r.Body, r.Returns, r.Errors}
	texts = append(texts, r.Notes...)
	for _, a := range e.doc.Args {
		texts = append(texts, a.Description)
	}
	for _, ex := range r.Examples {
		for _, l := range ex.Lines {
			texts = append(texts, l.Text)
		}
	}
	text := strings.Join(texts, "\n")
	type mention struct {
		at   int
		name string
	}
	var found []mention
	for _, re := range []*regexp.Regexp{eventWord, commandWord} {
		for _, loc := range re.FindAllStringIndex(text, -1) {
			found = append(found, mention{loc[0], text[loc[0]:loc[1]]})
		}
	}
	slices.SortFunc(found, func(a, b mention) int { return a.at - b.at })
	var out []string
	for _, m := range found {
		if m.name != e.doc.Name && !slices.Contains(out, m.name) && e.linkable(m.name) {
			out = append(out, m.name)
		}
	}
	return out
}

// linkable reports whether name is an event or command the overlay can
// open.
func (e docEntry) linkable(name string) bool {
	if e.schema != nil {
		return e.schema.Event(name) != nil || e.schema.Command(name) != nil
	}
	r := e.ix.Lookup(name)
	return r != nil && r.Name == name && (r.Kind == docs.RefEvent || r.Kind == docs.RefCommand)
}
