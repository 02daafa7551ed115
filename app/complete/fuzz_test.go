package complete

import (
	"slices"
	"testing"

	"github.com/qmpdash/qmpdash/app/cmdline"
	"github.com/qmpdash/qmpdash/docs"
)

// cyclicSchema is a small hand-written schema with what real ones rarely
// have: a union whose variant and alternate lead back to it, enum values
// that need quoting, and a transaction command without actions.
const cyclicSchema = `[
 {"name":"c","meta-type":"command","arg-type":"o","ret-type":"o"},
 {"name":"transaction","meta-type":"command","arg-type":"o","ret-type":"o"},
 {"name":"o","meta-type":"object","tag":"t","members":[{"name":"t","type":"e"},
  {"name":"self","type":"a","default":null},{"name":"list","type":"[o]","default":null}],
  "variants":[{"case":"x","type":"v"}]},
 {"name":"v","meta-type":"object","members":[{"name":"deep","type":"o"}]},
 {"name":"e","meta-type":"enum","values":["x","1","a b"]},
 {"name":"a","meta-type":"alternate","members":[{"type":"o"},{"type":"e"},{"type":"bool"}]},
 {"name":"[o]","meta-type":"array","element-type":"o"},
 {"name":"bool","meta-type":"builtin","json-type":"boolean"},
 {"name":"E","meta-type":"event","arg-type":"v"}]`

// loadCyclic builds an engine from cyclicSchema.
func loadCyclic(tb testing.TB) *Engine {
	tb.Helper()
	s, err := docs.ParseSchema([]byte(cyclicSchema))
	if err != nil {
		tb.Fatal(err)
	}
	return New(s, nil)
}

// TestCyclicSchema checks completion through a schema whose types lead
// back to themselves.
func TestCyclicSchema(t *testing.T) {
	e := loadCyclic(t)
	tests := []struct {
		line string
		want []string
	}{
		{"c |", []string{"t", "list", "self"}},
		{"c t=x |", []string{"deep", "list", "self"}},
		{"c t=x deep.t=x deep.deep.|", []string{"t", "list", "self"}},
		{"c t=x self.t=x self.|", []string{"deep", "list", "self"}},
		{"c self.self.self.t=|", []string{"1", "a b", "x"}},
		{"c self=|", []string{"1", "a b", "false", "true", "x"}},
		{"transaction(|", nil},
		{"transaction |", []string{"t", "list", "self"}},
	}
	for _, tt := range tests {
		got := displays(complete(t, e, tt.line))
		if !slices.Equal(got, tt.want) {
			t.Errorf("%q: %v, want %v", tt.line, got, tt.want)
		}
	}
	if c := find(t, complete(t, e, "c t=a|"), "a b"); c.Text != `"a b"` {
		t.Errorf("a b inserted as %s", c.Text)
	}
}

// FuzzComplete checks that no line or cursor makes the engine panic or
// return a span outside the text.
func FuzzComplete(f *testing.F) {
	seeds := []string{
		"", "q", "qs", "bdadd", "!dev", "hmp info", "# x", `{"execute":"stop"}`,
		"blockdev-add driver=qcow2 ", "blockdev-add driver=qcow2 file.", "blockdev-add driver=qcow2 file.driver=",
		"blockdev-add driver=\"qc", "blockdev-add driver=[1, {", "blockdev-add a..b=", "blockdev-add =x",
		"blockdev-add file.driver=file driver=qcow2 file.fi", "blockdev-add fi=x", "block_resize size=1 |",
		"transaction(", "transaction( abort ; blockdev-snapshot-sync device=d0 ", "transaction( a ) completion-mode=",
		"transaction( ; ) ", "!transaction(transaction( x", "c self.self.t=", "__com.redhat_x.y.", "c \xff=\xfe",
		"blockdev-add driver=qcow2 file.driver=file file.", ") x=", "a b=c=d e='x y' f.",
	}
	for _, s := range seeds {
		for _, cursor := range []int{len(s), len(s) / 2, 0, -1, len(s) + 3} {
			f.Add(s, cursor)
		}
	}
	s, err := docs.ParseSchema(loadFixture(f, fixture100).Schema)
	if err != nil {
		f.Fatal(err)
	}
	engines := []*Engine{New(s, summaries{}), loadCyclic(f)}
	f.Fuzz(func(t *testing.T, text string, cursor int) {
		var p cmdline.Parser
		p.Feed("transaction(")
		for _, e := range engines {
			checkSpans(t, text, e.Complete(text, cursor))
			checkSpans(t, text, e.CompleteIn(&p, text, cursor))
			checkSpans(t, text, e.Events(text))
		}
	})
}
