package keymap

import (
	"errors"
	"strings"
	"testing"
)

// rebind returns Defaults with some actions' keys changed.
func rebind(changes map[Action][]string) []Binding {
	table := Defaults()
	for a, keys := range changes {
		table = Rebound(table, a, mustParseAll(keys))
	}
	return table
}

func TestCheck(t *testing.T) {
	tests := []struct {
		name    string
		changes map[Action][]string
		macros  []Macro
		want    []string // each conflict's message, in order
	}{
		{"defaults", nil, nil, nil},
		{"clash in the event pane", map[Action][]string{EventMute: {"o"}}, nil,
			[]string{"o is bound to both event.mute and event.only in the event pane"}},
		{"clash in the input line", map[Action][]string{InputSearch: {"enter"}}, nil,
			[]string{"enter is bound to both input.submit and input.history.search in the input line"}},
		{"same key, other contexts", map[Action][]string{EventMute: {"enter"}, DocsInsert: {"m"}}, nil, nil},
		{"shadow: pause loses its only key in the event pane", map[Action][]string{EventsPause: {"m"}}, nil,
			[]string{"m is event.mute in the event pane, which hides events.pause (everywhere): it has no other key there"}},
		{"a shadow with another key left does not matter", map[Action][]string{EventsPause: {"m", "alt+p"}}, nil, nil},
		{"shadow of a list key by the event pane", map[Action][]string{EventMute: {"j"}, ListDown: {"j"}}, nil,
			[]string{"j is event.mute in the event pane, which hides list.down (in the lists)"}},
		{"shadow in the input line", map[Action][]string{InputClear: {"ctrl+c", "ctrl+x"}, Notices: {"ctrl+x"}}, nil,
			[]string{"ctrl+x is input.clear in the input line, which hides notices.show (everywhere)"}},
		{"printable keys are text in the input line, not a shadow", map[Action][]string{Help: {"?"}}, nil, nil},
		{"macro clash", nil, []Macro{{Key: MustParse("q"), Run: []string{"stop"}}},
			[]string{"q is bound to both app.quit and macro:q everywhere"}},
		{"two macros on one key", nil, []Macro{{Key: MustParse("f5"), Run: []string{"stop"}}, {Key: MustParse("f5"), Run: []string{"cont"}}},
			[]string{"f5 has two macros"}},
		{"macro shadowed in the event pane", nil, []Macro{{Key: MustParse("o"), Run: []string{"stop"}}},
			[]string{"o is event.only in the event pane, which hides macro:o (everywhere)"}},
	}
	for _, tt := range tests {
		table := rebind(tt.changes)
		for _, m := range tt.macros {
			table = append(table, m.Binding())
		}
		errs := Check(table, Defaults())
		if len(errs) != len(tt.want) {
			t.Errorf("%s: %d conflicts %v, want %d", tt.name, len(errs), errs, len(tt.want))
			continue
		}
		for i, err := range errs {
			var c *Conflict
			if !errors.As(err, &c) || !strings.HasPrefix(err.Error(), tt.want[i]) {
				t.Errorf("%s: %v, want %q", tt.name, err, tt.want[i])
			}
		}
	}
}
