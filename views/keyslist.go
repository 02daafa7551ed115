package views

import (
	"strings"

	"github.com/gdamore/tcell/v2"
	"github.com/qmpdash/qmpdash/keymap"
	"github.com/qmpdash/qmpdash/views/widget"
	"github.com/rivo/tview"
)

// keysList draws the keys overlay's rows: one per binding of the table,
// actions and macros alike, with its keys, name, context and description.
type keysList struct {
	*tview.Box
	theme    widget.Theme
	items    []keymap.Binding
	selected int
	top      int
	height   int
}

// keysHeader heads the list's columns.
func keysHeader(th widget.Theme) widget.Line {
	return widget.Line{{Text: pad("KEYS", 22) + pad("ACTION", 24) + pad("WHERE", 26) + "WHAT IT DOES", Style: th.Title}}
}

// show lists the bindings matching query, keeping the selected action
// selected when it is still listed.
func (l *keysList) show(table []keymap.Binding, query string) {
	was, _ := l.current()
	l.items = l.items[:0]
	for _, b := range table {
		if matchesAll(keysRowText(b), query) {
			l.items = append(l.items, b)
		}
	}
	l.selected = 0
	for i, b := range l.items {
		if b.Action == was.Action {
			l.selected = i
		}
	}
}

// current is the selected binding.
func (l *keysList) current() (keymap.Binding, bool) {
	if l.selected >= len(l.items) {
		return keymap.Binding{}, false
	}
	return l.items[l.selected], true
}

// Move changes the selection by delta rows, stopping at either end.
func (l *keysList) Move(delta int) {
	if len(l.items) > 0 {
		l.selected = min(max(l.selected+delta, 0), len(l.items)-1)
	}
}

// Page moves the selection a page in direction.
func (l *keysList) Page(direction int) { l.Move(direction * l.page()) }

// Top selects the first row.
func (l *keysList) Top() { l.Move(-len(l.items)) }

// Bottom selects the last row.
func (l *keysList) Bottom() { l.Move(len(l.items)) }

// page is how many rows a page key moves.
func (l *keysList) page() int { return max(l.height-1, 1) }

// Draw renders the header and the visible rows.
func (l *keysList) Draw(screen tcell.Screen) {
	l.Box.DrawForSubclass(screen, l)
	x, y, width, height := l.GetInnerRect()
	if height < 1 {
		return
	}
	widget.DrawLine(screen, x, y, width, keysHeader(l.theme), 0)
	y, height = y+1, height-1
	l.height = height
	if l.selected < l.top {
		l.top = l.selected
	}
	if l.selected >= l.top+height {
		l.top = l.selected - height + 1
	}
	for i := 0; i < height && l.top+i < len(l.items); i++ {
		line := keysRow(l.items[l.top+i], l.theme)
		if l.top+i == l.selected {
			widget.FillRow(screen, x, y+i, width, l.theme.Selected)
			line = line.Restyle(l.theme.Selected)
		}
		widget.DrawLine(screen, x, y+i, width, line, 0)
	}
}

// keysRow renders one binding.
func keysRow(b keymap.Binding, th widget.Theme) widget.Line {
	keys := keyNames(b.Keys)
	if keys == "" {
		keys = "(unbound)"
	}
	return widget.Line{
		{Text: pad(keys, 22), Style: th.Key},
		{Text: pad(string(b.Action), 24), Style: th.Dim},
		{Text: pad(b.Context.Info().Where, 26), Style: th.Dim},
		{Text: b.Description, Style: th.Base},
	}
}

// keysRowText is what the filter searches in a row.
func keysRowText(b keymap.Binding) string {
	return strings.Join([]string{keyNames(b.Keys), string(b.Action), b.Context.Info().Where, b.Description}, " ")
}

// keyNames prints keys as the help and the configuration write them.
func keyNames(keys []keymap.Key) string {
	names := make([]string, len(keys))
	for i, k := range keys {
		names[i] = k.String()
	}
	return strings.Join(names, ", ")
}

// matchesAll reports whether text contains every word of query, ignoring
// case.
func matchesAll(text, query string) bool {
	text = strings.ToLower(text)
	for _, w := range strings.Fields(strings.ToLower(query)) {
		if !strings.Contains(text, w) {
			return false
		}
	}
	return true
}
