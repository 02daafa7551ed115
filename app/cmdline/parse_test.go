package cmdline

import (
	"encoding/json"
	"reflect"
	"testing"
)

// TestParseCommand checks command lines, including qmp-shell's familiar
// examples, by the request they produce.
func TestParseCommand(t *testing.T) {
	tests := []struct {
		line  string
		name  string
		force bool
		args  string // Arguments(), "" for nil
	}{
		{"query-status", "query-status", false, ""},
		{"  query-status  ", "query-status", false, ""},
		{"block_resize device=virtio0 size=1073741824", "block_resize", false,
			`{"device":"virtio0","size":1073741824}`},
		{"blockdev-add driver=qcow2 node-name=n0 file.driver=file file.filename=/tmp/a.qcow2", "blockdev-add", false,
			`{"driver":"qcow2","node-name":"n0","file":{"driver":"file","filename":"/tmp/a.qcow2"}}`},
		{"device_add driver=virtio-net-pci id=net0", "device_add", false,
			`{"driver":"virtio-net-pci","id":"net0"}`},
		{`human-monitor-command command-line="info block"`, "human-monitor-command", false,
			`{"command-line":"info block"}`},
		{"!device_add driver=e1000 x-bogus=1", "device_add", true, `{"driver":"e1000","x-bogus":1}`},
		{"x-exit-preconfig", "x-exit-preconfig", false, ""},
		{"__com.redhat_drive_add id=d __com.redhat_x.y=1", "__com.redhat_drive_add", false,
			`{"id":"d","__com.redhat_x":{"y":1}}`},
		// Key order is the order first typed, at every level.
		{"c z=1 a.y=2 m=3 a.b=4", "c", false, `{"z":1,"a":{"y":2,"b":4},"m":3}`},
		{"c a.b.c=1 a.b.d=2 a.e=3", "c", false, `{"a":{"b":{"c":1,"d":2},"e":3}}`},
		{"c file=/tmp/a=b.qcow2", "c", false, `{"file":"/tmp/a=b.qcow2"}`},
		{"c\tkey=1\t\tk2='a b'", "c", false, `{"key":1,"k2":"a b"}`},
		{"object-add qom-type=memory-backend-ram id=m0 size=1073741824 props={'share': True}", "object-add", false,
			`{"qom-type":"memory-backend-ram","id":"m0","size":1073741824,"props":{"share":true}}`},
		{"transaction actions=[]", "transaction", false, `{"actions":[]}`},
		{"hmpx a=1", "hmpx", false, `{"a":1}`},
	}
	for _, tt := range tests {
		l, err := Parse(tt.line)
		if err != nil {
			t.Errorf("Parse(%q): %v", tt.line, err)
			continue
		}
		name, args := l.Request()
		if l.Kind != Command || name != tt.name || l.Command != tt.name || l.Force != tt.force || string(args) != tt.args {
			t.Errorf("Parse(%q) = %v %q force=%v %s, want %q force=%v %s",
				tt.line, l.Kind, name, l.Force, args, tt.name, tt.force, tt.args)
		}
		if args != nil && !json.Valid(args) {
			t.Errorf("Parse(%q): invalid JSON %s", tt.line, args)
		}
	}
}

// TestArgPositions checks that keys, paths and values point back into the
// line, so that a later schema check can underline the right text.
func TestArgPositions(t *testing.T) {
	line := ` !blockdev-add  file.filename="/a b" size=1`
	l, err := Parse(line)
	if err != nil {
		t.Fatal(err)
	}
	if l.CommandPos != 2 || line[l.CommandPos:l.CommandPos+len(l.Command)] != "blockdev-add" {
		t.Errorf("CommandPos %d", l.CommandPos)
	}
	want := []Arg{
		{Key: "file.filename", Path: []string{"file", "filename"}, KeyPos: 16,
			Value: Value{Kind: String, JSON: json.RawMessage(`"/a b"`), Text: `"/a b"`, Pos: 30, End: 36}},
		{Key: "size", Path: []string{"size"}, KeyPos: 37,
			Value: Value{Kind: Int, JSON: json.RawMessage(`1`), Text: `1`, Pos: 42, End: 43}},
	}
	if !reflect.DeepEqual(l.Args, want) {
		t.Errorf("Args = %+v\nwant %+v", l.Args, want)
	}
}

// TestParseForms checks the line kinds other than commands and what each
// asks QEMU to run.
func TestParseForms(t *testing.T) {
	tests := []struct {
		line string
		kind Kind
		name string
		args string
	}{
		{"", Empty, "", ""},
		{" \t ", Empty, "", ""},
		{"# block_resize device=x", Empty, "", ""},
		{"   #", Empty, "", ""},
		{"hmp info status", HMP, "human-monitor-command", `{"command-line":"info status"}`},
		{"hmp info block", HMP, "human-monitor-command", `{"command-line":"info block"}`},
		{"  hmp   savevm  \"my vm\"  ", HMP, "human-monitor-command", `{"command-line":"savevm  \"my vm\""}`},
		{`{"execute": "query-status"}`, RawJSON, "", `{"execute": "query-status"}`},
		{"  {\"execute\":\"qmp_capabilities\", \"arguments\": {\"enable\": [\"oob\"]}}\t", RawJSON, "",
			`{"execute":"qmp_capabilities", "arguments": {"enable": ["oob"]}}`},
		{`{"execute": "x", "arguments": {"s": "\ud800", "n": -1.5e+3, "z": [true, false, null]}}`, RawJSON, "",
			`{"execute": "x", "arguments": {"s": "\ud800", "n": -1.5e+3, "z": [true, false, null]}}`},
	}
	for _, tt := range tests {
		l, err := Parse(tt.line)
		if err != nil {
			t.Errorf("Parse(%q): %v", tt.line, err)
			continue
		}
		name, args := l.Request()
		if l.Kind != tt.kind || name != tt.name || string(args) != tt.args {
			t.Errorf("Parse(%q) = %v %q %s, want %v %q %s", tt.line, l.Kind, name, args, tt.kind, tt.name, tt.args)
		}
	}
}

// TestHMPMode checks that the shell's -H mode sends every line to HMP but
// still skips blank lines and comments.
func TestHMPMode(t *testing.T) {
	tests := []struct {
		line string
		kind Kind
		hmp  string
	}{
		{"info status", HMP, "info status"},
		{"  device_add e1000,id=n0 ", HMP, "device_add e1000,id=n0"},
		{"hmp info", HMP, "hmp info"},
		{`{"execute": "stop"}`, HMP, `{"execute": "stop"}`},
		{"transaction(", HMP, "transaction("},
		{"", Empty, ""},
		{"# note", Empty, ""},
	}
	p := Parser{HMPMode: true}
	for _, tt := range tests {
		l, more, err := p.Feed(tt.line)
		if err != nil || more || l.Kind != tt.kind || l.HMP != tt.hmp {
			t.Errorf("Feed(%q) = %+v, %v, %v; want %v %q", tt.line, l, more, err, tt.kind, tt.hmp)
		}
	}
}

// TestArgumentsHandBuilt checks the documented rules for Lines built by
// callers rather than by Parse.
func TestArgumentsHandBuilt(t *testing.T) {
	one := Value{JSON: json.RawMessage("1")}
	two := Value{JSON: json.RawMessage("2")}
	l := &Line{Kind: Command, Command: "c", Args: []Arg{
		{Path: []string{"a"}, Value: one},
		{Path: []string{"a"}, Value: two},
		{Path: []string{"a", "b"}, Value: two},
		{Value: two},
	}}
	if got := string(l.Arguments()); got != `{"a":1}` {
		t.Errorf("Arguments() = %s, want the first of conflicting keys", got)
	}
	for _, k := range []Kind{Empty, RawJSON} {
		if got := (&Line{Kind: k, Raw: json.RawMessage(`{}`)}).Arguments(); got != nil {
			t.Errorf("%v: Arguments() = %s, want nil", k, got)
		}
	}
	if name, args := (&Line{}).Request(); name != "" || args != nil {
		t.Errorf("Empty Request() = %q, %s", name, args)
	}
}

// TestKindStrings keeps the names used in messages readable.
func TestKindStrings(t *testing.T) {
	kinds := map[Kind]string{Empty: "empty", Command: "command", RawJSON: "raw JSON", HMP: "HMP",
		Transaction: "transaction", Kind(99): "invalid kind"}
	for k, want := range kinds {
		if k.String() != want {
			t.Errorf("Kind(%d) = %q, want %q", int(k), k.String(), want)
		}
	}
	values := map[ValueKind]string{Int: "integer", Float: "float", Bool: "boolean", Null: "null",
		String: "string", Bare: "bare word", Array: "array", Object: "object", ValueKind(99): "invalid value kind"}
	for k, want := range values {
		if k.String() != want {
			t.Errorf("ValueKind(%d) = %q, want %q", int(k), k.String(), want)
		}
	}
}
