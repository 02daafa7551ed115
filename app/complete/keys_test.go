package complete

import (
	"slices"
	"testing"
)

// TestArguments checks the argument names offered after a command: those
// not typed yet, the union tag first while unset, required before
// optional, alphabetical within each group.
func TestArguments(t *testing.T) {
	e := loadEngine(t, fixture100)
	tests := []struct {
		line  string
		want  []string // exactly these, in this order, when lacks is nil
		has   []string
		lacks []string
	}{
		{line: "block_resize |", want: []string{"size", "device", "node-name"}},
		{line: "block_resize size=1 |", want: []string{"device", "node-name"}},
		{line: "block_resize | size=1", want: []string{"device", "node-name"}},
		{line: "block_resize n|", want: []string{"node-name"}},
		{line: "block_resize e|", want: []string{"size", "device", "node-name"}},
		{line: "block-dirty-bitmap-add |", want: []string{"name", "node", "disabled", "granularity", "persistent"}},
		{line: "blockdev-add |", want: []string{"driver", "active", "auto-read-only", "cache", "detect-zeroes",
			"discard", "force-share", "node-name", "read-only"}},
		// Once the tag is set, its variant's members join, and no other's.
		{line: "blockdev-add driver=qcow2 |", has: []string{"file", "backing", "lazy-refcounts", "node-name", "cache"},
			lacks: []string{"driver", "filename", "locking", "aio", "x-check-cache-dropped"}},
		{line: "blockdev-add driver=file |", has: []string{"filename", "locking", "aio"}, lacks: []string{"file", "backing"}},
		{line: "blockdev-add | driver=qcow2", has: []string{"file", "backing"}, lacks: []string{"driver", "filename"}},
		{line: "blockdev-add driver=\"qcow2\" node-name=n0 |", has: []string{"file"}, lacks: []string{"node-name", "filename"}},
		// An unknown tag value adds nothing.
		{line: "blockdev-add driver=nope |", has: []string{"node-name"}, lacks: []string{"driver", "file", "filename"}},
		{line: "nosuchcommand |"},
		{line: "query-status |"},
		{line: "block_resize dev!ce|"},
	}
	for _, tt := range tests {
		got := displays(complete(t, e, tt.line))
		if tt.has == nil && tt.lacks == nil && !slices.Equal(got, tt.want) {
			t.Errorf("%q: %v, want %v", tt.line, got, tt.want)
		}
		for _, n := range tt.has {
			if !slices.Contains(got, n) {
				t.Errorf("%q: %q not in %v", tt.line, n, got)
			}
		}
		for _, n := range tt.lacks {
			if slices.Contains(got, n) {
				t.Errorf("%q: %q offered in %v", tt.line, n, got)
			}
		}
	}
}

// TestRequiredFirst checks, for every command of every fixture, that the
// arguments offered on an empty key list the tag, then required
// arguments, before any optional one.
func TestRequiredFirst(t *testing.T) {
	for _, name := range allFixtures {
		e := loadEngine(t, name)
		for _, c := range e.schema.Commands() {
			cs := complete(t, e, c.Name+" |")
			if len(cs) != len(c.Args.Members) {
				t.Errorf("%s %s: %d arguments offered, want %d", name, c.Name, len(cs), len(c.Args.Members))
			}
			for i := 1; i < len(cs); i++ {
				if cs[i].Required && !cs[i-1].Required {
					t.Errorf("%s %s: required %q after optional %q", name, c.Name, cs[i].Display, cs[i-1].Display)
				}
			}
		}
	}
}

// TestArgumentCandidate checks what an argument candidate carries and what
// it replaces.
func TestArgumentCandidate(t *testing.T) {
	e := loadEngine(t, fixture100)
	tests := []struct {
		line string
		want Candidate
	}{
		{"block_resize si|", Candidate{Text: "size=", Display: "size", Kind: Argument, Type: "int",
			Summary: "required · int", Required: true, Start: 13, End: 15}},
		{"blockdev-add d|", Candidate{Text: "driver=", Display: "driver", Kind: Argument,
			Type: "enum(blkdebug|blklogwrites|blkreplay|blkverify|...)", Required: true,
			Summary: "union tag · required · enum(blkdebug|blklogwrites|blkreplay|blkverify|...)", Start: 13, End: 14}},
		// An object continues with a dot, so its members come next.
		{"blockdev-add driver=raw cac|", Candidate{Text: "cache.", Display: "cache", Kind: Argument, Type: "object",
			Summary: "optional · object", Start: 24, End: 27}},
		// A key whose '=' is typed already: replace through it.
		{"block_resize si|ze=1", Candidate{Text: "size=", Display: "size", Kind: Argument, Type: "int",
			Summary: "required · int", Required: true, Start: 13, End: 18}},
		{"blockdev-add driver=raw cac|he.direct=on", Candidate{Text: "cache", Display: "cache", Kind: Argument, Type: "object",
			Summary: "optional · object", Start: 24, End: 29}},
		{"blockdev-add driver=file x-check|", Candidate{Text: "x-check-cache-dropped=", Display: "x-check-cache-dropped",
			Kind: Argument, Type: "bool", Summary: "optional · bool · unstable", Unstable: true, Start: 25, End: 32}},
	}
	for _, tt := range tests {
		if got := first(complete(t, e, tt.line)); got != tt.want {
			t.Errorf("%q: got\n%+v\nwant\n%+v", tt.line, got, tt.want)
		}
	}
}

// TestNestedMembers checks members after a dot, resolved through
// alternates and unions with the arguments typed so far.
func TestNestedMembers(t *testing.T) {
	e := loadEngine(t, fixture100)
	tests := []struct {
		line  string
		has   []string
		lacks []string
	}{
		{"blockdev-add driver=qcow2 file.|", []string{"driver", "node-name", "cache", "read-only"}, []string{"file", "filename", "backing"}},
		{"blockdev-add driver=qcow2 file.driver=file file.|", []string{"filename", "locking", "aio"}, []string{"driver", "backing"}},
		{"blockdev-add driver=qcow2 file.driver=file file.filename=a.img file.lo|", []string{"locking"}, []string{"filename", "aio"}},
		{"blockdev-add driver=qcow2 file.| file.driver=file", []string{"filename"}, []string{"driver"}},
		{"blockdev-add driver=qcow2 cache.|", []string{"direct", "no-flush"}, []string{"driver"}},
		{"blockdev-add driver=qcow2 cache.direct=on cache.|", []string{"no-flush"}, []string{"direct"}},
		{"blockdev-add driver=qcow2 file.driver=qcow2 file.file.|", []string{"driver"}, nil},
		{"blockdev-add driver=qcow2 backing.|", []string{"driver"}, nil},
		{"block_resize size.|", nil, []string{"size", "device"}},
		{"blockdev-add driver=qcow2 nope.|", nil, []string{"driver"}},
		{"blockdev-add driver=qcow2 file..|", nil, []string{"driver"}},
	}
	for _, tt := range tests {
		cs := complete(t, e, tt.line)
		got := displays(cs)
		for _, n := range tt.has {
			if c := find(t, cs, n); c.Kind != Member {
				t.Errorf("%q: %q has kind %v, want member", tt.line, n, c.Kind)
			}
		}
		for _, n := range tt.lacks {
			if slices.Contains(got, n) {
				t.Errorf("%q: %q offered in %v", tt.line, n, got)
			}
		}
		if tt.has == nil && len(cs) != 0 {
			t.Errorf("%q: %v, want nothing", tt.line, got)
		}
	}
	c := first(complete(t, e, "blockdev-add driver=qcow2 file.dri|"))
	want := Candidate{Text: "driver=", Display: "driver", Kind: Member, Type: c.Type, Summary: c.Summary,
		Required: true, Start: 31, End: 34}
	if c != want {
		t.Errorf("file.dri: got\n%+v\nwant\n%+v", c, want)
	}
}
