package keymap

import (
	"fmt"
	"strings"
)

// DefaultPreset names the vim-flavoured table, Defaults.
const DefaultPreset = "default"

// emacsKeys are the emacs preset's changes to Defaults: list moves on
// C-n/C-p, M-v/C-v, M-</M->; M-x to type a command; C-s to search; C-g to
// back out; M-p/M-n through the history as in a comint buffer.
var emacsKeys = map[Action][]string{
	ListDown:      {"ctrl+n", "down"},
	ListUp:        {"ctrl+p", "up"},
	ListPageDown:  {"ctrl+v", "pgdn"},
	ListPageUp:    {"alt+v", "pgup"},
	ListTop:       {"alt+<", "home"},
	ListBottom:    {"alt+>", "end"},
	FocusInput:    {"alt+x", ":"},
	FilterEdit:    {"ctrl+s", "/"},
	DocsSearch:    {"ctrl+s", "/"},
	InputPrev:     {"alt+p", "up"},
	InputNext:     {"alt+n", "down"},
	InputComplete: {"tab", "alt+/"},
	InputLeave:    {"esc", "ctrl+g"},
	OverlayClose:  {"esc", "ctrl+g", "q"},
}

// presets are the named tables: Defaults with some actions' keys changed.
var presets = []struct {
	name    string
	changes map[Action][]string
}{
	{DefaultPreset, nil},
	{"emacs", emacsKeys},
}

// Preset returns the named table: "default" (or "") for Defaults,
// "emacs" for emacs-style moves.
func Preset(name string) ([]Binding, error) {
	if name == "" {
		name = DefaultPreset
	}
	for _, p := range presets {
		if p.name == name {
			table := Defaults()
			for i, b := range table {
				if keys, ok := p.changes[b.Action]; ok {
					table[i].Keys = mustParseAll(keys)
				}
			}
			return table, nil
		}
	}
	return nil, fmt.Errorf("no keymap preset %q (use %s)", name, strings.Join(PresetNames(), " or "))
}

// PresetNames lists the presets, the default first.
func PresetNames() []string {
	names := make([]string, len(presets))
	for i, p := range presets {
		names[i] = p.name
	}
	return names
}
