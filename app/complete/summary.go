package complete

import (
	"fmt"
	"strings"

	"github.com/qmpdash/qmpdash/docs"
)

// The generated summaries stand in until the documentation index knows
// better. They say what the schema says about shape, in the words a user
// reads in a popup: "command · 3 args (1 required) · returns object".

const sep = " · "

// commandSummary describes a command by its arguments and return type.
func commandSummary(c *docs.Command) string {
	parts := []string{"command"}
	if c.Args == nil {
		parts = append(parts, "arguments unknown")
	} else {
		parts = append(parts, argsPhrase(c.Args))
	}
	if r := c.Returns; r != nil && !isEmptyObject(r) {
		parts = append(parts, "returns "+r.Describe())
	}
	if !c.Enabled {
		parts = append(parts, "disabled")
	}
	return strings.Join(append(parts, featureWords(c.Features)...), sep)
}

// actionSummary describes a transaction action by its data type, which is
// nil when the schema defines none.
func actionSummary(data *docs.Type, features []string) string {
	parts := []string{"transaction action"}
	if data != nil {
		parts = append(parts, argsPhrase(data))
	}
	return strings.Join(append(parts, featureWords(features)...), sep)
}

// eventSummary describes an event by its data members.
func eventSummary(ev *docs.Event) string {
	parts := []string{"event"}
	switch d := ev.Data; {
	case d == nil || len(d.Members) == 0 && d.Tag == "":
		parts = append(parts, "no data")
	case len(d.Members) == 1:
		parts = append(parts, "1 data member")
	default:
		parts = append(parts, fmt.Sprintf("%d data members", len(d.Members)))
	}
	return strings.Join(append(parts, featureWords(ev.Features)...), sep)
}

// memberSummary describes an argument or member: "required · int".
func memberSummary(m *docs.Member, isTag bool) string {
	var parts []string
	if isTag {
		// The tag decides which further members exist.
		parts = append(parts, "union tag")
	}
	if m.Optional {
		parts = append(parts, "optional")
	} else {
		parts = append(parts, "required")
	}
	parts = append(parts, m.Type.Describe())
	return strings.Join(append(parts, featureWords(m.Features)...), sep)
}

// valueSummary describes an enum value, which has nothing to tell but
// its features.
func valueSummary(features []string) string {
	return strings.Join(append([]string{"enum value"}, featureWords(features)...), sep)
}

// argsPhrase counts an argument object's members: "3 args (1 required)",
// adding "more by driver" for a flat union whose variants add members.
func argsPhrase(t *docs.Type) string {
	n, required := len(t.Members), 0
	for _, m := range t.Members {
		if !m.Optional {
			required++
		}
	}
	var s string
	switch {
	case n == 0:
		s = "no arguments"
	case n == 1:
		s = fmt.Sprintf("1 arg (%d required)", required)
	default:
		s = fmt.Sprintf("%d args (%d required)", n, required)
	}
	if t.Tag != "" {
		s += sep + "more by " + t.Tag
	}
	return s
}

// isEmptyObject reports whether t is the empty object that commands
// without a result return; "returns object" would only mislead.
func isEmptyObject(t *docs.Type) bool {
	return t.Kind == docs.KindObject && len(t.Members) == 0 && t.Tag == ""
}

// featureWords lists the features a user should be warned about.
func featureWords(features []string) []string {
	var words []string
	for _, f := range []string{docs.FeatureDeprecated, docs.FeatureUnstable} {
		if docs.HasFeature(features, f) {
			words = append(words, f)
		}
	}
	return words
}
