package keymap

import (
	"fmt"
	"strconv"
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

// namedKeys are the names of non-rune keys in the notation; the first
// name of a code is the one String prints, the others are accepted
// aliases.
var namedKeys = []struct {
	name string
	code tcell.Key
}{
	{"enter", tcell.KeyEnter}, {"return", tcell.KeyEnter},
	{"esc", tcell.KeyEscape}, {"escape", tcell.KeyEscape},
	{"tab", tcell.KeyTab},
	{"backspace", tcell.KeyBackspace2},
	{"delete", tcell.KeyDelete}, {"del", tcell.KeyDelete},
	{"insert", tcell.KeyInsert}, {"ins", tcell.KeyInsert},
	{"up", tcell.KeyUp}, {"down", tcell.KeyDown}, {"left", tcell.KeyLeft}, {"right", tcell.KeyRight},
	{"home", tcell.KeyHome}, {"end", tcell.KeyEnd},
	{"pgup", tcell.KeyPgUp}, {"pageup", tcell.KeyPgUp},
	{"pgdn", tcell.KeyPgDn}, {"pagedown", tcell.KeyPgDn},
}

// maxFunctionKey is the highest function key tcell knows.
const maxFunctionKey = int(tcell.KeyF64-tcell.KeyF1) + 1

// Parse reads the notation: "g", "G", "?", "ctrl+r", "alt+enter",
// "shift+tab", "f5", "pgdn", "space", "ctrl+space", "alt+<". Modifiers are
// ctrl, alt and shift, in any order and case; a rune key takes no shift
// (write "G", not "shift+g"), and ctrl+letter is the same key in either
// case.
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
	if code, ok := namedKey(lower); ok {
		k.Code = code
		if code == tcell.KeyTab && k.Mod&tcell.ModShift != 0 {
			k.Code, k.Mod = tcell.KeyBacktab, k.Mod&^tcell.ModShift // what terminals send
		}
		return k, nil
	}
	if n, ok := functionKey(lower); ok {
		if n < 1 || n > maxFunctionKey {
			return Key{}, fmt.Errorf("key %q: no such function key", s)
		}
		k.Code = tcell.KeyF1 + tcell.Key(n-1)
		return k, nil
	}
	r := ' '
	if lower != "space" {
		if utf8.RuneCountInString(name) != 1 {
			return Key{}, fmt.Errorf("key %q: unknown key name %q", s, name)
		}
		r, _ = utf8.DecodeRuneInString(name)
		if !unicode.IsPrint(r) || r == utf8.RuneError {
			return Key{}, fmt.Errorf("key %q: %U is not a printable character; use a key name", s, r)
		}
	}
	if k.Mod&tcell.ModShift != 0 {
		return Key{}, fmt.Errorf("key %q: write the character itself instead of shift+ (e.g. G)", s)
	}
	if k.Mod&tcell.ModCtrl != 0 {
		r = unicode.ToLower(r) // terminals do not tell ctrl+R from ctrl+r
	}
	k.Code, k.Rune = tcell.KeyRune, r
	return k, nil
}

// MustParse is Parse for the built-in tables; it panics on a typo there.
func MustParse(s string) Key {
	k, err := Parse(s)
	if err != nil {
		panic(err)
	}
	return k
}

// String prints the key in the notation Parse reads; Parse(k.String())
// returns k.
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
		b.WriteString(keyName(k.Code))
	}
	return b.String()
}

// Printable reports whether the key types a character: an unmodified
// rune. Where text is typed, such keys are text, not commands.
func (k Key) Printable() bool { return k.Code == tcell.KeyRune && k.Mod == 0 }

// FromEvent converts a tcell key event to a Key. tcell reports ctrl+letter
// as its own codes (KeyCtrlR); those become ctrl+r. Shift on a rune is
// dropped: the rune already says it ("G").
func FromEvent(ev *tcell.EventKey) Key {
	code, mod := ev.Key(), ev.Modifiers()&(tcell.ModCtrl|tcell.ModAlt|tcell.ModShift)
	switch {
	case code == tcell.KeyRune && mod&tcell.ModCtrl != 0:
		return Key{Code: tcell.KeyRune, Rune: unicode.ToLower(ev.Rune()), Mod: mod &^ tcell.ModShift}
	case code == tcell.KeyRune:
		return Key{Code: tcell.KeyRune, Rune: ev.Rune(), Mod: mod &^ tcell.ModShift}
	case code >= tcell.KeyCtrlA && code <= tcell.KeyCtrlZ:
		return Key{Code: tcell.KeyRune, Rune: rune('a' + code - tcell.KeyCtrlA), Mod: (mod | tcell.ModCtrl) &^ tcell.ModShift}
	case code == tcell.KeyCtrlSpace:
		return Key{Code: tcell.KeyRune, Rune: ' ', Mod: mod | tcell.ModCtrl}
	case code == tcell.KeyBackspace: // tcell folds DEL into BS
		return Key{Code: tcell.KeyBackspace2, Mod: mod}
	case code == tcell.KeyBacktab: // some terminals add Shift, some do not
		return Key{Code: code, Mod: mod &^ tcell.ModShift}
	}
	return Key{Code: code, Mod: mod}
}

// Event returns the event tcell delivers for the key, so that
// FromEvent(k.Event()) == k. Tests inject it into a simulation screen.
func (k Key) Event() *tcell.EventKey {
	return tcell.NewEventKey(k.Code, k.Rune, k.Mod)
}

func namedKey(lower string) (tcell.Key, bool) {
	for _, n := range namedKeys {
		if n.name == lower {
			return n.code, true
		}
	}
	return 0, false
}

// keyName prints a special key: its first name, else its code, which
// Parse rejects, so that an unknown key is never mistaken for another.
func keyName(code tcell.Key) string {
	for _, n := range namedKeys {
		if n.code == code {
			return n.name
		}
	}
	return fmt.Sprintf("key%d", int(code))
}

// functionKey reads "f5" as 5.
func functionKey(lower string) (int, bool) {
	digits, ok := strings.CutPrefix(lower, "f")
	if !ok || digits == "" || strings.TrimLeft(digits, "0123456789") != "" {
		return 0, false
	}
	n, err := strconv.Atoi(digits)
	return n, err == nil
}
