package cmdline

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"unicode/utf8"
)

// parseSeeds covers every line form and error class, so the fuzzer starts
// from inputs that reach deep into the parser.
var parseSeeds = []string{
	"",
	"# comment",
	"block_resize device=virtio0 size=1073741824",
	"blockdev-add driver=qcow2 node-name=n0 file.driver=file file.filename=/tmp/a.qcow2",
	`!device_add driver=virtio-net-pci id=net0 props={"a": [1, 2], 'b': None, 'c': '\u00e9\x41',}`,
	`c a=0x1F b=-0o17 c=017 d=.5 e=-2e3 f=True g=None h="q\"s" i='t' j=12ab k=--3 l=0xZZ`,
	`{"execute": "query-status", "arguments": {"x": [1.5e3, "\ud83d\ude00", null]}}`,
	"hmp info block",
	"transaction( a x=1 ; b y=\"1;2\" ) completion-mode=grouped",
	"transaction(\na x=1\nb y=2 )",
	"c a=[1, {'b': [2}]",
	"c a.b=1 a=2 =3 x",
	"c a=\xff\x00",
}

// FuzzParse checks that Parse never panics, that what it accepts encodes to
// valid JSON with positions that point back into the line, and that every
// error has a column inside the line (or just past it).
func FuzzParse(f *testing.F) {
	for _, s := range parseSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		l, err := Parse(s)
		checkResult(t, s, l, err, true)
		if strings.HasPrefix(strings.TrimLeft(s, " \t\r\n"), "{") && err == nil && !json.Valid(l.Raw) {
			t.Fatalf("Parse(%q) accepted invalid JSON", s)
		}
		// Everything encoding/json accepts as an object within the depth
		// limit (guaranteed by the length) must be accepted as raw JSON.
		var obj map[string]json.RawMessage
		if len(s) <= 2048 && utf8.ValidString(s) && json.Unmarshal([]byte(s), &obj) == nil && obj != nil && err != nil {
			t.Fatalf("Parse(%q) rejected valid JSON: %v", s, err)
		}
		// The same text as a sequence of lines fed to one Parser.
		var p Parser
		for _, line := range strings.Split(s, "\n") {
			l, more, err := p.Feed(line)
			if more != p.Pending() || (more && (l != nil || err != nil)) {
				t.Fatalf("Feed(%q) = %v, %v, %v with Pending %v", line, l, more, err, p.Pending())
			}
			if !more {
				checkResult(t, line, l, err, false)
			}
		}
	})
}

// checkResult checks the invariants of one Parse or Feed result. framed
// says that all positions refer to s, which is not so for the actions
// typed on earlier lines of a multi-line transaction.
func checkResult(t *testing.T, s string, l *Line, err error, framed bool) {
	t.Helper()
	if err != nil {
		var se *SyntaxError
		if !errors.As(err, &se) || l != nil {
			t.Fatalf("Parse(%q) = %v, %v", s, l, err)
		}
		if se.Col < 1 || se.Col > utf8.RuneCountInString(s)+1 || se.Line != s ||
			se.Offset < 0 || se.Offset > len(s) || se.Col != utf8.RuneCountInString(s[:se.Offset])+1 {
			t.Fatalf("Parse(%q): bad position col %d offset %d", s, se.Col, se.Offset)
		}
		se.Caret()
		return
	}
	if _, args := l.Request(); args != nil && !json.Valid(args) {
		t.Fatalf("Parse(%q): invalid JSON %s", s, args)
	}
	args := append(append([]Arg(nil), l.Args...), l.Properties...)
	for _, act := range l.Actions {
		args = append(args, act.Args...)
	}
	for _, a := range args {
		v := a.Value
		if !json.Valid(v.JSON) || len(a.Path) == 0 {
			t.Fatalf("Parse(%q): bad arg %+v", s, a)
		}
		if framed && (s[a.KeyPos:a.KeyPos+len(a.Key)] != a.Key || s[v.Pos:v.End] != v.Text) {
			t.Fatalf("Parse(%q): positions do not frame %+v", s, a)
		}
	}
}

// FuzzLocate checks that Locate never panics on any input and cursor, and
// that the span it reports contains the cursor.
func FuzzLocate(f *testing.F) {
	for _, s := range parseSeeds {
		f.Add(s, len(s)/2)
	}
	f.Add(`c a="x`, 6)
	f.Add("transaction( a ; b", 16)
	f.Fuzz(func(t *testing.T, s string, cursor int) {
		c := Locate(s, cursor)
		cursor = max(0, min(cursor, len(s)))
		if c.Target == TargetNone {
			return
		}
		if c.Start < 0 || c.Start > cursor || cursor > c.End || c.End > len(s) || c.Prefix != s[c.Start:cursor] {
			t.Fatalf("Locate(%q, %d) = %+v", s, cursor, c)
		}
	})
}
