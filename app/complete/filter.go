package complete

import (
	"strings"
	"unicode"
)

// filterVMPrefix marks a filter word that matches VM names, not events
// (store.ParseEventFilter's "vm:").
const filterVMPrefix = "vm:"

// CompleteFilter completes the word under the cursor of an event filter
// ("BLOCK_JOB_* !RTC_CHANGE vm:web*", words split at white space, as
// store.ParseEventFilter reads them) with event names, matched as Events
// matches them. A leading '!' stays: the span starts after it. A "vm:"
// word matches VM names, so it gets nothing, as does a nil engine.
func (e *Engine) CompleteFilter(text string, cursor int) []Candidate {
	if e == nil {
		return nil
	}
	cursor = min(max(cursor, 0), len(text))
	notSpace := func(r rune) bool { return !unicode.IsSpace(r) }
	start := len(strings.TrimRightFunc(text[:cursor], notSpace))
	end := len(text) - len(strings.TrimLeftFunc(text[cursor:], notSpace))
	if strings.HasPrefix(text[start:end], "!") {
		start++
	}
	if start > cursor || strings.HasPrefix(text[start:end], filterVMPrefix) {
		return nil
	}
	cs := e.Events(text[start:cursor])
	for i := range cs {
		cs[i].Start, cs[i].End = start, end
	}
	return cs
}
