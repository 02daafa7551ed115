package cmdline

import "testing"

// TestFormatCommand checks the lines written for example requests; every
// accepted line is also checked by FormatCommand itself to parse back.
func TestFormatCommand(t *testing.T) {
	tests := []struct {
		name, args string
		want       string // "" when FormatCommand must refuse
	}{
		{"query-status", ``, "query-status"},
		{"query-status", `{}`, "query-status"},
		{"query-status", `null`, "query-status"},
		{"block_resize", `{"device": "scratch", "size": 1073741824}`, "block_resize device=scratch size=1073741824"},
		// Nested objects become dotted keys, in document order.
		{"blockdev-add", `{"driver": "qcow2", "node-name": "n0", "file": {"driver": "file", "filename": "/tmp/a.qcow2"}}`,
			"blockdev-add driver=qcow2 node-name=n0 file.driver=file file.filename=/tmp/a.qcow2"},
		{"c", `{"a": {"b": {"c": 1}}, "z": true}`, "c a.b.c=1 z=true"},
		// Arrays and objects that cannot be dotted stay JSON.
		{"transaction", `{"actions": [ {"type": "drive-backup", "data": {"device": "d0"}} ]}`,
			`transaction actions=[{"type":"drive-backup","data":{"device":"d0"}}]`},
		{"c", `{"o": {}}`, `c o={}`},
		{"c", `{"o": {"a b": 1}}`, `c o={"a b":1}`},
		{"c", `{"o": {"x.y": 1}}`, `c o={"x.y":1}`},
		{"c", `{"o": {"__com.redhat_x": 1}}`, `c o={"__com.redhat_x":1}`},
		{"c", `{"list": [1, "two", null]}`, `c list=[1,"two",null]`},
		// Strings that a bare word would misread are quoted.
		{"c", `{"s": "hello world"}`, `c s="hello world"`},
		{"c", `{"s": ""}`, `c s=""`},
		{"c", `{"s": "42"}`, `c s="42"`},
		{"c", `{"s": "true"}`, `c s="true"`},
		{"c", `{"s": "None"}`, `c s="None"`},
		{"c", `{"s": "0x1g"}`, `c s="0x1g"`},
		{"c", `{"s": "'quoted'"}`, `c s="'quoted'"`},
		{"c", `{"s": "[x]"}`, `c s="[x]"`},
		{"c", `{"s": "say \"hi\"\n"}`, `c s="say \"hi\"\n"`},
		{"c", `{"s": "tab\there"}`, `c s="tab\there"`},
		// Words that only look odd stay bare: they read back as strings.
		{"c", `{"s": "127.0.0.1", "f": "/a=b.img", "m": "52:54:00:12:34:56", "u": "größe"}`,
			"c s=127.0.0.1 f=/a=b.img m=52:54:00:12:34:56 u=größe"},
		{"c", `{"n": -7, "f": 1.5, "e": 2e3, "b": false, "z": null}`, "c n=-7 f=1.5 e=2e3 b=false z=null"},
		// What the syntax cannot hold is refused.
		{"c", `[1, 2]`, ""},
		{"c", `"x"`, ""},
		{"c", `{"a b": 1}`, ""},
		{"c", `{"x.y": 1}`, ""},
		{"c", `{"a": 1`, ""},
		{"", `{}`, ""},
		{"bad name", `{}`, ""},
		{"hmp", `{}`, ""},
	}
	for _, tt := range tests {
		got, ok := FormatCommand(tt.name, []byte(tt.args))
		if ok != (tt.want != "") || got != tt.want {
			t.Errorf("FormatCommand(%q, %s) = %q, %v; want %q", tt.name, tt.args, got, ok, tt.want)
		}
	}
}
