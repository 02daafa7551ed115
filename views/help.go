package views

import (
	"strings"

	"github.com/qmpdash/qmpdash/keymap"
)

// helpPage names the help overlay in the dashboard's pages.
const helpPage = "help"

// contextTitles heads each group of the help, in display order.
var contextTitles = []struct {
	ctx   keymap.Context
	title string
}{
	{keymap.Global, "Everywhere (outside the input line)"},
	{keymap.Input, "Input line"},
	{keymap.Lists, "Event and command lists"},
	{keymap.Events, "Event pane"},
	{keymap.Commands, "Command log"},
	{keymap.Overlay, "Overlays"},
	{keymap.Docs, "Documentation"},
}

// helpLines renders the keymap table: every binding, grouped by context.
// It is derived from the table, so it cannot drift from the real keys.
func helpLines(km *keymap.Keymap, th Theme) []Line {
	var lines []Line
	for _, group := range contextTitles {
		var rows []Line
		for _, b := range km.Bindings() {
			if b.Context != group.ctx || len(b.Keys) == 0 {
				continue
			}
			names := make([]string, len(b.Keys))
			for i, k := range b.Keys {
				names[i] = k.String()
			}
			rows = append(rows, Line{
				{Text: "  " + pad(strings.Join(names, ", "), 22), Style: th.Key},
				{Text: pad(string(b.Action), 24), Style: th.Dim},
				{Text: b.Description, Style: th.Base},
			})
		}
		if len(rows) == 0 {
			continue
		}
		lines = append(lines, Line{{Text: group.title, Style: th.Title}})
		lines = append(lines, rows...)
		lines = append(lines, Line{})
	}
	return append(lines, Line{{Text: "Esc or q closes this help.", Style: th.Dim}})
}
