package cmdline

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"
)

// TestParseErrors checks every syntax error with its column and message.
func TestParseErrors(t *testing.T) {
	deep := func(n int) string { return strings.Repeat("[", n) + strings.Repeat("]", n) }
	tests := []struct {
		line string
		col  int
		msg  string
	}{
		// Command name.
		{"!", 2, "missing command name"},
		{"! stop", 2, "missing command name"},
		{"c(x)", 2, `invalid character '(' in command name`},
		{"!!stop", 2, `invalid character '!'`},
		{"size=1", 1, "expected the command name before key=value"},
		{"=5", 1, "expected the command name before key=value"},
		{"é", 1, `invalid character 'é' in command name`},
		// Keys.
		{"block_resize device", 14, `expected key=value, got "device"`},
		{"block_resize device size=1", 14, "expected key=value"},
		{"c a=1 # not a comment", 7, "expected key=value"},
		{"c =5", 3, "empty key"},
		{"c a..b=1", 5, "empty level in dotted key"},
		{"c .a=1", 3, "empty level"},
		{"c a.=1", 5, "empty level"},
		{`c a"b=1`, 4, `invalid character '"' in key`},
		{"c é=1", 3, `invalid character 'é' in key`},
		{`c x="é" é`, 9, "expected key=value"},
		{"c " + strings.Repeat("a.", 1024) + "a=1", 3, "key nested deeper than 1024 levels"},
		// Conflicting keys point at the second key.
		{"c a=1 a=2", 7, "key a is set twice"},
		{"c a.b=1 x=0 a.b=2", 13, "key a.b is set twice"},
		{"c a=1 a.b=2", 7, "key a is used both as a value and as an object"},
		{"c a.b=2 a=1", 9, "key a is used both as a value and as an object"},
		{"c a.b.c=1 a.b=2", 11, "key a.b is used both"},
		{"c a={} a.b=1", 8, "key a is used both"},
		// Values.
		{"c a=", 5, "missing value"},
		{"c a= b=1", 5, "missing value"},
		{`c a="abc`, 5, "unterminated string"},
		{`c a='it`, 5, "unterminated string"},
		{`c a="x\`, 5, "unterminated string"},
		{`c a="\u12`, 5, "unterminated string"},
		{`c a=[1, 'x]`, 9, "unterminated string"},
		{`c a="x"y`, 8, "unexpected text after the closing quote"},
		{`c a='x''y'`, 8, "unexpected text after the closing quote"},
		{"c a=[1]2", 8, "unexpected text after the closing bracket"},
		{"c a=[1]]", 8, `unbalanced ']'`},
		{"c a=]", 5, `unbalanced ']'`},
		{"c a=}x", 5, `unbalanced '}'`},
		{"c a=[1, 2", 5, `unclosed '['`},
		{"c a=[1, 2 b=3", 11, `expected ',' or ']'`},
		{`c a={"x": [1`, 11, `unclosed '['`},
		{`c a={"x"`, 5, `unclosed '{'`},
		{`c a={"x":`, 5, `unclosed '{'`},
		{"c a=[1}", 7, `mismatched '}': '[' at col 5 is still open`},
		{"c a=[}", 6, `mismatched '}'`},
		{`c a={"x": [1}`, 13, `mismatched '}': '[' at col 11`},
		{"c a=[a]", 6, `unquoted word "a" inside brackets`},
		{"c a=[1 2]", 8, `expected ',' or ']'`},
		{"c a=[,]", 6, `unexpected ','`},
		{"c a={1: 2}", 6, "expected a quoted key"},
		{`c a={"k" 1}`, 10, "expected ':' after key"},
		{"c a={'k': 1, 'k': 2}", 14, `duplicate key "k"`},
		{"c a=" + deep(1025), 1029, "nesting deeper than 1024 levels"},
		{`c a="\q"`, 6, `unknown escape \q`},
		{`c a="\é"`, 6, `unknown escape \é`},
		{`c a="\u12"`, 6, `\u needs 4 hex digits`},
		{`c a="\x4"`, 6, `\x needs 2 hex digits`},
		{`c a="\ud800"`, 6, "lone UTF-16 surrogate"},
		{`c a="\udc00\ud800"`, 6, "lone UTF-16 surrogate"},
		{`c a="\ud800\u0041"`, 6, "lone UTF-16 surrogate"},
		{`c a="\ud800\uzz"`, 12, `\u needs 4 hex digits`},
		// Bad numbers: shaped like a number, not a valid one.
		{"c a=0x", 5, `bad number "0x": missing digits after 0x`},
		{"c a=-0o", 5, "missing digits after -0o"},
		{"c a=0xZZ", 5, `invalid digit 'Z' in hexadecimal number`},
		{"c a=0o9", 5, "in octal number"},
		{"c a=0b2", 5, "in binary number"},
		{"c a=09", 5, `invalid digit '9' in octal number`},
		{"c a=1e", 5, "missing digits in exponent"},
		{"c a=2.5e+", 5, "missing digits in exponent"},
		{"c a=--3", 5, "at most one sign"},
		{"c a=+3", 5, "at most one sign"},
		{"c a=-+.5", 5, "at most one sign"},
		{"c a=1e999", 5, "number out of range"},
		{"c a=18446744073709551616", 5, "integer out of range"},
		{"c a=-9223372036854775809", 5, "integer out of range"},
		{"c a=0x1ffffffffffffffff", 5, "integer out of range"},
		{"c a=[1, 0x]", 9, "bad number"},
		// HMP, ')' and transactions.
		{"hmp", 4, "missing HMP command line"},
		{"hmp   ", 4, "missing HMP command line"},
		{")", 1, "')' outside a transaction"},
		{"  ) a=1", 3, "')' outside a transaction"},
		{"c a=1 )", 7, "')' outside a transaction"},
		{"transaction( a x=1", 19, "unterminated transaction"},
		{"transaction( a x=1)", 20, "unterminated transaction"},
		{"transaction(", 13, "unterminated transaction"},
		{"transaction( )", 14, "transaction has no actions"},
		{"transaction( ; ; )", 18, "transaction has no actions"},
		{"transaction( a x=1 ) b", 22, `expected key=value after ')', got "b"`},
		{"transaction( a ) x=1 ; y=2", 22, "expected key=value after ')'"},
		{"transaction( a ) )", 18, "expected key=value after ')'"},
		{"transaction( a ) x=1 x=2", 22, "set twice"},
		{"transaction( transaction( a ) )", 14, "nested transaction"},
		{"transaction( a ; !transaction( b ) )", 18, "nested transaction"},
		{"transaction( a x=1 ; b=2 )", 22, "expected the action type before key=value"},
		{"transaction( a x=1 x=2 )", 20, "key x is set twice"},
		{"transaction( a( x=1 )", 15, `invalid character '(' in action type`},
		{"transaction( a x )", 16, "expected key=value"},
		// Raw JSON: exactly JSON, sent unchanged.
		{`{"execute": }`, 13, `unexpected '}'`},
		{`{"a" 1}`, 6, "expected ':' after key"},
		{`{"a":1`, 1, `unclosed '{'`},
		{`  {"a":[1}`, 10, `mismatched '}': '[' at col 8`},
		{`{'a':1}`, 2, "expected a quoted key"},
		{`{"a":'x'}`, 6, `unexpected '\''`},
		{`{"a":True}`, 6, `invalid JSON value "True"`},
		{`{"a":01}`, 6, `invalid JSON value "01"`},
		{`{"a":.5}`, 6, `invalid JSON value ".5"`},
		{`{"a":0x1}`, 6, "invalid JSON value"},
		{`{"a":[1,]}`, 9, `unexpected ']'`},
		{`{"a":1,}`, 8, "expected a quoted key"},
		{`{} x`, 4, "unexpected text after the JSON object"},
		{`{}}`, 3, "unexpected text after the JSON object"},
		{`{"a":"\x41"}`, 7, `unknown escape \x`},
		{`{"a":"\'"}`, 7, `unknown escape \'`},
		{"{\"a\":\"\t\"}", 7, "control character"},
		{`{"é":"\q"}`, 7, `unknown escape \q`},
		{"{\"a\":" + deep(1024) + "}", 1029, "nesting deeper than 1024 levels"},
		// Input that is not UTF-8 is refused, with a rune column.
		{"c a=\xff", 5, "invalid UTF-8"},
		{"c a=é\xffb", 6, "invalid UTF-8"},
		{"{\"a\":\"\xc3\"}", 7, "invalid UTF-8"},
	}
	for _, tt := range tests {
		l, err := Parse(tt.line)
		var se *SyntaxError
		if !errors.As(err, &se) {
			t.Errorf("Parse(%q) = %+v, %v; want a *SyntaxError", tt.line, l, err)
			continue
		}
		if l != nil {
			t.Errorf("Parse(%q) returned a Line with an error", tt.line)
		}
		if se.Col != tt.col || !strings.Contains(se.Msg, tt.msg) {
			t.Errorf("Parse(%q) = %v; want col %d: %s", tt.line, err, tt.col, tt.msg)
		}
		if se.Line != tt.line || utf8.RuneCountInString(tt.line[:se.Offset])+1 != se.Col {
			t.Errorf("Parse(%q): Line %q, Offset %d do not match col %d", tt.line, se.Line, se.Offset, se.Col)
		}
	}
}

// TestDeepNesting checks that nesting up to the limit is accepted.
func TestDeepNesting(t *testing.T) {
	nest := strings.Repeat("[", 1024) + strings.Repeat("]", 1024)
	for _, line := range []string{"c a=" + nest, `{"a":` + strings.Repeat("[", 1023) + strings.Repeat("]", 1023) + "}"} {
		if _, err := Parse(line); err != nil {
			t.Errorf("Parse(%.20q...): %v", line, err)
		}
	}
}

// TestHostileInput checks that huge and strange lines end in a result or
// an error, never a panic or a stack overflow.
func TestHostileInput(t *testing.T) {
	const mb = 1 << 20
	tests := []struct {
		line string
		ok   bool
	}{
		{"c" + strings.Repeat(" a=1", mb/4), false}, // set twice
		{"c " + strings.Repeat("k", mb) + "=1", true},
		{"c a=" + strings.Repeat("x", mb), true},
		{`c a="` + strings.Repeat(`\u00e9`, mb/6) + `"`, true},
		{"c a=" + strings.Repeat("[", mb), false},
		{"c a=" + strings.Repeat("[1,", mb/3), false},
		{"c a=" + strings.Repeat("{'a':", mb/5), false},
		{strings.Repeat("{", mb), false},
		{`{"a":"` + strings.Repeat("x", mb) + `"}`, true},
		{"c " + strings.Repeat("a.", mb/2) + "a=1", false},
		{"transaction(" + strings.Repeat(" a x=1 ;", mb/8) + " )", true},
		{strings.Repeat("\x00", mb), false},
		{strings.Repeat("\xff", mb), false},
		{"c a=" + strings.Repeat("\x00", 100), true},
	}
	for _, tt := range tests {
		l, err := Parse(tt.line)
		if (err == nil) != tt.ok {
			t.Errorf("Parse(%.30q...) = %v, want ok=%v", tt.line, err, tt.ok)
		}
		if err == nil && !json.Valid(l.Arguments()) && !json.Valid(l.Raw) {
			t.Errorf("Parse(%.30q...): invalid JSON", tt.line)
		}
		Locate(tt.line, len(tt.line)/2)
	}
	// Many distinct keys stay linear.
	var b strings.Builder
	b.WriteString("c")
	for i := range 50000 {
		fmt.Fprintf(&b, " k%d.x=%d", i, i)
	}
	if _, err := Parse(b.String()); err != nil {
		t.Error(err)
	}
}
