package store

import (
	"fmt"
	"path"
	"strings"
)

// EventFilter selects events by name with include and exclude globs
// (path.Match syntax: *, ?, [...]), matched without regard to case. An event
// passes when it matches no exclude glob and, if there are include globs, at
// least one of them. The VM globs do the same for the name of the VM an
// event came from, which matters in a stream that merges several VMs. The
// zero value passes everything.
type EventFilter struct {
	Include, Exclude     []string
	IncludeVM, ExcludeVM []string
}

// vmPrefix marks a filter word that selects VMs rather than event names.
const vmPrefix = "vm:"

// ParseEventFilter reads a filter written as space-separated globs, where a
// glob starting with '!' excludes and one starting with "vm:" matches the
// VM's name: "BLOCK_JOB_* !RTC_CHANGE vm:web* !vm:web3".
func ParseEventFilter(s string) (EventFilter, error) {
	var f EventFilter
	for _, word := range strings.Fields(s) {
		exclude := strings.HasPrefix(word, "!")
		word = strings.TrimPrefix(word, "!")
		var err error
		switch vm, isVM := strings.CutPrefix(word, vmPrefix); {
		case isVM && exclude:
			err = addGlob(&f.ExcludeVM, vm, "VM name")
		case isVM:
			err = addGlob(&f.IncludeVM, vm, "VM name")
		case exclude:
			err = f.AddExclude(word)
		default:
			err = f.AddInclude(word)
		}
		if err != nil {
			return EventFilter{}, err
		}
	}
	return f, nil
}

// AddInclude adds an include glob after checking its syntax.
func (f *EventFilter) AddInclude(glob string) error {
	return addGlob(&f.Include, glob, "event name")
}

// AddExclude adds an exclude glob after checking its syntax.
func (f *EventFilter) AddExclude(glob string) error {
	return addGlob(&f.Exclude, glob, "event name")
}

// addGlob checks a glob's syntax and appends it, upper-cased, to list.
func addGlob(list *[]string, glob, what string) error {
	if glob == "" {
		return fmt.Errorf("empty %s pattern", what)
	}
	g := strings.ToUpper(glob)
	if _, err := path.Match(g, ""); err != nil {
		return fmt.Errorf("%s pattern %q: %w", what, glob, err)
	}
	*list = append(*list, g)
	return nil
}

// Match reports whether an event name passes the filter.
func (f EventFilter) Match(name string) bool { return matchGlobs(f.Include, f.Exclude, name) }

// MatchVM reports whether events from the named VM pass the filter.
func (f EventFilter) MatchVM(vm string) bool { return matchGlobs(f.IncludeVM, f.ExcludeVM, vm) }

// HasVM reports whether the filter selects by VM at all.
func (f EventFilter) HasVM() bool { return len(f.IncludeVM) > 0 || len(f.ExcludeVM) > 0 }

func matchGlobs(include, exclude []string, name string) bool {
	name = strings.ToUpper(name)
	for _, g := range exclude {
		if globMatch(g, name) {
			return false
		}
	}
	if len(include) == 0 {
		return true
	}
	for _, g := range include {
		if globMatch(g, name) {
			return true
		}
	}
	return false
}

// IsZero reports whether the filter passes everything.
func (f EventFilter) IsZero() bool {
	return len(f.Include) == 0 && len(f.Exclude) == 0 && !f.HasVM()
}

// String renders the filter in the syntax ParseEventFilter reads.
func (f EventFilter) String() string {
	words := append([]string(nil), f.Include...)
	for _, g := range f.Exclude {
		words = append(words, "!"+g)
	}
	for _, g := range f.IncludeVM {
		words = append(words, vmPrefix+g)
	}
	for _, g := range f.ExcludeVM {
		words = append(words, "!"+vmPrefix+g)
	}
	return strings.Join(words, " ")
}

func globMatch(glob, name string) bool {
	ok, _ := path.Match(glob, name) // syntax checked when the glob was added
	return ok
}
