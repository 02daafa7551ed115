package docs

import (
	"encoding/json"
	"strings"
	"testing"
)

// miniSchema is a hand-written schema covering every meta-type, a cycle
// and an entry of a meta-type qmpdash does not know.
const miniSchema = `[
	{"name":"run","meta-type":"command","arg-type":"1","ret-type":"[int]","allow-oob":true,"features":["unstable"]},
	{"name":"STOPPED","meta-type":"event","arg-type":"0","features":["deprecated"]},
	{"name":"0","meta-type":"object","members":[]},
	{"name":"1","meta-type":"object","tag":"kind","members":[
		{"name":"kind","type":"2"},
		{"name":"id","type":"str","default":null,"features":["deprecated"]}],
		"variants":[{"case":"a","type":"3"}]},
	{"name":"2","meta-type":"enum","values":["a","b"],"members":[{"name":"a"},{"name":"b","features":["unstable"]}]},
	{"name":"3","meta-type":"object","members":[{"name":"child","type":"4"},{"name":"extra","type":"9"}]},
	{"name":"4","meta-type":"alternate","members":[{"type":"1"},{"type":"str"}]},
	{"name":"5","meta-type":"enum","values":["x","y","z","w","v","u"]},
	{"name":"9","meta-type":"future-thing"},
	{"name":"[int]","meta-type":"array","element-type":"int"},
	{"name":"[[int]]","meta-type":"array","element-type":"[int]"},
	{"name":"str","meta-type":"builtin","json-type":"string"},
	{"name":"int","meta-type":"builtin","json-type":"int"},
	{"name":"number","meta-type":"builtin","json-type":"number"},
	{"name":"any","meta-type":"builtin","json-type":"value"},
	{"name":"null","meta-type":"builtin","json-type":"null"}
]`

// miniTypes parses miniSchema and returns its types by name, reached
// through the graph since Schema exposes types only through commands.
func miniTypes(t *testing.T) (*Schema, map[string]*Type) {
	t.Helper()
	s, err := ParseSchema(json.RawMessage(miniSchema))
	if err != nil {
		t.Fatal(err)
	}
	args := s.Command("run").Args
	v := args.Variant("a")
	alt := v.Member("child").Type
	ret := s.Command("run").Returns
	return s, map[string]*Type{
		"args": args, "enum": args.Member("kind").Type, "variant": v, "alt": alt,
		"str": alt.Alternatives[1], "unknown": v.Member("extra").Type, "[int]": ret, "int": ret.Element,
		"empty": s.Event("STOPPED").Data,
	}
}

func TestParseMiniSchema(t *testing.T) {
	s, ty := miniTypes(t)
	run := s.Command("run")
	if !run.AllowOOB || !HasFeature(run.Features, FeatureUnstable) || !run.Enabled || !run.SuccessResponse {
		t.Errorf("run = %+v", run)
	}
	if !HasFeature(s.Event("STOPPED").Features, FeatureDeprecated) {
		t.Error("event features lost")
	}
	if m := ty["args"].Member("id"); !m.Optional || !HasFeature(m.Features, FeatureDeprecated) {
		t.Errorf("id = %+v", m)
	}
	if ty["args"].Member("kind").Optional {
		t.Error("member without default is optional")
	}
	if v := ty["enum"].Value("b"); v == nil || !HasFeature(v.Features, FeatureUnstable) {
		t.Errorf("enum member features lost: %+v", ty["enum"].Values)
	}
	if ty["alt"].Alternatives[0] != ty["args"] {
		t.Error("cycle not linked to the same node")
	}
	if ty["unknown"].Kind != KindUnknown || ty["unknown"].Name != "9" {
		t.Errorf("unknown meta-type kept as %+v", ty["unknown"])
	}
	if ty["empty"].Kind != KindObject || len(ty["empty"].Members) != 0 {
		t.Errorf("empty object = %+v", ty["empty"])
	}
}

func TestDescribe(t *testing.T) {
	_, ty := miniTypes(t)
	longEnum := &Type{Kind: KindEnum, Values: []EnumValue{{Name: "x"}, {Name: "y"}, {Name: "z"}, {Name: "w"}, {Name: "v"}}}
	selfArray := &Type{Name: "[0]", Kind: KindArray}
	selfArray.Element = selfArray
	tests := []struct {
		typ  *Type
		want string
	}{
		{ty["str"], "str"},
		{ty["[int]"], "[int]"},
		{ty["enum"], "enum(a|b)"},
		{longEnum, "enum(x|y|z|w|...)"},
		{ty["variant"], "object"},
		{ty["args"], "union(kind)"},
		{ty["alt"], "alternate(union(kind)|str)"},
		{ty["unknown"], "unknown"},
		{selfArray, strings.Repeat("[", maxTypeDepth+1) + "..." + strings.Repeat("]", maxTypeDepth+1)},
	}
	for _, tt := range tests {
		if got := tt.typ.Describe(); got != tt.want {
			t.Errorf("Describe() = %q, want %q", got, tt.want)
		}
	}
}

func TestAccepts(t *testing.T) {
	_, ty := miniTypes(t)
	builtin := func(j string) *Type { return &Type{Kind: KindBuiltin, JSONType: j} }
	tests := []struct {
		typ    *Type
		accept string // JSON types accepted, among all seven
	}{
		{builtin("string"), "string"},
		{builtin("int"), "int"},
		{builtin("number"), "int number"},
		{builtin("boolean"), "boolean"},
		{builtin("null"), "null"},
		{builtin("value"), "string int number boolean null object array"},
		{builtin("some-future-type"), "string int number boolean null object array"},
		{ty["enum"], "string"},
		{ty["[int]"], "array"},
		{ty["args"], "object"},
		{ty["alt"], "string object"},
		{&Type{Kind: KindAlternate, Alternatives: []*Type{builtin("int"), builtin("boolean"), ty["[int]"]}}, "int boolean array"},
		{ty["unknown"], "string int number boolean null object array"},
	}
	for _, tt := range tests {
		for _, j := range strings.Fields("string int number boolean null object array") {
			want := strings.Contains(" "+tt.accept+" ", " "+j+" ")
			if got := tt.typ.Accepts(j); got != want {
				t.Errorf("%s.Accepts(%q) = %v, want %v", tt.typ.Describe(), j, got, want)
			}
		}
	}
	selfAlt := &Type{Kind: KindAlternate}
	selfAlt.Alternatives = []*Type{selfAlt}
	if selfAlt.Accepts("string") {
		t.Error("self-containing alternate accepts")
	}
}

func TestKindString(t *testing.T) {
	want := map[Kind]string{KindUnknown: "unknown", KindBuiltin: "builtin", KindEnum: "enum",
		KindArray: "array", KindObject: "object", KindAlternate: "alternate", Kind(42): "unknown"}
	for k, w := range want {
		if k.String() != w {
			t.Errorf("Kind(%d).String() = %q, want %q", int(k), k.String(), w)
		}
	}
}

func TestParseSchemaErrors(t *testing.T) {
	const obj0 = `{"name":"0","meta-type":"object","members":[]}`
	tests := []struct {
		name, input, wantErr string
	}{
		{"not JSON", `[`, "not a JSON array"},
		{"object", `{}`, "not a JSON array"},
		{"null", `null`, "null"},
		{"entry not an object", `[1]`, "entry 0"},
		{"wrong field type", `[{"name":"0","meta-type":"object","members":5}]`, "entry 0"},
		{"no name", `[{"meta-type":"object"}]`, "entry 0 has no name"},
		{"no meta-type", `[{"name":"x"}]`, "entry 0 has no name or meta-type"},
		{"duplicate type", `[` + obj0 + `,` + obj0 + `]`, `object "0" defined twice`},
		{"duplicate command", `[{"name":"c","meta-type":"command","arg-type":"0","ret-type":"0"},{"name":"c","meta-type":"command","arg-type":"0","ret-type":"0"},` + obj0 + `]`, `command "c" defined twice`},
		{"dangling arg-type", `[{"name":"c","meta-type":"command","arg-type":"99","ret-type":"0"},` + obj0 + `]`, `command "c": arg-type refers to undefined type "99"`},
		{"dangling ret-type", `[{"name":"c","meta-type":"command","arg-type":"0","ret-type":"98"},` + obj0 + `]`, `undefined type "98"`},
		{"missing arg-type", `[{"name":"c","meta-type":"command","ret-type":"0"},` + obj0 + `]`, `command "c" has no arg-type`},
		{"dangling event data", `[{"name":"E","meta-type":"event","arg-type":"7"}]`, `event "E": arg-type refers to undefined type "7"`},
		{"dangling member", `[{"name":"1","meta-type":"object","members":[{"name":"m","type":"42"}]}]`, `object "1": member m refers to undefined type "42"`},
		{"member without name", `[{"name":"1","meta-type":"object","members":[{"type":"1"}]}]`, `member 0 has no name`},
		{"dangling element", `[{"name":"[3]","meta-type":"array","element-type":"3"}]`, `element-type refers to undefined type "3"`},
		{"dangling alternative", `[{"name":"4","meta-type":"alternate","members":[{"type":"5"}]}]`, `alternative refers to undefined type "5"`},
		{"dangling variant", `[{"name":"1","meta-type":"object","tag":"t","members":[{"name":"t","type":"1"}],"variants":[{"case":"a","type":"6"}]}]`, `variant a refers to undefined type "6"`},
		{"tag not a member", `[{"name":"1","meta-type":"object","tag":"t","members":[]}]`, `tag "t" is not a member`},
		{"variants without tag", `[{"name":"1","meta-type":"object","members":[],"variants":[{"case":"a","type":"1"}]}]`, `variants but no tag`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := ParseSchema(json.RawMessage(tt.input))
			if err == nil {
				t.Fatalf("ParseSchema succeeded: %d commands", len(s.Commands()))
			}
			if !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("error %q, want it to contain %q", err, tt.wantErr)
			}
		})
	}
}

func TestParseSchemaEmpty(t *testing.T) {
	s, err := ParseSchema(json.RawMessage(`[]`))
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Commands()) != 0 || len(s.Events()) != 0 || !s.Introspected() {
		t.Errorf("empty schema: %d commands", len(s.Commands()))
	}
}

func TestCommandsReturnsCopy(t *testing.T) {
	s, _ := miniTypes(t)
	s.Commands()[0] = nil
	s.Events()[0] = nil
	if s.Commands()[0] == nil || s.Events()[0] == nil {
		t.Error("Commands/Events expose the internal slice")
	}
}

func BenchmarkParseSchema(b *testing.B) {
	ret := loadFixture(b, fixture100).Schema
	b.SetBytes(int64(len(ret)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ParseSchema(ret); err != nil {
			b.Fatal(err)
		}
	}
}
