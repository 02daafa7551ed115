package cmdline

import (
	"reflect"
	"strings"
	"testing"
)

// TestLocate checks what the cursor (written as '|') is in, on complete and
// half-typed lines.
func TestLocate(t *testing.T) {
	cmd := func(start, end int, prefix string) Context {
		return Context{Target: TargetCommand, Start: start, End: end, Prefix: prefix}
	}
	tests := []struct {
		line string
		want Context
	}{
		{"|", cmd(0, 0, "")},
		{"  |", cmd(2, 2, "")},
		{"bl|", cmd(0, 2, "bl")},
		{"|stop", cmd(0, 4, "")},
		{"block_re|size device=x", cmd(0, 12, "block_re")},
		{"!dev|", cmd(1, 4, "dev")},
		{"transac|", cmd(0, 7, "transac")},
		{"hmp|", cmd(0, 3, "hmp")},
		{"block_resize |", Context{Target: TargetKey, Start: 13, End: 13, Command: "block_resize"}},
		{"block_resize device=x s|", Context{Target: TargetKey, Start: 22, End: 23, Prefix: "s",
			Command: "block_resize", Used: []string{"device"}}},
		{"block_resize dev|ice=x size=1", Context{Target: TargetKey, Start: 13, End: 19, Prefix: "dev",
			Command: "block_resize", Used: []string{"size"}}},
		{"c   |  a=1", Context{Target: TargetKey, Start: 4, End: 4, Command: "c", Used: []string{"a"}}},
		{"c a=1 |b=2", Context{Target: TargetKey, Start: 6, End: 7, Command: "c", Used: []string{"a"}}},
		{"blockdev-add file.fi|", Context{Target: TargetKey, Start: 13, End: 20, Prefix: "file.fi", Command: "blockdev-add"}},
		{"block_resize device=vi|", Context{Target: TargetValue, Start: 20, End: 22, Prefix: "vi",
			Command: "block_resize", Path: []string{"device"}}},
		{"block_resize device=|", Context{Target: TargetValue, Start: 20, End: 20,
			Command: "block_resize", Path: []string{"device"}}},
		{"c a.b=|", Context{Target: TargetValue, Start: 6, End: 6, Command: "c", Path: []string{"a", "b"}}},
		{"c a..b=x|", Context{Target: TargetValue, Start: 7, End: 8, Prefix: "x", Command: "c"}},
		// Unterminated quotes and brackets run to the end of the line.
		{`c a="foo b| x=1`, Context{Target: TargetValue, Start: 4, End: 14, Prefix: `"foo b`, Command: "c", Path: []string{"a"}}},
		{`c a={"x": [1, |`, Context{Target: TargetValue, Start: 4, End: 14, Prefix: `{"x": [1, `, Command: "c", Path: []string{"a"}}},
		{`c x="a;b|`, Context{Target: TargetValue, Start: 4, End: 8, Prefix: `"a;b`, Command: "c", Path: []string{"x"}}},
		// Transactions: action types, their keys, and properties after ')'.
		{"transaction( |", Context{Target: TargetCommand, Start: 13, End: 13, InTransaction: true}},
		{"!transaction(blo|", Context{Target: TargetCommand, Start: 13, End: 16, Prefix: "blo", InTransaction: true}},
		{"transaction( a x=1 ; block-dirty|", Context{Target: TargetCommand, Start: 21, End: 32,
			Prefix: "block-dirty", InTransaction: true}},
		{"transaction( a x=1;|", Context{Target: TargetCommand, Start: 19, End: 19, InTransaction: true}},
		{"transaction( a x=1 ; b y|", Context{Target: TargetKey, Start: 23, End: 24, Prefix: "y",
			Command: "b", InTransaction: true}},
		{"transaction( a x=1 y=2 ; b|", Context{Target: TargetCommand, Start: 25, End: 26, Prefix: "b", InTransaction: true}},
		{"transaction( a x|=1 y=2 ; b z=1", Context{Target: TargetKey, Start: 15, End: 16, Prefix: "x",
			Command: "a", InTransaction: true, Used: []string{"y"}}},
		{`transaction( a x=")|`, Context{Target: TargetValue, Start: 17, End: 19, Prefix: `")`,
			Command: "a", InTransaction: true, Path: []string{"x"}}},
		{"transaction( a x=1 ) c|", Context{Target: TargetKey, Start: 21, End: 22, Prefix: "c", InTransaction: true}},
		{"transaction( a x=1 ) completion-mode=gr|", Context{Target: TargetValue, Start: 37, End: 39, Prefix: "gr",
			InTransaction: true, Path: []string{"completion-mode"}}},
		// Nothing to complete.
		{"hmp info bl|", Context{}},
		{`{"execute": "q|`, Context{}},
		{"# x|", Context{}},
		{"transaction( a ;| b", Context{Target: TargetCommand, Start: 16, End: 16, InTransaction: true}},
		{"transaction( a |; b", Context{Target: TargetKey, Start: 15, End: 15, Command: "a", InTransaction: true}},
	}
	for _, tt := range tests {
		cursor := strings.IndexByte(tt.line, '|')
		line := tt.line[:cursor] + tt.line[cursor+1:]
		if got := Locate(line, cursor); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Locate(%q, %d) =\n%+v\nwant\n%+v", line, cursor, got, tt.want)
		}
	}
}

// TestLocateClamp checks that any cursor is accepted.
func TestLocateClamp(t *testing.T) {
	if got := Locate("stop", 100); got.Target != TargetCommand || got.Prefix != "stop" {
		t.Errorf("cursor past the end: %+v", got)
	}
	if got := Locate("stop", -5); got.Target != TargetCommand || got.Prefix != "" || got.End != 4 {
		t.Errorf("negative cursor: %+v", got)
	}
}

// TestParserLocate checks that the parser's state changes what a line is.
func TestParserLocate(t *testing.T) {
	var p Parser
	p.Feed("transaction(")
	line := "blockdev-snapshot-sync device=d0 ; b"
	want := Context{Target: TargetCommand, Start: 35, End: 36, Prefix: "b", InTransaction: true}
	if got := p.Locate(line, len(line)); !reflect.DeepEqual(got, want) {
		t.Errorf("inside a transaction: %+v", got)
	}
	want = Context{Target: TargetKey, Start: 23, End: 29, Prefix: "dev", Command: "blockdev-snapshot-sync", InTransaction: true}
	if got := p.Locate(line, 26); !reflect.DeepEqual(got, want) {
		t.Errorf("inside a transaction: %+v", got)
	}
	h := Parser{HMPMode: true}
	if got := h.Locate("info", 2); got.Target != TargetNone {
		t.Errorf("HMP mode: %+v", got)
	}
}
