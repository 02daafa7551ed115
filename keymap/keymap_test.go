package keymap

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestLookupPrefersSpecificContext(t *testing.T) {
	km := New(Defaults())
	if a, _ := km.Lookup(MustParse("ctrl+c"), Input); a != InputClear {
		t.Errorf("ctrl+c in the input line = %s, want %s", a, InputClear)
	}
	if a, _ := km.Lookup(MustParse("ctrl+c"), Lists, Events); a != Quit {
		t.Errorf("ctrl+c in the event pane = %s, want %s", a, Quit)
	}
	if a, _ := km.Lookup(MustParse("m"), Lists, Events); a != EventMute {
		t.Errorf("m in the event pane = %s", a)
	}
	if _, ok := km.Lookup(MustParse("m"), Lists, Commands); ok {
		t.Error("m must do nothing in the command log")
	}
}

func TestLookupInFollowsTheContextTable(t *testing.T) {
	km := New(Defaults())
	tests := []struct {
		key  string
		ctx  Context
		want Action // "" for none
	}{
		{"m", Events, EventMute},
		{"j", Events, ListDown},  // from Lists
		{"q", Events, Quit},      // from Global
		{"m", Commands, ""},      // Events' keys stay there
		{"q", Input, ""},         // text in a typing context
		{"?", Input, ""},         // text
		{"f1", Input, InputDocs}, // the input line's own
		{"shift+tab", Input, PanePrev},
		{"tab", Input, InputComplete},
		{"K", HelpOverlay, KeysShow},
		{"q", HelpOverlay, OverlayClose}, // from Overlay
		{"j", HelpOverlay, ""},           // Lists are not within help
		{"down", KeysOverlay, ListDown},  // Lists within the keys overlay
		{"j", KeysOverlay, ""},           // ... but j is text there
		{"q", KeysOverlay, ""},
		{"esc", KeysOverlay, OverlayClose},
		{"enter", KeysOverlay, KeysRebind},
	}
	for _, tt := range tests {
		a, ok := km.LookupIn(MustParse(tt.key), tt.ctx)
		if a != tt.want || ok != (tt.want != "") {
			t.Errorf("LookupIn(%s, %s) = %q, %v; want %q", tt.key, tt.ctx, a, ok, tt.want)
		}
	}
}

func TestSetBindingsIsSeenByEveryHolder(t *testing.T) {
	km := New(Defaults())
	km.SetBindings(Rebound(km.Bindings(), EventMute, []Key{MustParse("x")}))
	if a, _ := km.LookupIn(MustParse("x"), Events); a != EventMute {
		t.Errorf("x = %q after rebinding", a)
	}
	if a, ok := km.LookupIn(MustParse("m"), Events); ok {
		t.Errorf("m still = %q after rebinding", a)
	}
	if got := km.KeysOf(EventMute); len(got) != 1 || got[0].String() != "x" {
		t.Errorf("KeysOf = %v", got)
	}
	found := false
	for _, b := range Defaults() {
		if b.Action == EventMute {
			found = true
			if len(b.Keys) != 1 || b.Keys[0].String() != "m" {
				t.Error("Rebound changed the table it copied")
			}
		}
	}
	if !found {
		t.Fatal("the defaults lost event.mute")
	}
}

func TestEveryContextAndGroupIsDescribed(t *testing.T) {
	groups := map[Group]bool{}
	for _, g := range Groups() {
		groups[g] = true
	}
	for _, name := range PresetNames() {
		table, err := Preset(name)
		if err != nil {
			t.Fatal(err)
		}
		seen := map[Action]bool{}
		for _, b := range table {
			if b.Context.Info().Title == string(b.Context) {
				t.Errorf("%s: context %q is not in the context table", b.Action, b.Context)
			}
			if !groups[b.Group] {
				t.Errorf("%s: group %q is not in Groups", b.Action, b.Group)
			}
			if b.Description == "" || seen[b.Action] {
				t.Errorf("%s: no description, or listed twice", b.Action)
			}
			seen[b.Action] = true
		}
	}
}

func TestPresets(t *testing.T) {
	if _, err := Preset("vi"); err == nil || !strings.Contains(err.Error(), "default or emacs") {
		t.Errorf("unknown preset: %v", err)
	}
	emacs, _ := Preset("emacs")
	km := New(emacs)
	for key, want := range map[string]Action{"ctrl+n": ListDown, "ctrl+p": ListUp, "ctrl+v": ListPageDown, "alt+v": ListPageUp, "alt+<": ListTop, "alt+>": ListBottom} {
		if a, _ := km.LookupIn(MustParse(key), Events); a != want {
			t.Errorf("emacs %s = %q, want %s", key, a, want)
		}
	}
	if a, _ := km.LookupIn(MustParse("alt+p"), Input); a != InputPrev {
		t.Errorf("emacs alt+p in the input line = %q", a)
	}
	if _, ok := km.LookupIn(MustParse("j"), Events); ok {
		t.Error("emacs keeps vim's j")
	}
}

// TestPresetsHaveNoConflicts: no clash at all, and every shadow in a
// preset is one the default table has by design.
func TestPresetsHaveNoConflicts(t *testing.T) {
	for _, name := range PresetNames() {
		table, _ := Preset(name)
		for _, err := range Check(table, Defaults()) {
			t.Errorf("%s: %v", name, err)
		}
		for _, err := range Check(table, table) {
			t.Errorf("%s against itself: %v", name, err)
		}
	}
}

// TestKeysDocIsFresh fails when docs/keys.md was not regenerated after the
// table changed; CI runs it.
func TestKeysDocIsFresh(t *testing.T) {
	path := filepath.Join("..", DocPath)
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go generate ./keymap)", err)
	}
	if string(got) != Markdown() {
		t.Fatalf("%s is stale: run go generate ./keymap", DocPath)
	}
}
