package complete

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/qmpdash/qmpdash/app/cmdline"
)

// TestValues checks the values offered after '=': enum values, booleans,
// an alternate's branch values, and nothing for free-form types.
func TestValues(t *testing.T) {
	e := loadEngine(t, fixture100)
	tests := []struct {
		line string
		want []string // exactly, in order; nil with has set means "at least"
		has  []string
	}{
		{line: "blockdev-add driver=|", has: []string{"qcow2", "raw", "file", "nbd", "null-co"}},
		{line: "blockdev-add driver=q|", want: []string{"qed", "qcow", "qcow2", "quorum"}},
		{line: "blockdev-add driver=qcow2|", want: []string{"qcow2"}},
		{line: "blockdev-add driver=nc|", has: []string{"null-co"}},
		{line: "blockdev-add driver=\"qc|", want: []string{"qcow", "qcow2"}},
		{line: "blockdev-add driver='qcow2'|", want: []string{"qcow2"}},
		{line: "blockdev-add driver=raw detect-zeroes=|", want: []string{"off", "on", "unmap"}},
		{line: "blockdev-add driver=raw read-only=|", want: []string{"false", "true"}},
		{line: "blockdev-add driver=raw read-only=t|", want: []string{"true"}},
		{line: "blockdev-add driver=raw cache.direct=|", want: []string{"false", "true"}},
		{line: "blockdev-add driver=qcow2 file.driver=f|", has: []string{"file", "ftp", "ftps"}},
		{line: "blockdev-add driver=qcow2 file.driver=file file.locking=|", want: []string{"auto", "off", "on"}},
		{line: "blockdev-add driver=qcow2 file.driver=file file.aio=io|", want: []string{"io_uring"}},
		// Alternates: the values of their enum and null branches.
		{line: "blockdev-add driver=qcow2 overlap-check=|", want: []string{"all", "cached", "constant", "none"}},
		{line: "blockdev-add driver=qcow2 backing=|", want: []string{"null"}},
		{line: "block-dirty-bitmap-add persistent=|", want: []string{"false", "true"}},
		{line: "transaction( a ) completion-mode=|", want: []string{"grouped", "individual"}},
		// Nothing for strings, numbers, objects, arrays, unknown keys.
		{line: "block_resize size=|"},
		{line: "block_resize device=|"},
		{line: "blockdev-add driver=qcow2 file=|"},
		{line: "blockdev-add driver=raw cache=|"},
		{line: "blockdev-add driver=raw read-only=[|"},
		{line: "blockdev-add driver=raw nope=|"},
		{line: "blockdev-add driver=raw a..b=|"},
		{line: "query-status x=|"},
	}
	for _, tt := range tests {
		cs := complete(t, e, tt.line)
		got := displays(cs)
		if tt.has == nil && !slices.Equal(got, tt.want) {
			t.Errorf("%q: %v, want %v", tt.line, got, tt.want)
		}
		for _, n := range tt.has {
			if c := find(t, cs, n); c.Kind != Value {
				t.Errorf("%q: %q has kind %v", tt.line, n, c.Kind)
			}
		}
	}
}

// TestValueCandidate checks what a value candidate carries and replaces.
func TestValueCandidate(t *testing.T) {
	e := loadEngine(t, fixture100)
	tests := []struct {
		line string
		want Candidate
	}{
		{"blockdev-add driver=raw detect-zeroes=un|", Candidate{Text: "unmap", Display: "unmap", Kind: Value,
			Type: "enum(off|on|unmap)", Summary: "enum value", Start: 38, End: 40}},
		// The whole value is replaced, quotes included.
		{`blockdev-add driver="qcow|2" x=1`, Candidate{Text: "qcow", Display: "qcow", Kind: Value,
			Type: "enum(blkdebug|blklogwrites|blkreplay|blkverify|...)", Summary: "enum value", Start: 20, End: 27}},
		{"blockdev-add driver=raw read-only=|", Candidate{Text: "false", Display: "false", Kind: Value,
			Type: "bool", Summary: "boolean", Start: 34, End: 34}},
	}
	for _, tt := range tests {
		if got := first(complete(t, e, tt.line)); got != tt.want {
			t.Errorf("%q: got\n%+v\nwant\n%+v", tt.line, got, tt.want)
		}
	}
}

// TestDeprecatedLast checks that deprecated values and arguments rank
// after the others: gluster is a deprecated blockdev driver, base and top
// deprecated arguments of block-commit.
func TestDeprecatedLast(t *testing.T) {
	e := loadEngine(t, fixture100)
	tests := []struct {
		line string
		last []string
	}{
		{"blockdev-add driver=|", []string{"gluster"}},
		{"block-commit |", []string{"base", "top"}},
	}
	for _, tt := range tests {
		cs := complete(t, e, tt.line)
		n := len(tt.last)
		if len(cs) <= n || !slices.Equal(displays(cs[len(cs)-n:]), tt.last) {
			t.Fatalf("%q: %v, want %v last", tt.line, displays(cs), tt.last)
		}
		for _, c := range cs[len(cs)-n:] {
			if !c.Deprecated || !strings.HasSuffix(c.Summary, "deprecated") {
				t.Errorf("%q: %+v not marked deprecated", tt.line, c)
			}
		}
		if cs[len(cs)-n-1].Deprecated {
			t.Errorf("%q: more deprecated candidates than %v", tt.line, tt.last)
		}
	}
}

// TestValueText checks that every value is written so that the parser
// reads it back as that string, bare where it can be.
func TestValueText(t *testing.T) {
	tests := []struct{ value, want string }{
		{"qcow2", "qcow2"},
		{"io_uring", "io_uring"},
		{"x86_64", "x86_64"},
		{"1", `"1"`},
		{"0x10", `"0x10"`},
		{"09", `"09"`},
		{"true", `"true"`},
		{"False", `"False"`},
		{"null", `"null"`},
		{"None", `"None"`},
		{"", `""`},
		{"a b", `"a b"`},
		{"a;b", `"a;b"`},
		{")", ")"}, // only a word of its own closes a transaction
		{`say "hi"`, `"say \"hi\""`},
		{`back\slash`, `back\slash`},
		{`"q`, `"\"q"`},
		{"[x]", `"[x]"`},
		{"tab\there", `"tab\u0009here"`},
	}
	for _, tt := range tests {
		got := valueText(tt.value)
		if got != tt.want {
			t.Errorf("valueText(%q) = %s, want %s", tt.value, got, tt.want)
		}
		for _, line := range []string{"c k=" + got, "transaction( c k=" + got + " )"} {
			l, err := cmdline.Parse(line)
			if err != nil {
				t.Errorf("%s: %v", line, err)
				continue
			}
			args := l.Args
			if l.Kind == cmdline.Transaction {
				args = l.Actions[0].Args
			}
			var v string
			if len(args) != 1 || json.Unmarshal(args[0].Value.JSON, &v) != nil || v != tt.value {
				t.Errorf("%s parses to %+v, want the string %q", line, args, tt.value)
			}
		}
	}
}
