package docs

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
)

// widgetSchema is a live schema for the invented widget commands, with
// masked type names as QEMU sends them. widget-reset has no docs anywhere.
const widgetSchema = `[
 {"name":"str","meta-type":"builtin","json-type":"string"},
 {"name":"int","meta-type":"builtin","json-type":"int"},
 {"name":"[int]","meta-type":"array","element-type":"int"},
 {"name":"0","meta-type":"object","members":[]},
 {"name":"1","meta-type":"object","members":[
   {"name":"id","type":"str"},
   {"name":"speed","type":"int","default":null,"features":["deprecated"]},
   {"name":"mode","type":"2","default":null}]},
 {"name":"2","meta-type":"enum","members":[{"name":"gentle"},{"name":"vigorous"},{"name":"legacy","features":["deprecated"]}]},
 {"name":"3","meta-type":"object","members":[{"name":"id","type":"str"},{"name":"turns","type":"[int]"}]},
 {"name":"4","meta-type":"object","tag":"kind","members":[
   {"name":"label","type":"str","default":null},{"name":"kind","type":"5"},{"name":"id","type":"str"}],
  "variants":[{"case":"sprocket","type":"6"},{"case":"lever","type":"7"}]},
 {"name":"5","meta-type":"enum","members":[{"name":"sprocket"},{"name":"lever"}]},
 {"name":"6","meta-type":"object","members":[{"name":"teeth","type":"int"}]},
 {"name":"7","meta-type":"object","members":[{"name":"lever-length","type":"int"},{"name":"pivot","type":"str","default":null}]},
 {"name":"8","meta-type":"object","members":[{"name":"id","type":"str"},{"name":"count","type":"int"}]},
 {"name":"frob-widget","meta-type":"command","arg-type":"1","ret-type":"3"},
 {"name":"widget-attach","meta-type":"command","arg-type":"4","ret-type":"0"},
 {"name":"widget-reset","meta-type":"command","arg-type":"8","ret-type":"0","features":["unstable"]},
 {"name":"WIDGET_FROBBED","meta-type":"event","arg-type":"8"}
]`

func loadWidgetSchema(t *testing.T) *Schema {
	t.Helper()
	s, err := ParseSchema(json.RawMessage(widgetSchema))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestDescribeAllSources(t *testing.T) {
	s := loadWidgetSchema(t)
	type arg struct{ name, typ, branch, desc string }
	for label, ix := range widgetSources(t) {
		t.Run(label, func(t *testing.T) {
			for _, tc := range []struct {
				name string
				want []arg
			}{
				{"frob-widget", []arg{
					{"id", "str", "", "which widget to spin"},
					{"speed", "int", "", "turns per second (default: 1)"},
					{"mode", "enum(gentle|vigorous|legacy)", "", "how to spin it"},
				}},
				// Boxed arguments, a base and union branches.
				{"widget-attach", []arg{
					{"label", "str", "", "a name for the attachment"},
					{"kind", "enum(sprocket|lever)", "", "what to attach"},
					{"id", "str", "", "the widget to attach it to"},
					{"teeth", "int", "kind=sprocket", "how many teeth the sprocket has"},
					{"lever-length", "int", "kind=lever", "length in millimetres"},
					{"pivot", "str", "kind=lever", "where the lever turns"},
				}},
				{"WIDGET_FROBBED", []arg{{"id", "str", "", "the widget"}, {"count", "int", "", "spins so far"}}},
				{"widget-reset", []arg{{"id", "str", "", ""}, {"count", "int", "", ""}}},
			} {
				d := ix.Describe(s, tc.name)
				var got []arg
				for _, a := range d.Args {
					// The first line is enough: some sources add a list below.
					desc, _, _ := strings.Cut(a.Description, "\n")
					desc = strings.TrimSuffix(desc, ", one of:")
					got = append(got, arg{a.Name, a.Type, a.Branch, desc})
				}
				if !reflect.DeepEqual(got, tc.want) {
					t.Errorf("%s args:\n got %v\nwant %v", tc.name, got, tc.want)
				}
			}
			d := ix.Describe(s, "frob-widget")
			speed, mode := d.Args[1], d.Args[2]
			if !speed.Optional || !reflect.DeepEqual(speed.Features, []string{"deprecated"}) || d.Args[0].Optional {
				t.Errorf("flags: %+v %+v", speed, d.Args[0])
			}
			if len(mode.Values) != 3 || mode.Values[1].Description != "as fast as it goes" ||
				!reflect.DeepEqual(mode.Values[2].Features, []string{"deprecated"}) {
				t.Errorf("enum values = %+v", mode.Values)
			}
			if d.Returns != "object" || d.Kind != RefCommand || !d.InSchema {
				t.Errorf("returns %q kind %v", d.Returns, d.Kind)
			}
		})
	}
}

func TestDescribeWithoutSchemaOrDocs(t *testing.T) {
	ix := widgetSources(t)["man7x"]
	s := loadWidgetSchema(t)
	if d := ix.Describe(s, "no-such"); d != nil {
		t.Errorf("unknown name: %+v", d)
	}
	// Docs only: arguments come from the documentation.
	d := ix.Describe(nil, "frob-widget")
	if d == nil || d.InSchema || len(d.Args) != 3 || d.Args[0].Type != "string" {
		t.Fatalf("docs only: %+v", d)
	}
	// A fallback schema knows names only (Args nil).
	fb, err := SchemaFromCommandList(json.RawMessage(`[{"name":"widget-attach"}]`))
	if err != nil {
		t.Fatal(err)
	}
	if d := ix.Describe(fb, "widget-attach"); d == nil || !d.InSchema || len(d.Args) != 6 || d.Args[5].Branch != "kind=lever" {
		t.Errorf("fallback schema: %+v", d)
	}
	// Neither docs nor a nil index crash; the text says how to get docs.
	var none *Index
	if txt := none.Describe(s, "widget-reset").Text(60); !strings.Contains(txt, NoProseHint[:20]) {
		t.Errorf("no-prose text:\n%s", txt)
	}
}

func TestCommandDocText(t *testing.T) {
	s := loadWidgetSchema(t)
	ix := widgetSources(t)["man7x"]
	txt := ix.Describe(s, "frob-widget").Text(72)
	for _, want := range []string{
		"frob-widget (command)\n",
		"Use gentle mode for fragile widgets;",
		"Arguments:\n  id     str\n      which widget to spin\n",
		"  speed  int  (optional, default: 1, deprecated)\n",
		"      - vigorous: as fast as it goes\n",
		"Returns: object\n  - WidgetInfo after spinning\n",
		"Errors: - If id names no widget, WidgetNotFound\n",
		"Since: 7.1\n",
		"Feature: deprecated: Member speed is going away",
		"Example 1:\n  -> { \"execute\": \"frob-widget\",",
		"  <- { \"return\":",
		"Source: man:testdata/ref-7x.7 (QEMU 7.9.1)",
	} {
		if !strings.Contains(txt, want) {
			t.Errorf("text lacks %q:\n%s", want, txt)
		}
	}
	for i, l := range strings.Split(txt, "\n") {
		if len(l) > 72 {
			t.Errorf("line %d longer than 72: %q", i, l)
		}
	}
	branch := ix.Describe(s, "widget-attach").Text(72)
	if !strings.Contains(branch, "  When kind is \"lever\":\n    lever-length  int\n") {
		t.Errorf("branch grouping:\n%s", branch)
	}
	if ev := ix.Describe(s, "WIDGET_FROBBED").Text(0); !strings.Contains(ev, "Data:\n") {
		t.Errorf("event text:\n%s", ev)
	}
}

func TestProseDefault(t *testing.T) {
	tests := []struct{ desc, want string }{
		{"turns per second (default: 1)", "1"},
		{"how long to wait (default 0)", "0"},
		{"whether to\nforce it (default:\nfalse).", "false"},
		{"the cache mode (defaults to writeback)", "writeback"},
		{"the format. Defaults to 'raw'.", "raw"},
		{"Default is off, which keeps the old behaviour.", "off"},
		{"the number of retries; the default value is 3.", "3"},
		{"node name. The default is the drive's own name", "the drive's own name"},
		{"Default: ``auto``", "auto"},
		{"the ratio, default is 0.5.", "0.5"},
		{"Defaults to the backing file's size if the image has one.", "the backing file's size"},
		// Explanations rather than values, and no default at all.
		{"the default is to discard requests", ""},
		{"defaults to a value computed from the size of the cluster and the image", ""},
		{"the default behaviour is kept", ""},
		{"a name for the attachment", ""},
		{"(default: )", ""},
	}
	for _, tt := range tests {
		if got := proseDefault(tt.desc); got != tt.want {
			t.Errorf("proseDefault(%q) = %q, want %q", tt.desc, got, tt.want)
		}
	}
}

func TestTextClaimsAbsenceOnlyWithALiveSchema(t *testing.T) {
	s, err := SchemaFromCommandList([]byte(`[{"name": "stop"}]`))
	if err != nil {
		t.Fatal(err)
	}
	idx, err := ParseMan(strings.NewReader(".SS \\fBfrob\\fP (Command)\n.sp\nFrob it.\n"), "t")
	if err != nil {
		t.Fatal(err)
	}
	ix := Merge(idx)
	if got := ix.Describe(nil, "frob").Text(80); strings.Contains(got, "connected monitor") {
		t.Errorf("without a connection the text claims a monitor:\n%s", got)
	}
	if got := ix.Describe(s, "frob").Text(80); !strings.Contains(got, "Not offered by the connected monitor") {
		t.Errorf("with a schema lacking frob the text does not say so:\n%s", got)
	}
}
