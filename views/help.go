package views

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/qmpdash/qmpdash/keymap"
	"github.com/qmpdash/qmpdash/views/widget"
)

// helpPage names the help overlay in the dashboard's pages.
const helpPage = "help"

// helpKeyColumns is the width of the key and action columns of the help;
// descriptions wrap beside them.
const helpKeyColumns = 2 + 22 + 24

// helpLines renders the keymap table for a width: every binding, macros
// included, grouped by context in the context table's order, descriptions
// wrapped, then the dashboard commands. It is derived from the tables, so it
// cannot drift from the real keys and commands.
func helpLines(km *keymap.Keymap, th widget.Theme, width int) []widget.Line {
	var lines []widget.Line
	for _, ctx := range keymap.Contexts() {
		var rows []widget.Line
		for _, b := range km.Bindings() {
			if b.Context != ctx.Context || len(b.Keys) == 0 {
				continue
			}
			indent := spaces(helpKeyColumns)
			desc := wrapWords(b.Description, max(width, helpKeyColumns+20), indent, indent, th.Base)
			if len(desc) == 0 {
				desc = []widget.Line{{}}
			}
			desc[0][0].Text = desc[0][0].Text[len(indent):] // the columns take its place
			rows = append(rows, append(widget.Line{
				{Text: "  " + pad(keyNames(b.Keys), 22), Style: th.Key},
				{Text: pad(string(b.Action), 24), Style: th.Dim},
			}, desc[0]...))
			rows = append(rows, desc[1:]...)
		}
		if len(rows) == 0 {
			continue
		}
		lines = append(lines, widget.Line{{Text: ctx.Title, Style: th.Title}})
		lines = append(lines, rows...)
		lines = append(lines, widget.Line{})
	}
	lines = append(lines, widget.Line{{Text: "Dashboard commands (typed after : in the input line)", Style: th.Title}})
	for _, m := range keymap.MetaCommands() {
		lines = append(lines, widget.Line{
			{Text: "  " + pad(strings.TrimSpace(":"+m.Name+" "+m.Args), 46), Style: th.Key},
			{Text: m.Description, Style: th.Base},
		})
	}
	lines = append(lines, widget.Line{})
	footer := sentence(keyAlternatives(km.KeysOf(keymap.OverlayClose)) + " closes this help.")
	if keys := km.KeysOf(keymap.KeysShow); len(keys) > 0 {
		footer += " " + sentence(keyAlternatives(keys)+" lists, searches and changes the keys.")
	}
	return append(lines, widget.Line{{Text: footer, Style: th.Dim}})
}

// keyAlternatives joins keys with "or", as a hint says them.
func keyAlternatives(keys []keymap.Key) string {
	names := make([]string, len(keys))
	for i, k := range keys {
		names[i] = k.String()
	}
	return strings.Join(names, " or ")
}

// sentence capitalises s's first letter.
func sentence(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + s[n:]
}
