package app

import (
	"fmt"
	"path"
	"strings"
)

// EventFilter selects events by name with include and exclude globs
// (path.Match syntax: *, ?, [...]), matched without regard to case. An event
// passes when it matches no exclude glob and, if there are include globs, at
// least one of them. The zero value passes everything.
type EventFilter struct {
	Include []string
	Exclude []string
}

// ParseEventFilter reads a filter written as space-separated globs, where a
// glob starting with '!' excludes: "BLOCK_JOB_* !RTC_CHANGE".
func ParseEventFilter(s string) (EventFilter, error) {
	var f EventFilter
	for _, word := range strings.Fields(s) {
		if strings.HasPrefix(word, "!") {
			if err := f.AddExclude(word[1:]); err != nil {
				return EventFilter{}, err
			}
			continue
		}
		if err := f.AddInclude(word); err != nil {
			return EventFilter{}, err
		}
	}
	return f, nil
}

// AddInclude adds an include glob after checking its syntax.
func (f *EventFilter) AddInclude(glob string) error {
	g, err := checkGlob(glob)
	if err == nil {
		f.Include = append(f.Include, g)
	}
	return err
}

// AddExclude adds an exclude glob after checking its syntax.
func (f *EventFilter) AddExclude(glob string) error {
	g, err := checkGlob(glob)
	if err == nil {
		f.Exclude = append(f.Exclude, g)
	}
	return err
}

func checkGlob(glob string) (string, error) {
	if glob == "" {
		return "", fmt.Errorf("empty event name pattern")
	}
	g := strings.ToUpper(glob)
	if _, err := path.Match(g, ""); err != nil {
		return "", fmt.Errorf("event name pattern %q: %w", glob, err)
	}
	return g, nil
}

// Match reports whether an event name passes the filter.
func (f EventFilter) Match(name string) bool {
	name = strings.ToUpper(name)
	for _, g := range f.Exclude {
		if globMatch(g, name) {
			return false
		}
	}
	if len(f.Include) == 0 {
		return true
	}
	for _, g := range f.Include {
		if globMatch(g, name) {
			return true
		}
	}
	return false
}

// IsZero reports whether the filter passes everything.
func (f EventFilter) IsZero() bool { return len(f.Include) == 0 && len(f.Exclude) == 0 }

// String renders the filter in the syntax ParseEventFilter reads.
func (f EventFilter) String() string {
	words := append([]string(nil), f.Include...)
	for _, g := range f.Exclude {
		words = append(words, "!"+g)
	}
	return strings.Join(words, " ")
}

func globMatch(glob, name string) bool {
	ok, _ := path.Match(glob, name) // syntax checked when the glob was added
	return ok
}
