package cmdline

import (
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"
)

// TestTransactionOneLine checks transactions typed on a single line by the
// arguments they produce.
func TestTransactionOneLine(t *testing.T) {
	tests := []struct {
		line  string
		force bool
		args  string
	}{
		{"transaction( blockdev-snapshot-sync device=d0 snapshot-file=/s0 ; block-dirty-bitmap-add node=n name=b )", false,
			`{"actions":[{"type":"blockdev-snapshot-sync","data":{"device":"d0","snapshot-file":"/s0"}},` +
				`{"type":"block-dirty-bitmap-add","data":{"node":"n","name":"b"}}]}`},
		{"transaction( abort )", false, `{"actions":[{"type":"abort","data":{}}]}`},
		{"transaction(abort )", false, `{"actions":[{"type":"abort","data":{}}]}`},
		{"!transaction( x-new a.b=1 )", true, `{"actions":[{"type":"x-new","data":{"a":{"b":1}}}]}`},
		{"transaction( a x=1; b y=2; )", false,
			`{"actions":[{"type":"a","data":{"x":1}},{"type":"b","data":{"y":2}}]}`},
		{`transaction( a x="1;2" y=['a;b', ')'] ; b )`, false,
			`{"actions":[{"type":"a","data":{"x":"1;2","y":["a;b",")"]}},{"type":"b","data":{}}]}`},
		{"transaction( a x=1 ) completion-mode=grouped", false,
			`{"actions":[{"type":"a","data":{"x":1}}],"properties":{"completion-mode":"grouped"}}`},
		{"transaction( a ) p.q=1 r=x", false,
			`{"actions":[{"type":"a","data":{}}],"properties":{"p":{"q":1},"r":"x"}}`},
		// The same key may appear in different actions.
		{"transaction( a x=1 ; a x=2 )", false,
			`{"actions":[{"type":"a","data":{"x":1}},{"type":"a","data":{"x":2}}]}`},
	}
	for _, tt := range tests {
		l, err := Parse(tt.line)
		if err != nil {
			t.Errorf("Parse(%q): %v", tt.line, err)
			continue
		}
		name, args := l.Request()
		if l.Kind != Transaction || name != "transaction" || l.Force != tt.force || string(args) != tt.args {
			t.Errorf("Parse(%q) = %v %q force=%v %s\nwant force=%v %s", tt.line, l.Kind, name, l.Force, args, tt.force, tt.args)
		}
		if !json.Valid(args) {
			t.Errorf("Parse(%q): invalid JSON %s", tt.line, args)
		}
	}
}

// TestTransactionPositions checks that action types and keys keep their
// offsets, per line in a multi-line transaction.
func TestTransactionPositions(t *testing.T) {
	l, err := Parse("transaction( a x=1 ; bb ) p=2")
	if err != nil {
		t.Fatal(err)
	}
	if got := []int{l.Actions[0].TypePos, l.Actions[0].Args[0].KeyPos, l.Actions[1].TypePos, l.Properties[0].KeyPos}; !reflect.DeepEqual(got, []int{13, 15, 21, 26}) {
		t.Errorf("positions %v", got)
	}
}

// feedStep is one line fed to a Parser and what Feed must answer.
type feedStep struct {
	line string
	more bool
	err  string // substring of the error, "" for none
	args string // Arguments() of the completed line, "" when none is expected
}

// TestTransactionMultiLine feeds line sequences to one Parser, checking
// continuation, completion and that an error discards the transaction.
func TestTransactionMultiLine(t *testing.T) {
	tests := []struct {
		name  string
		steps []feedStep
	}{
		{"qmp-shell style", []feedStep{
			{line: "transaction(", more: true},
			{line: "blockdev-snapshot-sync device=drive0 snapshot-file=/tmp/s0.qcow2 format=qcow2", more: true},
			{line: "  # a comment inside", more: true},
			{line: "", more: true},
			{line: "blockdev-snapshot-sync device=drive1 snapshot-file=/tmp/s1.qcow2", more: true},
			{line: ")", args: `{"actions":[` +
				`{"type":"blockdev-snapshot-sync","data":{"device":"drive0","snapshot-file":"/tmp/s0.qcow2","format":"qcow2"}},` +
				`{"type":"blockdev-snapshot-sync","data":{"device":"drive1","snapshot-file":"/tmp/s1.qcow2"}}]}`},
			{line: "query-status", args: ""},
		}},
		{"a bracket does not span lines", []feedStep{
			{line: "transaction( a x=1", more: true},
			{line: "b y=[1,", err: "col 5: unclosed '['"},
		}},
		{"closing on an action line with properties", []feedStep{
			{line: "!transaction( a x=1", more: true},
			{line: "b y=2 ) completion-mode=grouped",
				args: `{"actions":[{"type":"a","data":{"x":1}},{"type":"b","data":{"y":2}}],"properties":{"completion-mode":"grouped"}}`},
		}},
		{"several actions on one continuation line", []feedStep{
			{line: "transaction(", more: true},
			{line: "a ; b x=1", more: true},
			{line: ") ", args: `{"actions":[{"type":"a","data":{}},{"type":"b","data":{"x":1}}]}`},
		}},
		{"an error resets", []feedStep{
			{line: "transaction(", more: true},
			{line: "a x=1 x=2", err: "col 7: key x is set twice"},
			{line: ")", err: "')' outside a transaction"},
			{line: "stop"},
		}},
		{"nested", []feedStep{
			{line: "transaction(", more: true},
			{line: "transaction(", err: "col 1: nested transaction"},
			{line: "a"}, // a plain command again
		}},
		{"empty", []feedStep{
			{line: "transaction(", more: true},
			{line: ")", err: "col 1: transaction has no actions"},
		}},
	}
	for _, tt := range tests {
		var p Parser
		for i, st := range tt.steps {
			l, more, err := p.Feed(st.line)
			switch {
			case st.err != "":
				if err == nil || !strings.Contains(err.Error(), st.err) || l != nil || more || p.Pending() {
					t.Errorf("%s: step %d Feed(%q) = %v, %v, %v; want error %q", tt.name, i, st.line, l, more, err, st.err)
				}
			case err != nil || more != st.more || p.Pending() != st.more || (l == nil) != st.more:
				t.Errorf("%s: step %d Feed(%q) = %v, %v, %v; want more=%v", tt.name, i, st.line, l, more, err, st.more)
			case l != nil && st.args != "" && string(l.Arguments()) != st.args:
				t.Errorf("%s: step %d Arguments() = %s\nwant %s", tt.name, i, l.Arguments(), st.args)
			}
		}
	}
}

// TestParserErrorIsSyntaxError checks that Feed's errors carry the line
// they refer to, so a shell can draw the caret under a continuation line.
func TestParserErrorIsSyntaxError(t *testing.T) {
	var p Parser
	p.Feed("transaction(")
	_, _, err := p.Feed("a b")
	var se *SyntaxError
	if !errors.As(err, &se) || se.Line != "a b" || se.Col != 3 {
		t.Errorf("Feed error = %#v", err)
	}
}

// TestParserReset checks that Reset abandons an open transaction.
func TestParserReset(t *testing.T) {
	var p Parser
	if _, more, _ := p.Feed("transaction( a"); !more || !p.Pending() {
		t.Fatal("transaction did not stay open")
	}
	p.Reset()
	if p.Pending() {
		t.Error("Pending after Reset")
	}
	if l, more, err := p.Feed(")"); err == nil || more || l != nil {
		t.Errorf("')' after Reset = %v, %v, %v; want an error", l, more, err)
	}
}
