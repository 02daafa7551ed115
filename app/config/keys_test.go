package config

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/qmpdash/qmpdash/keymap"
)

const keysConfig = `# my keys
keymap = "default"

[[vm]]
name = "web1"
address = "/run/web1.sock"

[keys]
"event.mute" = ["m", "ctrl+x"]   # mute
"pane.next" = []
list.down = "N"

[[macro]]
key = "f5"
run = "query-status"

[[macro]]
key = "f6"
run = ["stop", "query-status"]
target = ["web1"]

[[macro]]
key = "f7"
run = "cont"
target = "all"
`

func TestBuildKeymap(t *testing.T) {
	cfg, err := Parse("c.toml", []byte(keysConfig))
	if err != nil {
		t.Fatal(err)
	}
	km, errs := cfg.BuildKeymap("")
	if len(errs) != 0 {
		t.Fatalf("warnings: %v", errs)
	}
	tests := []struct {
		key  string
		ctx  keymap.Context
		want keymap.Action
	}{
		{"m", keymap.Events, keymap.EventMute},
		{"ctrl+x", keymap.Events, keymap.EventMute},
		{"tab", keymap.Events, ""},
		{"N", keymap.Events, keymap.ListDown}, // a bare dotted key, a string for a list
		{"j", keymap.Events, ""},
		{"f5", keymap.Input, "macro:f5"},
	}
	for _, tt := range tests {
		if a, _ := km.LookupIn(keymap.MustParse(tt.key), tt.ctx); a != tt.want {
			t.Errorf("%s in %s = %q, want %q", tt.key, tt.ctx, a, tt.want)
		}
	}
	macros := []struct {
		key     string
		run     []string
		targets []string
	}{
		{"f5", []string{"query-status"}, nil},
		{"f6", []string{"stop", "query-status"}, []string{"web1"}},
		{"f7", []string{"cont"}, []string{"all"}},
	}
	for _, want := range macros {
		m := km.Macro(keymap.MacroAction(keymap.MustParse(want.key)))
		if m == nil || strings.Join(m.Run, ";") != strings.Join(want.run, ";") || strings.Join(m.Targets, ",") != strings.Join(want.targets, ",") {
			t.Errorf("macro %s = %+v", want.key, m)
		}
	}
}

func TestBuildKeymapPreset(t *testing.T) {
	cfg, _ := Parse("c.toml", []byte("keymap = \"emacs\"\n"))
	km, errs := cfg.BuildKeymap("")
	if a, _ := km.LookupIn(keymap.MustParse("ctrl+n"), keymap.Events); a != keymap.ListDown || len(errs) != 0 {
		t.Errorf("emacs from the file: ctrl+n = %q, %v", a, errs)
	}
	km, _ = cfg.BuildKeymap("default") // the flag wins
	if a, _ := km.LookupIn(keymap.MustParse("j"), keymap.Events); a != keymap.ListDown {
		t.Errorf("default from the flag: j = %q", a)
	}
}

// TestKeyErrorsAreWarningsWithLines: every mistake names the file, the line
// and the entry, and the rest of the keys still work.
func TestKeyErrorsAreWarningsWithLines(t *testing.T) {
	tests := []struct {
		name, text string
		want       []string // each warning's prefix, in order
		works      map[string]keymap.Action
	}{
		{"unknown action", "[keys]\n\"event.mutee\" = [\"x\"]\n\"event.only\" = [\"O\"]\n",
			[]string{`c.toml:2: keys.event.mutee: unknown action "event.mutee"`},
			map[string]keymap.Action{"O": keymap.EventOnly, "m": keymap.EventMute}},
		{"unparsable key", "\n[keys]\n# why\n\"event.mute\" = [\"ctrl+nosuch\", \"x\"]\n",
			[]string{`c.toml:4: keys.event.mute: key "ctrl+nosuch": unknown key name "nosuch"`},
			map[string]keymap.Action{"x": keymap.EventMute, "m": ""}},
		{"not a list", "[keys]\n\"event.mute\" = 5\n",
			[]string{`c.toml:2: keys.event.mute: want a list of keys`},
			map[string]keymap.Action{"m": keymap.EventMute}},
		{"two actions on one key in one context", "[keys]\n\"event.mute\" = [\"o\"]\n",
			[]string{"c.toml:2: keys.event.mute: o is bound to both event.only and event.mute in the event pane"},
			map[string]keymap.Action{"o": keymap.EventOnly}},
		{"two entries on one key: the later loses", "[keys]\n\"event.mute\" = [\"x\"]\n\"event.time\" = [\"x\"]\n",
			[]string{"c.toml:3: keys.event.time: x is bound to both event.mute and event.time"},
			map[string]keymap.Action{"x": keymap.EventMute}},
		{"shadow", "[keys]\n\"events.pause\" = [\"m\"]\n",
			[]string{"c.toml:2: keys.events.pause: m is event.mute in the event pane, which hides events.pause"},
			map[string]keymap.Action{"m": keymap.EventMute}},
		{"unknown preset", "keymap = \"vi\"\n",
			[]string{`c.toml:1: keymap: no keymap preset "vi" (use default or emacs); using the default keys`},
			map[string]keymap.Action{"j": keymap.ListDown}},
		{"macro on a taken key", "[[macro]]\nkey = \"f5\"\nrun = \"stop\"\n[[macro]]\nkey = \"q\"\nrun = \"stop\"\n",
			[]string{"c.toml:5: macro[1].key: q is bound to both app.quit and macro:q"},
			map[string]keymap.Action{"q": keymap.Quit, "f5": "macro:f5"}},
		{"macro without key", "[[macro]]\nrun = \"stop\"\n",
			[]string{"c.toml:1: macro[0].key: every [[macro]] needs a key"}, nil},
		{"macro with a bad key", "[[macro]]\nkey = \"f99\"\nrun = \"stop\"\n",
			[]string{`c.toml:2: macro[0].key: key "f99": no such function key`}, nil},
		{"macro without run", "[[macro]]\nkey = \"f5\"\n\n[[vm]]\nname = \"a\"\naddress = \"/a\"\n",
			[]string{"c.toml:1: macro[0].run: want a command line"}, map[string]keymap.Action{"f5": ""}},
		{"macro with a syntax error", "[[macro]]\nkey = \"f5\"\nrun = [\"stop\", \"x a=\\\"b\"]\n",
			[]string{"c.toml:3: macro[0].run: line 2: "}, map[string]keymap.Action{"f5": ""}},
		{"macro for an unknown VM", "[[vm]]\nname = \"web1\"\naddress = \"/a\"\n[[macro]]\nkey = \"f5\"\nrun = \"stop\"\ntarget = [\"web1\", \"web2\"]\n",
			[]string{`c.toml:7: macro[0].target: no [[vm]] named "web2"`}, map[string]keymap.Action{"f5": ""}},
		{"macro with an unknown field", "[[macro]]\nkey = \"f5\"\nrun = \"stop\"\nrunn = \"x\"\n",
			[]string{"c.toml:4: macro[0].runn: unknown key"}, map[string]keymap.Action{"f5": ""}},
	}
	for _, tt := range tests {
		cfg, err := Parse("c.toml", []byte(tt.text))
		if err != nil {
			t.Errorf("%s: the file must load: %v", tt.name, err)
			continue
		}
		km, errs := cfg.BuildKeymap("")
		if len(errs) != len(tt.want) {
			t.Errorf("%s: warnings %v, want %d", tt.name, errs, len(tt.want))
			continue
		}
		for i, err := range errs {
			var cerr *Error
			if !errors.As(err, &cerr) || !strings.HasPrefix(err.Error(), tt.want[i]) {
				t.Errorf("%s: %v\nwant prefix %q", tt.name, err, tt.want[i])
			}
		}
		for key, want := range tt.works {
			if a, _ := km.LookupIn(keymap.MustParse(key), keymap.Events); a != want {
				t.Errorf("%s: %s = %q, want %q", tt.name, key, a, want)
			}
		}
	}
}

func TestSetKeysEntryKeepsTheRest(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"replace, keeping the comment", "# top\n[keys]\n\"event.mute\" = [\"m\"]   # mine\n\"pane.next\" = []\n",
			"# top\n[keys]\n\"event.mute\" = [\"x\"] # mine\n\"pane.next\" = []\n"},
		{"replace a bare dotted key over lines", "[keys]\nevent.mute = [\n  \"m\",  # a [tricky] comment\n  \"]\",\n]\nlist.up = [\"K\"]\n",
			"[keys]\n\"event.mute\" = [\"x\"]\nlist.up = [\"K\"]\n"},
		{"add after the last entry, before the next table's comment", "[keys]\n\"pane.next\" = []\n\n# the VM\n[[vm]]\nname = \"a\"\naddress = \"/a\"\n",
			"[keys]\n\"pane.next\" = []\n\"event.mute\" = [\"x\"]\n\n# the VM\n[[vm]]\nname = \"a\"\naddress = \"/a\"\n"},
		{"add the table", "keymap = \"emacs\" # comment\n[[vm]]\nname = \"a\"\naddress = \"/a\"",
			"keymap = \"emacs\" # comment\n[[vm]]\nname = \"a\"\naddress = \"/a\"\n\n[keys]\n\"event.mute\" = [\"x\"]\n"},
		{"empty file", "", "[keys]\n\"event.mute\" = [\"x\"]\n"},
	}
	for _, tt := range tests {
		if got := setKeysEntry(tt.in, "event.mute", []string{"x"}); got != tt.want {
			t.Errorf("%s:\n%s\nwant\n%s", tt.name, got, tt.want)
		}
	}
}

func TestSaveKeyBindingAndMacro(t *testing.T) {
	path := filepath.Join(t.TempDir(), "qmpdash", "config.toml")
	if err := SaveKeyBinding(path, keymap.EventMute, []keymap.Key{keymap.MustParse("alt+<"), keymap.MustParse(`"`)}); err != nil {
		t.Fatal(err) // a missing file and directory are created
	}
	if err := SaveKeyBinding(path, keymap.PaneNext, nil); err != nil {
		t.Fatal(err)
	}
	if err := SaveMacro(path, keymap.Macro{Key: keymap.MustParse("f5"), Run: []string{"stop", `x a="b c"`}}); err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(path)
	cfg, err := Parse(path, data)
	if err != nil {
		t.Fatalf("%v\n%s", err, data)
	}
	km, errs := cfg.BuildKeymap("")
	if len(errs) > 0 {
		t.Fatalf("%v\n%s", errs, data)
	}
	if a, _ := km.LookupIn(keymap.MustParse(`"`), keymap.Events); a != keymap.EventMute {
		t.Errorf("saved key lost:\n%s", data)
	}
	if m := km.Macro("macro:f5"); m == nil || m.Run[1] != `x a="b c"` {
		t.Errorf("saved macro lost:\n%s", data)
	}
	// A file that does not load is never overwritten.
	os.WriteFile(path, []byte("[keys\n"), 0o600)
	if err := SaveKeyBinding(path, keymap.EventMute, nil); err == nil || !strings.Contains(err.Error(), "not saved") {
		t.Errorf("saved over a broken file: %v", err)
	}
	// Nor one whose keys are in a form the line editor cannot change.
	os.WriteFile(path, []byte("keys = { \"event.mute\" = [\"m\"] }\n"), 0o600)
	if err := SaveKeyBinding(path, keymap.EventMute, nil); err == nil {
		t.Error("saved over an inline [keys] table")
	}
	if data, _ := os.ReadFile(path); string(data) != "keys = { \"event.mute\" = [\"m\"] }\n" {
		t.Errorf("file changed: %s", data)
	}
}

// FuzzBuildKeymap: whatever a configuration file that loads says about
// keys, the keymap builds, and every problem is a located warning.
func FuzzBuildKeymap(f *testing.F) {
	f.Add([]byte(keysConfig))
	f.Add([]byte("[keys]\nevent.mute = [\"o\", 5]\n[keys.list]\nup = \"\"\n[[macro]]\nkey = \"+\"\nrun = []\ntarget = 5\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		cfg, err := Parse("f.toml", data)
		if err != nil {
			return
		}
		km, errs := cfg.BuildKeymap("")
		for _, err := range errs {
			var cerr *Error
			if !errors.As(err, &cerr) {
				t.Fatalf("not an *Error: %v", err)
			}
		}
		for _, err := range keymap.Check(km.Bindings(), km.Bindings()) {
			if c := err.(*keymap.Conflict); !c.Shadow() {
				t.Fatalf("the keymap clashes: %v", err)
			}
		}
	})
}

func TestKeysOverlayCreatesAPrivateConfig(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "qmpdash")
	path := filepath.Join(dir, "config.toml")
	if err := SaveKeyBinding(path, keymap.EventMute, []keymap.Key{keymap.MustParse("x")}); err != nil {
		t.Fatal(err)
	}
	for p, want := range map[string]os.FileMode{dir: 0o700, path: 0o600} {
		if fi, err := os.Stat(p); err != nil || fi.Mode().Perm() != want {
			t.Errorf("%s: mode %v, want %v (%v)", p, fi.Mode().Perm(), want, err)
		}
	}
}

// TestConfigMacroWithWait loads a macro holding @wait and @sleep from the
// configuration file without a warning.
func TestConfigMacroWithWait(t *testing.T) {
	cfg, err := Parse("c.toml", []byte("[[macro]]\nkey = \"f5\"\nrun = [\"stop\", \"@wait STOP 10s\", \"@sleep 1s\", \"cont\"]\n"))
	if err != nil {
		t.Fatal(err)
	}
	km, warnings := cfg.BuildKeymap("")
	if len(warnings) > 0 {
		t.Fatalf("warnings: %v", warnings)
	}
	if m := km.Macro("macro:f5"); m == nil || len(m.Run) != 4 {
		t.Fatalf("macro f5 = %+v", m)
	}
}
