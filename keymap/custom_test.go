package keymap

import (
	"errors"
	"strings"
	"testing"
)

func keys(ss ...string) []Key { return mustParseAll(ss) }

func TestCustomize(t *testing.T) {
	type problem struct {
		override, macro int
		msg             string
	}
	tests := []struct {
		name      string
		overrides []Override
		macros    []Macro
		want      map[string]Action // key in the event pane → action
		problems  []problem
	}{
		{"rebind and unbind",
			[]Override{{EventMute, keys("m", "ctrl+m")}, {PaneNext, nil}},
			nil, map[string]Action{"m": EventMute, "ctrl+m": EventMute, "tab": ""}, nil},
		{"move a key another action gives up",
			[]Override{{EventMute, keys("o")}, {EventOnly, keys("O")}},
			nil, map[string]Action{"o": EventMute, "O": EventOnly, "m": ""}, nil},
		{"the same, the other way round in the file",
			[]Override{{EventOnly, keys("O")}, {EventMute, keys("o")}},
			nil, map[string]Action{"o": EventMute, "O": EventOnly}, nil},
		{"a clash with the preset leaves that one key out",
			[]Override{{EventMute, keys("o", "x")}},
			nil, map[string]Action{"o": EventOnly, "x": EventMute, "m": ""},
			[]problem{{0, -1, "o is bound to both event.only and event.mute in the event pane"}}},
		{"two overrides on one key: the later loses it",
			[]Override{{EventMute, keys("x")}, {EventTime, keys("x")}},
			nil, map[string]Action{"x": EventMute, "t": ""},
			[]problem{{1, -1, "x is bound to both event.mute and event.time"}}},
		{"unknown action",
			[]Override{{"event.mutee", keys("x")}, {EventMute, keys("y")}},
			nil, map[string]Action{"y": EventMute, "x": ""},
			[]problem{{0, -1, `unknown action "event.mutee"`}}},
		{"macros",
			nil, []Macro{{Key: MustParse("f5"), Run: []string{"query-status"}}, {Key: MustParse("q"), Run: []string{"stop"}}, {Key: MustParse("f5"), Run: []string{"cont"}}},
			map[string]Action{"f5": MacroAction(MustParse("f5")), "q": Quit},
			[]problem{{-1, 1, "q is bound to both app.quit and macro:q"}, {-1, 2, "f5 has two macros"}}},
		{"a macro on a key freed by an override",
			[]Override{{Quit, keys("ctrl+q")}}, []Macro{{Key: MustParse("q"), Run: []string{"stop"}}},
			map[string]Action{"q": MacroAction(MustParse("q")), "ctrl+q": Quit}, nil},
		{"a shadow is kept and reported against the entry that moved",
			[]Override{{EventsPause, keys("m")}},
			nil, map[string]Action{"m": EventMute},
			[]problem{{0, -1, "m is event.mute in the event pane, which hides events.pause"}}},
	}
	for _, tt := range tests {
		table, problems := Customize(Defaults(), tt.overrides, tt.macros)
		km := New(table)
		for key, want := range tt.want {
			if got, _ := km.LookupIn(MustParse(key), Events); got != want {
				t.Errorf("%s: %s = %q, want %q", tt.name, key, got, want)
			}
		}
		if len(problems) != len(tt.problems) {
			t.Errorf("%s: problems %v, want %d", tt.name, problems, len(tt.problems))
			continue
		}
		for i, p := range problems {
			w := tt.problems[i]
			if p.Override != w.override || p.Macro != w.macro || !strings.HasPrefix(p.Error(), w.msg) {
				t.Errorf("%s: problem %d = {%d %d %v}, want %+v", tt.name, i, p.Override, p.Macro, p, w)
			}
		}
		// Whatever the entries, the result has no clash.
		for _, err := range Check(table, table) {
			var c *Conflict
			if errors.As(err, &c) && !c.Shadow() {
				t.Errorf("%s: result clashes: %v", tt.name, err)
			}
		}
	}
}

func TestUnknownActionIsTyped(t *testing.T) {
	_, problems := Customize(Defaults(), []Override{{"nope", nil}}, nil)
	if len(problems) != 1 || !errors.Is(problems[0], ErrUnknownAction) {
		t.Fatalf("%v", problems)
	}
}

func TestMacroBindingAndTargets(t *testing.T) {
	m := Macro{Key: MustParse("f6"), Run: []string{"stop", "query-status"}, Targets: []string{"web1", "web2"}}
	b := m.Binding()
	if b.Action != "macro:f6" || b.Context != Global || b.Description != "run: stop; query-status (on web1, web2)" || b.Macro.Run[1] != "query-status" {
		t.Errorf("%+v", b)
	}
	for name, want := range map[string]bool{"web1": true, "web3": false} {
		if m.For(name) != want {
			t.Errorf("For(%s) = %v", name, !want)
		}
	}
	if !(Macro{}).For("any") || !(Macro{Targets: []string{AllVMs}}).For("any") {
		t.Error("no targets and all must mean any VM")
	}
	if km := New(append(Defaults(), b)); km.Macro(b.Action) == nil || km.Macro(Quit) != nil {
		t.Error("Keymap.Macro")
	}
}
