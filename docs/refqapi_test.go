package docs

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func TestParseQAPIExpr(t *testing.T) {
	for _, tc := range []struct {
		in      string
		wantErr bool
		check   func(any) bool
	}{
		{in: `{ 'command': 'x', 'data': { '*a': ['int'] }, 'boxed': true }`, check: func(v any) bool {
			o := v.(*qobject)
			return reflect.DeepEqual(o.keys, []string{"command", "data", "boxed"}) && o.get("boxed") == true &&
				qapiTypeName(o.get("data").(*qobject).get("*a")) == "array of int"
		}},
		{in: "{ 'a': 'b', # comment\n 'c': \"d\" }", check: func(v any) bool { return v.(*qobject).get("c") == "d" }},
		{in: `[ 'a', { 'name': 'b' } ]`, check: func(v any) bool { return len(enumMembers(v.([]any))) == 2 }},
		{in: `{ 'a' 'b' }`, wantErr: true},
		{in: `{ 'a': 'b' } x`, wantErr: true},
		{in: `{ 'a': `, wantErr: true},
		{in: strings.Repeat("[", 200), wantErr: true},
		{in: `nope`, wantErr: true},
	} {
		v, err := parseQAPIExpr(tc.in)
		if (err != nil) != tc.wantErr || (err == nil && !tc.check(v)) {
			t.Errorf("parseQAPIExpr(%q) = %v, %v", tc.in, v, err)
		}
	}
}

func TestParseQAPIComment(t *testing.T) {
	for _, tc := range []struct {
		name  string
		lines []string
		check func(*Ref) bool
	}{
		{"free text is no definition", []string{" = Section"}, func(r *Ref) bool { return r == nil }},
		{"empty", nil, func(r *Ref) bool { return r == nil }},
		{"member continuation without indent (7.x)", []string{" @x:", "", " @a: one", " two"},
			func(r *Ref) bool { return r.Member("a").Description == "one two" }},
		{"text after members returns to the body (10.x)", []string{" @x:", "", " @a: one", "", " More."},
			func(r *Ref) bool { return r.Body == "More." && r.Member("a").Description == "one" }},
		{"markup is stripped", []string{" @x:", "", " See @a, ``b`` and :ref:`c`; mail me@host."},
			func(r *Ref) bool { return r.Body == "See a, b and c; mail me@host." }},
		{"7.x example runs to the next tag", []string{" @x:", " Example:", "", " -> { \"a\":", "    1 }", "", " <- {}", " Since: 1.0"},
			func(r *Ref) bool {
				return r.Since == "1.0" && len(r.Examples) == 1 && len(r.Examples[0].Lines) == 2 && r.Examples[0].Lines[0].Text == `{ "a": 1 }`
			}},
		{"10.x directive ends at unindented text", []string{" @x:", " .. note:: first", "    second", "", " Body."},
			func(r *Ref) bool { return reflect.DeepEqual(r.Notes, []string{"first second"}) && r.Body == "Body." }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if r := parseQAPIComment(tc.lines); !tc.check(r) {
				t.Errorf("got %+v", r)
			}
		})
	}
}

func TestParseQAPIDirSpecifics(t *testing.T) {
	ix, err := ParseQAPIDir(filepath.Join("testdata", "refqapi", "qapi10"))
	if err != nil {
		t.Fatal(err)
	}
	// The union's inline base documents its members in the union's own
	// comment; the definition supplies the types.
	u := ix.Lookup("WidgetAttachOptions")
	if m := u.Member("kind"); m == nil || m.Type != "WidgetKind" || m.Description != "what to attach" {
		t.Errorf("inline base member = %+v", m)
	}
	if r := ix.Lookup("frob-widget"); r.Examples[0].Lines[0] != (RefExampleLine{Text: "Spin twice"}) {
		t.Errorf("example title = %+v", r.Examples[0].Lines[0])
	}
	if r := ix.Lookup("WidgetMode"); len(r.Features) != 1 || r.Members[2].Name != "legacy" {
		t.Errorf("enum features/members = %+v", r)
	}
	// The source tree's root works as well as its qapi directory.
	root := t.TempDir()
	data, err := os.ReadFile(filepath.Join("testdata", "refqapi", "qapi7", "attach.json"))
	if err != nil {
		t.Fatal(err)
	}
	os.Mkdir(filepath.Join(root, "qapi"), 0o755)
	os.WriteFile(filepath.Join(root, "qapi", "attach.json"), data, 0o644)
	os.WriteFile(filepath.Join(root, "VERSION"), []byte("7.2.50\n"), 0o644)
	if rix, err := ParseQAPIDir(root); err != nil || rix.Lookup("widget-attach") == nil || rix.Lookup("widget-attach").Version != "7.2.50" {
		t.Errorf("tree root: %v, %v", rix.Names(), err)
	}
	if _, err := ParseQAPIDir(t.TempDir()); err == nil {
		t.Error("empty dir: want an error")
	}
}
