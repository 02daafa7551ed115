package keymap

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/gdamore/tcell/v2"
)

// Key is one key press: a special key (Code) or a printable rune, with
// modifiers. Rune keys carry no Shift: "G" is the rune 'G'.
type Key struct {
	Code tcell.Key
	Rune rune
	Mod  tcell.ModMask
}

// specialNames are the names of non-rune keys in the notation.
var specialNames = map[string]tcell.Key{
	"enter": tcell.KeyEnter, "esc": tcell.KeyEscape, "tab": tcell.KeyTab, "backtab": tcell.KeyBacktab,
	"backspace": tcell.KeyBackspace2, "delete": tcell.KeyDelete, "insert": tcell.KeyInsert,
	"up": tcell.KeyUp, "down": tcell.KeyDown, "left": tcell.KeyLeft, "right": tcell.KeyRight,
	"home": tcell.KeyHome, "end": tcell.KeyEnd, "pgup": tcell.KeyPgUp, "pgdn": tcell.KeyPgDn,
	"space": tcell.Key(' '),
}

// Parse reads the notation: "g", "G", "?", "ctrl+r", "alt+enter",
// "shift+tab", "f5", "pgdn", "space", "ctrl+space".
func Parse(s string) (Key, error) {
	if s == "" {
		return Key{}, fmt.Errorf("empty key")
	}
	var k Key
	parts := strings.Split(s, "+")
	if strings.HasSuffix(s, "++") || s == "+" { // the '+' key itself
		parts = append(parts[:len(parts)-2], "+")
	}
	for _, mod := range parts[:len(parts)-1] {
		switch strings.ToLower(mod) {
		case "ctrl":
			k.Mod |= tcell.ModCtrl
		case "alt":
			k.Mod |= tcell.ModAlt
		case "shift":
			k.Mod |= tcell.ModShift
		default:
			return Key{}, fmt.Errorf("key %q: unknown modifier %q (use ctrl, alt or shift)", s, mod)
		}
	}
	name := parts[len(parts)-1]
	lower := strings.ToLower(name)
	switch {
	case lower == "tab" && k.Mod&tcell.ModShift != 0:
		return Key{Code: tcell.KeyBacktab, Mod: k.Mod &^ tcell.ModShift}, nil
	case lower == "space" && k.Mod == 0:
		return Key{Code: tcell.KeyRune, Rune: ' '}, nil
	case specialNames[lower] != 0 && lower != "space":
		k.Code = specialNames[lower]
		return k, nil
	case len(lower) >= 2 && lower[0] == 'f' && isDigits(lower[1:]):
		var n int
		fmt.Sscan(lower[1:], &n)
		if n < 1 || n > 64 {
			return Key{}, fmt.Errorf("key %q: no such function key", s)
		}
		k.Code = tcell.KeyF1 + tcell.Key(n-1)
		return k, nil
	case utf8.RuneCountInString(name) == 1 || lower == "space":
		r, _ := utf8.DecodeRuneInString(name)
		if lower == "space" {
			r = ' '
		}
		if k.Mod&tcell.ModShift != 0 {
			return Key{}, fmt.Errorf("key %q: write the character itself instead of shift+ (e.g. G)", s)
		}
		k.Code, k.Rune = tcell.KeyRune, r
		return k, nil
	}
	return Key{}, fmt.Errorf("key %q: unknown key name %q", s, name)
}

// MustParse is Parse for the built-in table; it panics on a typo there.
func MustParse(s string) Key {
	k, err := Parse(s)
	if err != nil {
		panic(err)
	}
	return k
}

// String prints the key in the notation Parse reads.
func (k Key) String() string {
	var b strings.Builder
	if k.Mod&tcell.ModCtrl != 0 {
		b.WriteString("ctrl+")
	}
	if k.Mod&tcell.ModAlt != 0 {
		b.WriteString("alt+")
	}
	if k.Mod&tcell.ModShift != 0 {
		b.WriteString("shift+")
	}
	switch {
	case k.Code == tcell.KeyRune && k.Rune == ' ':
		b.WriteString("space")
	case k.Code == tcell.KeyRune:
		b.WriteRune(k.Rune)
	case k.Code == tcell.KeyBacktab:
		b.WriteString("shift+tab")
	case k.Code >= tcell.KeyF1 && k.Code <= tcell.KeyF64:
		fmt.Fprintf(&b, "f%d", int(k.Code-tcell.KeyF1)+1)
	default:
		for name, code := range specialNames {
			if code == k.Code && name != "space" {
				b.WriteString(name)
				return b.String()
			}
		}
		fmt.Fprintf(&b, "key%d", int(k.Code))
	}
	return b.String()
}

// FromEvent converts a tcell key event to a Key. tcell reports Ctrl+letter
// as its own codes (KeyCtrlR); those become ctrl+r.
func FromEvent(ev *tcell.EventKey) Key {
	code, mod := ev.Key(), ev.Modifiers()
	switch {
	case code == tcell.KeyRune && mod&tcell.ModCtrl != 0:
		return Key{Code: tcell.KeyRune, Rune: unicode.ToLower(ev.Rune()), Mod: mod &^ tcell.ModShift}
	case code == tcell.KeyRune:
		return Key{Code: tcell.KeyRune, Rune: ev.Rune(), Mod: mod &^ tcell.ModShift}
	case code >= tcell.KeyCtrlA && code <= tcell.KeyCtrlZ && code != tcell.KeyTab && code != tcell.KeyEnter && code != tcell.KeyBackspace:
		return Key{Code: tcell.KeyRune, Rune: rune('a' + code - tcell.KeyCtrlA), Mod: mod | tcell.ModCtrl}
	case code == tcell.KeyCtrlSpace:
		return Key{Code: tcell.KeyRune, Rune: ' ', Mod: mod | tcell.ModCtrl}
	case code == tcell.KeyBackspace:
		return Key{Code: tcell.KeyBackspace2, Mod: mod}
	}
	return Key{Code: code, Mod: mod &^ tcell.ModShift}
}

func isDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}
