package keymap

import (
	"testing"

	"github.com/gdamore/tcell/v2"
)

func TestParseAndPrintRoundTrip(t *testing.T) {
	for _, s := range []string{"g", "G", "?", ":", "/", "ctrl+r", "alt+enter", "shift+tab", "f5", "f12", "pgdn", "pgup", "esc", "enter", "tab", "space", "ctrl+space", "home", "end", "up", "ctrl+alt+x", "+", "ctrl++"} {
		k, err := Parse(s)
		if err != nil {
			t.Errorf("Parse(%q): %v", s, err)
			continue
		}
		if got := k.String(); got != s {
			t.Errorf("Parse(%q).String() = %q", s, got)
		}
	}
}

func TestParseErrors(t *testing.T) {
	for _, s := range []string{"", "hyper+x", "shift+g", "f0", "f99", "nosuchkey"} {
		if _, err := Parse(s); err == nil {
			t.Errorf("Parse(%q) accepted", s)
		}
	}
}

func TestFromEventMatchesParse(t *testing.T) {
	tests := []struct {
		ev   *tcell.EventKey
		want string
	}{
		{tcell.NewEventKey(tcell.KeyRune, 'j', tcell.ModNone), "j"},
		{tcell.NewEventKey(tcell.KeyRune, 'G', tcell.ModShift), "G"},
		{tcell.NewEventKey(tcell.KeyCtrlR, 0, tcell.ModCtrl), "ctrl+r"},
		{tcell.NewEventKey(tcell.KeyRune, 'R', tcell.ModCtrl), "ctrl+r"},
		{tcell.NewEventKey(tcell.KeyTab, 0, tcell.ModNone), "tab"},
		{tcell.NewEventKey(tcell.KeyBacktab, 0, tcell.ModShift), "shift+tab"},
		{tcell.NewEventKey(tcell.KeyEnter, 0, tcell.ModNone), "enter"},
		{tcell.NewEventKey(tcell.KeyF5, 0, tcell.ModNone), "f5"},
		{tcell.NewEventKey(tcell.KeyCtrlSpace, 0, tcell.ModCtrl), "ctrl+space"},
		{tcell.NewEventKey(tcell.KeyEscape, 0, tcell.ModNone), "esc"},
	}
	for _, tt := range tests {
		if got := FromEvent(tt.ev); got != MustParse(tt.want) {
			t.Errorf("FromEvent(%v) = %v, want %s", tt.ev.Name(), got, tt.want)
		}
	}
}

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

func TestDefaultsHaveNoConflicts(t *testing.T) {
	seen := map[Context]map[Key]Action{}
	for _, b := range Defaults() {
		if seen[b.Context] == nil {
			seen[b.Context] = map[Key]Action{}
		}
		for _, k := range b.Keys {
			if other, dup := seen[b.Context][k]; dup {
				t.Errorf("%s: %s bound to %s and %s", b.Context, k, other, b.Action)
			}
			seen[b.Context][k] = b.Action
		}
	}
}
