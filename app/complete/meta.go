package complete

import "strings"

// MetaCommand is a dashboard command (":doc NAME") as completion offers
// it. complete knows none of its own: its caller hands them in (the views
// take them from keymap), so that key bindings stay out of app.
type MetaCommand struct {
	// Name is typed after the ':'; Args is the argument synopsis ("" for
	// none) and Description says what it does, in one line.
	Name, Args, Description string
	// NameArg says the argument is a command or event name, completed as
	// one.
	NameArg bool
	// IntervalArg says an interval may come before that name (":watch 2s
	// query-status"): a first word that starts with a digit is skipped.
	IntervalArg bool
	// LoggedArg says the argument is a name from the VM's command log,
	// completed from the names the caller hands in.
	LoggedArg bool
}

// MetaCommands are dashboard commands made ready to complete. Make them
// once with NewMetaCommands; they are read-only then and safe for
// concurrent use.
type MetaCommands struct {
	entries     []entry
	nameArg     map[string]bool
	intervalArg map[string]bool
	loggedArg   map[string]bool
}

// NewMetaCommands prepares cmds for CompleteMeta, in their order; a name
// that takes arguments completes with a space after it.
func NewMetaCommands(cmds []MetaCommand) *MetaCommands {
	m := &MetaCommands{nameArg: map[string]bool{}, intervalArg: map[string]bool{}, loggedArg: map[string]bool{}}
	for _, c := range cmds {
		text := c.Name
		if c.Args != "" {
			text += " "
		}
		m.entries = append(m.entries, entry{folded: fold(c.Name), cand: Candidate{
			Text: text, Display: ":" + c.Name, Kind: Dashboard,
			Summary: strings.TrimSpace(c.Args + " · " + c.Description),
		}})
		m.nameArg[c.Name] = c.NameArg
		m.intervalArg[c.Name] = c.IntervalArg
		m.loggedArg[c.Name] = c.LoggedArg
	}
	return m
}

// CompleteMeta completes a dashboard command line (":doc blo") among
// meta: the command's name after the ':', then, for a command whose
// argument is a name (:doc), command and event names, and for one whose
// argument is LoggedArg (:latency), the names logged returns, which it
// calls only then (logged may be nil: no such names). It returns nil for a
// line that does not start with ':'. e may be nil (no schema yet): names
// of dashboard commands and logged names still complete.
func (e *Engine) CompleteMeta(meta *MetaCommands, text string, cursor int, logged func() []string) []Candidate {
	cursor = min(max(cursor, 0), len(text))
	colon := len(text) - len(strings.TrimLeft(text, " \t"))
	if colon >= len(text) || text[colon] != ':' || cursor <= colon {
		return nil
	}
	nameEnd := colon + 1 + strings.IndexAny(text[colon+1:]+" ", " \t")
	if cursor <= nameEnd {
		return e.rank(text[colon+1:cursor], span{colon + 1, nameEnd}, byCloseness, meta.entries)
	}
	name := text[colon+1 : nameEnd]
	fromLog := meta.loggedArg[name] && logged != nil
	if !fromLog && (e == nil || !meta.nameArg[name]) {
		return nil
	}
	start := skipBlanks(text, nameEnd)
	if meta.intervalArg[name] && start < len(text) && text[start] >= '0' && text[start] <= '9' {
		if end := start + strings.IndexAny(text[start:]+" ", " \t"); end < cursor {
			start = skipBlanks(text, end) // past the interval, to the name
		}
	}
	if cursor < start || strings.ContainsAny(text[start:cursor], " \t") {
		return nil
	}
	end := start + strings.IndexAny(text[start:]+" ", " \t")
	if fromLog {
		return e.rank(text[start:cursor], span{start, end}, byCloseness, loggedEntries(logged()))
	}
	return e.rank(text[start:cursor], span{start, end}, byCloseness, e.commands, e.events)
}

// skipBlanks returns the position of the first non-blank byte of text at
// or after i.
func skipBlanks(text string, i int) int {
	return i + len(text[i:]) - len(strings.TrimLeft(text[i:], " \t"))
}

// loggedEntries makes candidates of command names from a command log.
func loggedEntries(names []string) []entry {
	out := make([]entry, len(names))
	for i, n := range names {
		out[i] = entry{folded: fold(n), cand: Candidate{Text: n, Display: n, Kind: Command, Summary: "in the command log"}}
	}
	return out
}
