package complete

import (
	"strings"

	"github.com/qmpdash/qmpdash/keymap"
)

// metaEntries are the dashboard commands of keymap.MetaCommands; a name
// that takes arguments completes with a space after it.
var metaEntries = func() []entry {
	var out []entry
	for _, m := range keymap.MetaCommands() {
		text := m.Name
		if m.Args != "" {
			text += " "
		}
		out = append(out, entry{folded: fold(m.Name), cand: Candidate{
			Text: text, Display: ":" + m.Name, Kind: Dashboard,
			Summary: strings.TrimSpace(m.Args + " · " + m.Description),
		}})
	}
	return out
}()

// CompleteMeta completes a dashboard command line (":doc blo"): the
// command's name after the ':', then, for a command whose argument is a
// name (:doc), command and event names. It returns nil for a line that
// does not start with ':'. e may be nil (no schema yet): names of
// dashboard commands still complete.
func (e *Engine) CompleteMeta(text string, cursor int) []Candidate {
	cursor = min(max(cursor, 0), len(text))
	colon := len(text) - len(strings.TrimLeft(text, " \t"))
	if colon >= len(text) || text[colon] != ':' || cursor <= colon {
		return nil
	}
	nameEnd := colon + 1 + strings.IndexAny(text[colon+1:]+" ", " \t")
	if cursor <= nameEnd {
		return e.rank(text[colon+1:cursor], span{colon + 1, nameEnd}, byCloseness, metaEntries)
	}
	if e == nil || !metaNameArg(text[colon+1:nameEnd]) {
		return nil
	}
	start := nameEnd + len(text[nameEnd:]) - len(strings.TrimLeft(text[nameEnd:], " \t"))
	if cursor < start || strings.ContainsAny(text[start:cursor], " \t") {
		return nil
	}
	end := start + strings.IndexAny(text[start:]+" ", " \t")
	return e.rank(text[start:cursor], span{start, end}, byCloseness, e.commands, e.events)
}

// metaNameArg reports whether the dashboard command takes a command or
// event name.
func metaNameArg(name string) bool {
	for _, m := range keymap.MetaCommands() {
		if m.Name == name {
			return m.NameArg
		}
	}
	return false
}
