package docs

import (
	"cmp"
	"slices"
	"strings"
)

// Severity says whether a Problem will make QEMU refuse the command.
type Severity int

// Severities, most serious first so that sorting by Severity puts the
// problems that block a command at the top.
const (
	// SeverityError marks a problem QEMU would reject the command for.
	SeverityError Severity = iota
	// SeverityWarning marks something QEMU accepts today but that may go
	// away (deprecated) or change without notice (unstable).
	SeverityWarning
)

// String returns "error" or "warning".
func (s Severity) String() string {
	if s == SeverityWarning {
		return "warning"
	}
	return "error"
}

// Problem is one finding of Schema.Validate.
type Problem struct {
	Severity Severity
	// Path leads from the arguments object to the offending member: member
	// names, and array indices written "[1]". It is empty when the problem
	// is with the command itself.
	Path []string
	Msg  string
	// Suggestions are names the user may have meant, best first.
	Suggestions []string
}

// String formats p as one line, e.g.
// "file.filename: not valid for driver=qcow2".
func (p Problem) String() string {
	var b strings.Builder
	if len(p.Path) > 0 {
		b.WriteString(PathString(p.Path))
		b.WriteString(": ")
	}
	b.WriteString(p.Msg)
	if len(p.Suggestions) > 0 {
		b.WriteString(" (did you mean ")
		b.WriteString(strings.Join(p.Suggestions, ", "))
		b.WriteString("?)")
	}
	return b.String()
}

// PathString joins a member path the way users write it: names separated
// by dots, indices attached without one, as in "actions[1].data.device".
func PathString(path []string) string {
	var b strings.Builder
	for i, elem := range path {
		if i > 0 && !isIndex(elem) {
			b.WriteByte('.')
		}
		b.WriteString(elem)
	}
	return b.String()
}

// sortProblems orders errors before warnings, then by path and message,
// so that the same input always gives the same list.
func sortProblems(ps []Problem) {
	slices.SortStableFunc(ps, func(a, b Problem) int {
		return cmp.Or(cmp.Compare(a.Severity, b.Severity),
			slices.Compare(a.Path, b.Path),
			strings.Compare(a.Msg, b.Msg))
	})
}
