package docs

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
)

// enumDrivers is how Describe shows the blockdev-add driver enum, the same
// in every fixture.
const enumDrivers = "enum(blkdebug|blklogwrites|blkreplay|blkverify|...)"

// validateCases hold for both QEMU fixtures; each want is the full list of
// problems as Problem.String renders them, in order.
var validateCases = []struct {
	name    string
	command string
	args    string
	want    []string
}{
	{"valid", "block_resize", `{"node-name":"disk0","size":1024}`, nil},
	{"no arguments", "query-status", ``, nil},
	{"empty object", "query-status", `{}`, nil},
	{"unknown command", "query-stauts", `{}`,
		[]string{`unknown command "query-stauts" (did you mean query-status, query-stats?)`}},
	{"unknown argument", "block_resize", `{"node-name":"disk0","size":1,"sise":2}`,
		[]string{`sise: unknown argument (did you mean size?)`}},
	{"missing argument", "block_resize", `{"node-name":"disk0"}`,
		[]string{`size: missing required argument`}},
	{"missing argument, nil args", "block_resize", ``,
		[]string{`size: missing required argument`}},
	{"string for int", "block_resize", `{"node-name":"disk0","size":"10G"}`,
		[]string{`size: expected int, got string "10G"`}},
	{"fraction for int", "block_resize", `{"node-name":"disk0","size":1.5}`,
		[]string{`size: expected int, got number 1.5`}},
	{"exponent for int", "block_resize", `{"node-name":"disk0","size":1e3}`,
		[]string{`size: expected int, got number 1e3`}},
	{"int for str", "block_resize", `{"node-name":1,"size":1}`,
		[]string{`node-name: expected str, got number 1`}},
	{"bad enum value", "blockdev-add", `{"driver":"qcow3","node-name":"n","file":"f"}`,
		[]string{`driver: "qcow3" is not one of ` + enumDrivers + ` (did you mean qcow2, qcow?)`}},
	{"member of another variant", "blockdev-add", `{"driver":"qcow2","node-name":"n","file":"f","filename":"/x"}`,
		[]string{`filename: not valid for driver=qcow2 (only for driver=file|host_cdrom|host_device)`}},
	{"missing tag", "blockdev-add", `{"node-name":"n"}`,
		[]string{`driver: missing required argument; it selects the variant: ` + enumDrivers}},
	{"missing variant member", "blockdev-add", `{"driver":"qcow2","node-name":"n"}`,
		[]string{`file: missing required argument`}},
	{"nested inline node", "blockdev-add", `{"driver":"qcow2","node-name":"n","file":{"driver":"file","filename":"/x"}}`, nil},
	{"nested errors", "blockdev-add", `{"driver":"qcow2","node-name":"n","file":{"driver":"file","filname":"/x"}}`,
		[]string{`file.filename: missing required argument`, `file.filname: unknown argument (did you mean filename?)`}},
	{"alternate null branch", "blockdev-add", `{"driver":"qcow2","node-name":"n","file":"f","backing":null}`, nil},
	{"alternate no branch", "blockdev-add", `{"driver":"qcow2","node-name":"n","file":"f","backing":5}`,
		[]string{`backing: expected alternate(union(driver)|str|null), got number 5`}},
	{"any accepts anything", "qom-set", `{"path":"/machine","property":"p","value":{"a":[1,null]}}`, nil},
	{"array element", "transaction",
		`{"actions":[{"type":"abort","data":{}},{"type":"blockdev-backup","data":{"device":1,"target":"t","sync":"full"}}]}`,
		[]string{`actions[1].data.device: expected str, got number 1`}},
	{"array expected", "transaction", `{"actions":{}}`,
		[]string{`actions: expected [union(type)], got object`}},
	{"deprecated command", "drive-backup", `{"device":"d","target":"/t","sync":"full"}`,
		[]string{`command "drive-backup" is deprecated`}},
	{"unstable command", "x-query-jit", `{}`,
		[]string{`command "x-query-jit" is unstable (experimental)`}},
	{"deprecated argument", "eject", `{"device":"ide0-cd0"}`,
		[]string{`device: argument is deprecated`}},
	{"unstable argument", "blockdev-backup", `{"device":"d","target":"t","sync":"full","x-perf":{}}`,
		[]string{`x-perf: argument is unstable (experimental)`}},
	{"deprecated enum value", "transaction",
		`{"actions":[{"type":"drive-backup","data":{"device":"d","target":"/t","sync":"full"}}]}`,
		[]string{`actions[0].type: value "drive-backup" is deprecated`}},
	{"errors before warnings", "drive-backup", `{"device":"d","sync":"full"}`,
		[]string{`target: missing required argument`, `command "drive-backup" is deprecated`}},
	{"device_add takes device properties", "device_add", `{"driver":"virtio-net-pci","id":"n0","mac":"52:54:00:12:34:56"}`, nil},
	{"device_add still checks its own members", "device_add", `{"id":"n0"}`,
		[]string{`driver: missing required argument`}},
	{"invalid JSON", "block_resize", `{"size":`,
		[]string{`arguments are not valid JSON: unexpected EOF`}},
	{"trailing data", "block_resize", `{"size":1} {}`,
		[]string{`arguments are not valid JSON: trailing data after the JSON value`}},
	{"not an object", "block_resize", `[1]`,
		[]string{`arguments must be a JSON object, got array`}},
	{"null arguments", "query-status", `null`,
		[]string{`arguments must be a JSON object, got null`}},
}

func TestValidate(t *testing.T) {
	for _, fx := range []string{fixture72, fixture100} {
		s := loadSchema(t, fx)
		for _, tt := range validateCases {
			t.Run(fx+"/"+tt.name, func(t *testing.T) {
				got := problemStrings(s.Validate(tt.command, json.RawMessage(tt.args)))
				if !slices.Equal(got, tt.want) {
					t.Errorf("Validate(%s, %s)\n got %q\nwant %q", tt.command, tt.args, got, tt.want)
				}
			})
		}
	}
}

func TestValidateVersionSpecific(t *testing.T) {
	tests := []struct {
		fixture string
		command string
		args    string
		want    []string
	}{
		// gluster was deprecated after 7.2.
		{fixture100, "blockdev-add", `{"driver":"gluster","node-name":"n","volume":"v","path":"p","server":[]}`,
			[]string{`driver: value "gluster" is deprecated`}},
		{fixture72, "blockdev-add", `{"driver":"gluster","node-name":"n","volume":"v","path":"p","server":[]}`, nil},
		// active is new in 10.0 and a bool.
		{fixture100, "blockdev-add", `{"driver":"qcow2","node-name":"n","file":"f","active":"yes"}`,
			[]string{`active: expected bool, got string "yes"`}},
		{fixture72, "blockdev-add", `{"driver":"qcow2","node-name":"n","file":"f","active":true}`,
			[]string{`active: unknown argument`}},
		{fixtureQSD, "device_add", `{"driver":"e1000"}`,
			[]string{`unknown command "device_add"`}},
	}
	for _, tt := range tests {
		t.Run(tt.fixture+"/"+tt.command, func(t *testing.T) {
			got := problemStrings(loadSchema(t, tt.fixture).Validate(tt.command, json.RawMessage(tt.args)))
			if !slices.Equal(got, tt.want) {
				t.Errorf("got %q\nwant %q", got, tt.want)
			}
		})
	}
}

// TestValidateProblemFields checks the structured fields callers use to
// place problems, which String could hide.
func TestValidateProblemFields(t *testing.T) {
	s := loadSchema(t, fixture100)
	ps := s.Validate("transaction", json.RawMessage(
		`{"actions":[{"type":"abort","data":{}},{"type":"blockdev-backup","data":{"devise":"d","target":"t","sync":"full"}}]}`))
	want := []Problem{
		{SeverityError, []string{"actions", "[1]", "data", "device"}, "missing required argument", nil},
		{SeverityError, []string{"actions", "[1]", "data", "devise"}, "unknown argument", []string{"device"}},
	}
	if len(ps) != len(want) {
		t.Fatalf("got %v", ps)
	}
	for i := range want {
		if ps[i].Severity != want[i].Severity || !slices.Equal(ps[i].Path, want[i].Path) ||
			ps[i].Msg != want[i].Msg || !slices.Equal(ps[i].Suggestions, want[i].Suggestions) {
			t.Errorf("problem %d = %#v, want %#v", i, ps[i], want[i])
		}
	}
	w := s.Validate("drive-backup", json.RawMessage(`{"device":"d","target":"/t","sync":"full"}`))
	if len(w) != 1 || w[0].Severity != SeverityWarning || len(w[0].Path) != 0 {
		t.Errorf("deprecated command: %#v", w)
	}
}

func TestProblemString(t *testing.T) {
	tests := []struct {
		p    Problem
		want string
	}{
		{Problem{Msg: "unknown command"}, "unknown command"},
		{Problem{Path: []string{"size"}, Msg: "m"}, "size: m"},
		{Problem{Path: []string{"file", "filename"}, Msg: "m"}, "file.filename: m"},
		{Problem{Path: []string{"actions", "[1]", "data", "device"}, Msg: "m"}, "actions[1].data.device: m"},
		{Problem{Path: []string{"[0]", "[2]"}, Msg: "m"}, "[0][2]: m"},
		{Problem{Path: []string{"x"}, Msg: "m", Suggestions: []string{"a", "b"}}, "x: m (did you mean a, b?)"},
	}
	for _, tt := range tests {
		if got := tt.p.String(); got != tt.want {
			t.Errorf("String() = %q, want %q", got, tt.want)
		}
	}
	if SeverityError.String() != "error" || SeverityWarning.String() != "warning" {
		t.Error("Severity names")
	}
}

// TestValidateBoundedOnCycles feeds a recursive type a deep value and an
// alternate that contains itself: both must end with an error, not a
// stack overflow.
func TestValidateBoundedOnCycles(t *testing.T) {
	s, err := ParseSchema(json.RawMessage(`[
		{"name":"walk","meta-type":"command","arg-type":"1","ret-type":"0"},
		{"name":"loop","meta-type":"command","arg-type":"3","ret-type":"0"},
		{"name":"0","meta-type":"object","members":[]},
		{"name":"1","meta-type":"object","members":[{"name":"next","type":"1","default":null}]},
		{"name":"2","meta-type":"alternate","members":[{"type":"2"},{"type":"str"}]},
		{"name":"3","meta-type":"object","members":[{"name":"a","type":"2"}]},
		{"name":"str","meta-type":"builtin","json-type":"string"}]`))
	if err != nil {
		t.Fatal(err)
	}
	deep := strings.Repeat(`{"next":`, 150) + "{}" + strings.Repeat("}", 150)
	ps := s.Validate("walk", json.RawMessage(deep))
	if len(ps) != 1 || ps[0].Msg != "nested too deeply" {
		t.Errorf("deep value: %v", problemStrings(ps))
	}
	if ps := s.Validate("walk", json.RawMessage(strings.Repeat(`{"next":`, 50)+"{}"+strings.Repeat("}", 50))); ps != nil {
		t.Errorf("50 levels: %v", problemStrings(ps))
	}
	if ps := s.Validate("loop", json.RawMessage(`{"a":"s"}`)); ps != nil {
		t.Errorf("self alternate, string: %v", problemStrings(ps))
	}
	if ps := s.Validate("loop", json.RawMessage(`{"a":1}`)); len(ps) != 1 || ps[0].Severity != SeverityError {
		t.Errorf("self alternate, int: %v", problemStrings(ps))
	}
}

// TestValidateOpenCommandTopLevelOnly checks that device_add's leniency
// covers its own members only, not objects nested inside them.
func TestValidateOpenCommandTopLevelOnly(t *testing.T) {
	s, err := ParseSchema(json.RawMessage(`[
		{"name":"device_add","meta-type":"command","arg-type":"1","ret-type":"0"},
		{"name":"0","meta-type":"object","members":[]},
		{"name":"1","meta-type":"object","members":[{"name":"driver","type":"str"},{"name":"opts","type":"2","default":null}]},
		{"name":"2","meta-type":"object","members":[{"name":"a","type":"str","default":null}]},
		{"name":"str","meta-type":"builtin","json-type":"string"}]`))
	if err != nil {
		t.Fatal(err)
	}
	got := problemStrings(s.Validate("device_add", json.RawMessage(`{"driver":"e1000","mac":"m","opts":{"b":1}}`)))
	if want := []string{"opts.b: unknown argument"}; !slices.Equal(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
}

func problemStrings(ps []Problem) []string {
	var out []string
	for _, p := range ps {
		out = append(out, p.String())
	}
	return out
}
