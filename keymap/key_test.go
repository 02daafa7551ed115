package keymap

import (
	"testing"

	"github.com/gdamore/tcell/v2"
)

// everyKeyForm lists one spelling of every kind of key the notation has,
// in the form String prints.
func everyKeyForm() []string {
	forms := []string{"g", "G", "?", ":", "/", "<", ">", "é", "+", "ctrl++", "space", "ctrl+space",
		"shift+tab", "alt+enter", "ctrl+alt+x", "alt+<", "alt+>", "alt+G", "shift+up", "ctrl+left", "alt+backspace", "shift+f5", "ctrl+f12"}
	for _, n := range namedKeys {
		if keyName(n.code) == n.name {
			forms = append(forms, n.name)
		}
	}
	for i := 1; i <= 12; i++ {
		forms = append(forms, "f"+itoa(i))
	}
	for r := 'a'; r <= 'z'; r++ {
		forms = append(forms, "ctrl+"+string(r), "alt+"+string(r))
	}
	return forms
}

func itoa(i int) string {
	if i < 10 {
		return string(rune('0' + i))
	}
	return itoa(i/10) + string(rune('0'+i%10))
}

func TestEveryKeyFormRoundTrips(t *testing.T) {
	for _, s := range everyKeyForm() {
		k, err := Parse(s)
		if err != nil {
			t.Errorf("Parse(%q): %v", s, err)
			continue
		}
		if got := k.String(); got != s {
			t.Errorf("Parse(%q).String() = %q", s, got)
		}
		// Through tcell and back: the event tcell would deliver for the
		// key is read as the same key.
		if got := FromEvent(k.Event()); got != k {
			t.Errorf("%s: FromEvent(Event()) = %s (%+v), want %+v", s, got, got, k)
		}
	}
}

func TestParseAliasesAndCase(t *testing.T) {
	tests := []struct{ in, want string }{
		{"escape", "esc"}, {"return", "enter"}, {"pageup", "pgup"}, {"pagedown", "pgdn"}, {"del", "delete"}, {"ins", "insert"},
		{"ctrl+R", "ctrl+r"}, {"Ctrl+Alt+X", "ctrl+alt+x"}, {"alt+ctrl+x", "ctrl+alt+x"}, {"Shift+Tab", "shift+tab"},
		{"F5", "f5"}, {"ENTER", "enter"}, {"SPACE", "space"}, {" ", "space"}, {"shift+alt+tab", "alt+shift+tab"},
	}
	for _, tt := range tests {
		k, err := Parse(tt.in)
		if err != nil {
			t.Errorf("Parse(%q): %v", tt.in, err)
			continue
		}
		if got := k.String(); got != tt.want {
			t.Errorf("Parse(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestParseErrors(t *testing.T) {
	for _, s := range []string{"", "hyper+x", "shift+g", "shift+G", "shift+space", "f0", "f65", "f99", "nosuchkey", "ctrl+", "ctrl+nosuch", "gg", "\n", "ctrl+\x00", "\x7f", "\u200b", "\xff"} {
		if k, err := Parse(s); err == nil {
			t.Errorf("Parse(%q) accepted: %v", s, k)
		}
	}
}

// TestFromEventMatchesParse feeds the events tcell's terminal input
// delivers (not only the ones Event builds).
func TestFromEventMatchesParse(t *testing.T) {
	tests := []struct {
		ev   *tcell.EventKey
		want string
	}{
		{tcell.NewEventKey(tcell.KeyRune, 'j', tcell.ModNone), "j"},
		{tcell.NewEventKey(tcell.KeyRune, 'G', tcell.ModShift), "G"},
		{tcell.NewEventKey(tcell.KeyCtrlR, 0, tcell.ModCtrl), "ctrl+r"},
		{tcell.NewEventKey(tcell.KeyCtrlR, 0, tcell.ModNone), "ctrl+r"}, // SimulationScreen.InjectKey(KeyCtrlR)
		{tcell.NewEventKey(tcell.KeyRune, 'R', tcell.ModCtrl), "ctrl+r"},
		{tcell.NewEventKey(tcell.KeyCtrlSpace+tcell.Key('\x12'), 0, tcell.ModCtrl), "ctrl+r"}, // legacy ^R
		{tcell.NewEventKey(tcell.KeyRune, 'x', tcell.ModAlt), "alt+x"},
		{tcell.NewEventKey(tcell.KeyRune, '<', tcell.ModAlt|tcell.ModShift), "alt+<"},
		{tcell.NewEventKey(tcell.KeyRune, 'x', tcell.ModAlt|tcell.ModCtrl), "ctrl+alt+x"},
		{tcell.NewEventKey(tcell.KeyTab, 0, tcell.ModNone), "tab"},
		{tcell.NewEventKey(tcell.KeyTab, 0, tcell.ModShift), "shift+tab"},
		{tcell.NewEventKey(tcell.KeyBacktab, 0, tcell.ModShift), "shift+tab"},
		{tcell.NewEventKey(tcell.KeyBacktab, 0, tcell.ModNone), "shift+tab"},
		{tcell.NewEventKey(tcell.KeyEnter, 0, tcell.ModNone), "enter"},
		{tcell.NewEventKey(tcell.KeyEnter, 0, tcell.ModAlt), "alt+enter"},
		{tcell.NewEventKey(tcell.KeyF5, 0, tcell.ModNone), "f5"},
		{tcell.NewEventKey(tcell.KeyF5, 0, tcell.ModShift), "shift+f5"},
		{tcell.NewEventKey(tcell.KeyUp, 0, tcell.ModShift), "shift+up"},
		{tcell.NewEventKey(tcell.KeyCtrlSpace, 0, tcell.ModCtrl), "ctrl+space"},
		{tcell.NewEventKey(tcell.KeyEscape, 0, tcell.ModNone), "esc"},
		{tcell.NewEventKey(tcell.KeyBackspace, 0, tcell.ModNone), "backspace"},
		{tcell.NewEventKey(tcell.KeyBackspace2, 0, tcell.ModNone), "backspace"},
		{tcell.NewEventKey(tcell.KeyRune, 'q', tcell.ModMeta), "q"},
	}
	for _, tt := range tests {
		if got := FromEvent(tt.ev); got != MustParse(tt.want) {
			t.Errorf("FromEvent(%v) = %v, want %s", tt.ev.Name(), got, tt.want)
		}
	}
}

func TestPrintable(t *testing.T) {
	for s, want := range map[string]bool{"g": true, "G": true, "space": true, "?": true, "alt+g": false, "ctrl+space": false, "f5": false, "enter": false} {
		if got := MustParse(s).Printable(); got != want {
			t.Errorf("%s.Printable() = %v", s, got)
		}
	}
}

// FuzzParse: whatever Parse accepts prints in a form it reads back as the
// same key.
func FuzzParse(f *testing.F) {
	for _, s := range everyKeyForm() {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		k, err := Parse(s)
		if err != nil {
			return
		}
		back, err := Parse(k.String())
		if err != nil || back != k {
			t.Fatalf("Parse(%q) = %v, printed %q, read back %v, %v", s, k, k.String(), back, err)
		}
	})
}
