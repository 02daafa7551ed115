package cmdline

import "testing"

// TestValues checks how each way of writing a value is classified and
// encoded, through the public Parse.
func TestValues(t *testing.T) {
	tests := []struct {
		text string
		kind ValueKind
		json string
	}{
		// Integers, in every base.
		{"42", Int, "42"},
		{"-7", Int, "-7"},
		{"0", Int, "0"},
		{"-0", Int, "0"},
		{"0x1F", Int, "31"},
		{"0X1f", Int, "31"},
		{"-0x10", Int, "-16"},
		{"0o17", Int, "15"},
		{"017", Int, "15"},
		{"00", Int, "0"},
		{"0b101", Int, "5"},
		{"1073741824", Int, "1073741824"},
		{"18446744073709551615", Int, "18446744073709551615"},
		{"-9223372036854775808", Int, "-9223372036854775808"},
		// Floats.
		{"1.5", Float, "1.5"},
		{"-2e3", Float, "-2000"},
		{".5", Float, "0.5"},
		{"-.5", Float, "-0.5"},
		{"1.", Float, "1"},
		{"1.50", Float, "1.5"},
		{"2.5E-7", Float, "2.5e-7"},
		{"1e-400", Float, "0"},
		// Booleans and null.
		{"true", Bool, "true"},
		{"False", Bool, "false"},
		{"TRUE", Bool, "true"},
		{"null", Null, "null"},
		{"None", Null, "null"},
		// Quoted strings and their escapes.
		{`"info block"`, String, `"info block"`},
		{`'it\'s'`, String, `"it's"`},
		{`'say "hi"'`, String, `"say \"hi\""`},
		{`"a\"b\'c\\d"`, String, `"a\"b'c\\d"`},
		{`"\n\t\r\b\f\/"`, String, `"\n\t\r\u0008\u000c/"`},
		{`"\u00e9\x41"`, String, `"éA"`},
		{`"\xff"`, String, `"ÿ"`},
		{`"\ud83d\ude00"`, String, `"😀"`},
		{`"\u0000"`, String, `"\u0000"`},
		{`""`, String, `""`},
		{`"<a&b>"`, String, `"<a&b>"`},
		{`"a=b c;d"`, String, `"a=b c;d"`},
		// Bare words: anything that is not entirely a number.
		{"virtio0", Bare, `"virtio0"`},
		{"none", Bare, `"none"`},
		{"NULL", Bare, `"NULL"`},
		{"/tmp/a=b.qcow2", Bare, `"/tmp/a=b.qcow2"`},
		{"12ab", Bare, `"12ab"`},
		{"1G", Bare, `"1G"`},
		{"127.0.0.1", Bare, `"127.0.0.1"`},
		{"52:54:00:12:34:56", Bare, `"52:54:00:12:34:56"`},
		{"0x1F:00", Bare, `"0x1F:00"`},
		{"08:00", Bare, `"08:00"`},
		{"1ex", Bare, `"1ex"`},
		{"-", Bare, `"-"`},
		{"-abc", Bare, `"-abc"`},
		{".", Bare, `"."`},
		{"O'Brien", Bare, `"O'Brien"`},
		{"a[1]", Bare, `"a[1]"`},
		{`a"b`, Bare, `"a\"b"`},
		{"inf", Bare, `"inf"`},
		{"tcp:localhost:4444", Bare, `"tcp:localhost:4444"`},
		{"é", Bare, `"é"`},
		{"a;b", Bare, `"a;b"`},
		{"a\x00b", Bare, `"a\u0000b"`},
		// Brackets: JSON and Python literals, spaces allowed.
		{"[1, 2]", Array, "[1,2]"},
		{"[]", Array, "[]"},
		{"{}", Object, "{}"},
		{`{"a": [1, 2], 'b': None}`, Object, `{"a":[1,2],"b":null}`},
		{"[True, False, None, null, true]", Array, "[true,false,null,null,true]"},
		{"[1, 2, ]", Array, "[1,2]"},
		{"{'a': 1,}", Object, `{"a":1}`},
		{"[0x10, 017, .5, -2e3]", Array, "[16,15,0.5,-2000]"},
		{`['a;b', "c]d", '\u00e9']`, Array, `["a;b","c]d","é"]`},
		{"[[[]], {'x': {}}]", Array, `[[[]],{"x":{}}]`},
		{"[\t1 ,\t2 ]", Array, "[1,2]"},
	}
	for _, tt := range tests {
		line := "cmd x=" + tt.text + " y=1"
		l, err := Parse(line)
		if err != nil {
			t.Errorf("Parse(%q): %v", line, err)
			continue
		}
		v := l.Args[0].Value
		if v.Kind != tt.kind || string(v.JSON) != tt.json {
			t.Errorf("%q: got %v %s, want %v %s", tt.text, v.Kind, v.JSON, tt.kind, tt.json)
		}
		if v.Text != tt.text || v.Pos != len("cmd x=") || v.End != len("cmd x=")+len(tt.text) {
			t.Errorf("%q: Text %q at [%d,%d)", tt.text, v.Text, v.Pos, v.End)
		}
		if line[v.Pos:v.End] != v.Text {
			t.Errorf("%q: Pos/End do not frame Text", tt.text)
		}
	}
}
