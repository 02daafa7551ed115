package complete

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/qmpdash/qmpdash/docs/docstest"
)

const (
	fixture72  = docstest.QEMU72
	fixture100 = docstest.QEMU10
	fixtureQSD = docstest.QSD72
)

var allFixtures = []string{fixture72, fixture100, fixtureQSD}

// loadFixture reads a shared fixture (see docstest.Load).
func loadFixture(tb testing.TB, name string) docstest.Fixture { return docstest.Load(tb, name) }

// loadEngine builds an engine from a fixture's query-qmp-schema reply.
func loadEngine(tb testing.TB, name string) *Engine { return New(docstest.Schema(tb, name), nil) }

// commandNames returns the names in a fixture's query-commands reply.
func commandNames(tb testing.TB, f docstest.Fixture) []string {
	tb.Helper()
	var list []struct{ Name string }
	if err := json.Unmarshal(f.Commands, &list); err != nil || len(list) == 0 {
		tb.Fatalf("query-commands reply: %v (%d commands)", err, len(list))
	}
	names := make([]string, len(list))
	for i, c := range list {
		names[i] = c.Name
	}
	return names
}

// at splits a test line written with '|' at the cursor.
func at(tb testing.TB, line string) (string, int) {
	tb.Helper()
	i := strings.IndexByte(line, '|')
	if i < 0 {
		tb.Fatalf("test line %q has no '|' cursor", line)
	}
	return line[:i] + line[i+1:], i
}

// complete runs Complete on a '|' line and checks the spans it returns.
func complete(tb testing.TB, e *Engine, line string) []Candidate {
	tb.Helper()
	text, cursor := at(tb, line)
	cs := e.Complete(text, cursor)
	checkSpans(tb, text, cs)
	return cs
}

// checkSpans fails when a candidate's span is not inside text.
func checkSpans(tb testing.TB, text string, cs []Candidate) {
	tb.Helper()
	for _, c := range cs {
		if c.Start < 0 || c.Start > c.End || c.End > len(text) {
			tb.Fatalf("candidate %q spans [%d,%d] outside %q (%d bytes)", c.Text, c.Start, c.End, text, len(text))
		}
	}
}

// displays lists the candidates' display names, in order.
func displays(cs []Candidate) []string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = c.Display
	}
	return out
}

// indexOf returns the rank of name among cs, or -1.
func indexOf(cs []Candidate, name string) int {
	return slices.Index(displays(cs), name)
}

// find returns the candidate called name, failing when it is absent.
func find(tb testing.TB, cs []Candidate, name string) Candidate {
	tb.Helper()
	i := indexOf(cs, name)
	if i < 0 {
		tb.Fatalf("%q not among %v", name, displays(cs))
	}
	return cs[i]
}
