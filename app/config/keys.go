package config

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/qmpdash/qmpdash/app/replay"
	"github.com/qmpdash/qmpdash/keymap"
)

// BuildKeymap derives the dashboard's keys: the preset (preset if not
// empty, else the file's keymap, else the default), changed by the [keys]
// entries, plus the [[macro]] key → command bindings. It always returns a
// usable keymap. Each problem is an *Error naming the file, the line
// and the entry, for the caller to show as a warning; what it concerns
// keeps the preset's keys (a bad key of an entry is left out, a bad macro
// is dropped).
func (c *Config) BuildKeymap(preset string) (*keymap.Keymap, []error) {
	var errs []error
	warn := func(line int, key, format string, args ...any) {
		errs = append(errs, &Error{File: c.Path, Line: line, Key: key, Msg: fmt.Sprintf(format, args...)})
	}
	if preset == "" {
		preset = c.Keymap
	}
	table, err := keymap.Preset(preset)
	if err != nil {
		warn(topKeyLine(c.text, "keymap"), "keymap", "%v; using the default keys", err)
		table = keymap.Defaults()
	}
	flat := c.flatKeys()
	names := c.keyEntries(flat)
	overrides := make([]keymap.Override, 0, len(names))
	for _, name := range names {
		line := tableKeyLine(c.text, "keys", name)
		keys, ok := stringList(flat[name])
		if !ok {
			warn(line, "keys."+name, "want a list of keys, like [\"m\", \"ctrl+x\"]")
			continue
		}
		o := keymap.Override{Action: keymap.Action(name), Keys: []keymap.Key{}}
		for _, s := range keys {
			k, err := keymap.Parse(s)
			if err != nil {
				warn(line, "keys."+name, "%v", err)
				continue
			}
			o.Keys = append(o.Keys, k)
		}
		overrides = append(overrides, o)
	}
	macros, from := c.macros(warn)
	table, problems := keymap.Customize(table, overrides, macros)
	for _, p := range problems {
		switch {
		case p.Override >= 0:
			name := string(overrides[p.Override].Action)
			warn(tableKeyLine(c.text, "keys", name), "keys."+name, "%v", p.Err)
		case p.Macro >= 0:
			i := from[p.Macro]
			warn(keyLine(c.text, "macro", i, "key"), fmt.Sprintf("macro[%d].key", i), "%v", p.Err)
		default:
			warn(0, "keys", "%v", p.Err)
		}
	}
	return keymap.New(table), errs
}

// macroFields are the keys a [[macro]] table may have.
var macroFields = []string{"key", "run", "target"}

// macros checks the [[macro]] tables; from maps each returned macro to its
// table's index.
func (c *Config) macros(warn func(line int, key, format string, args ...any)) (macros []keymap.Macro, from []int) {
	vms := map[string]bool{keymap.AllVMs: true}
	for _, vm := range c.VMs {
		vms[vm.Name] = true
	}
	for i, raw := range c.Macros {
		bad := func(field, format string, args ...any) {
			warn(keyLine(c.text, "macro", i, field), fmt.Sprintf("macro[%d].%s", i, field), format, args...)
		}
		ok := true
		for field := range raw {
			if !slices.Contains(macroFields, field) {
				bad(field, "unknown key (a macro has key, run and target)")
				ok = false
			}
		}
		keyText, isString := raw["key"].(string)
		key, err := keymap.Parse(keyText)
		switch {
		case !isString:
			bad("key", "every [[macro]] needs a key, like key = \"f5\"")
			ok = false
		case err != nil:
			bad("key", "%v", err)
			ok = false
		}
		run, isList := stringList(raw["run"])
		if !isList || len(run) == 0 {
			bad("run", "want a command line or a list of them, like run = [\"stop\", \"query-status\"]")
			ok = false
		}
		if _, err := replay.MacroSteps(run); isList && err != nil {
			bad("run", "%v", err)
			ok = false
		}
		targets, isList := stringList(raw["target"])
		if !isList {
			bad("target", "want \"all\" or a list of [[vm]] names")
			ok = false
		}
		for _, t := range targets {
			if !vms[t] {
				bad("target", "no [[vm]] named %q", t)
				ok = false
			}
		}
		if ok {
			macros = append(macros, keymap.Macro{Key: key, Run: run, Targets: targets})
			from = append(from, i)
		}
	}
	return macros, from
}

// stringList reads a TOML value that is a string or a list of strings; a
// missing value is an empty list.
func stringList(v any) ([]string, bool) {
	switch v := v.(type) {
	case nil:
		return nil, true
	case string:
		return []string{v}, true
	case []any:
		out := make([]string, len(v))
		for i, x := range v {
			s, ok := x.(string)
			if !ok {
				return nil, false
			}
			out[i] = s
		}
		return out, true
	}
	return nil, false
}

// flatKeys is the [keys] table with dotted keys written bare (event.mute
// = [...], which TOML nests) joined back into action names.
func (c *Config) flatKeys() map[string]any {
	out := map[string]any{}
	var walk func(prefix string, m map[string]any)
	walk = func(prefix string, m map[string]any) {
		for k, v := range m {
			if sub, ok := v.(map[string]any); ok {
				walk(prefix+k+".", sub)
				continue
			}
			out[prefix+k] = v
		}
	}
	walk("", c.Keys)
	return out
}

// keyEntries are the [keys] entries' names in the file's order, so that
// of two entries wanting one key the later one loses it, as a reader
// expects.
func (c *Config) keyEntries(flat map[string]any) []string {
	names := make([]string, 0, len(flat))
	for name := range flat {
		names = append(names, name)
	}
	slices.SortFunc(names, func(a, b string) int {
		if la, lb := tableKeyLine(c.text, "keys", a), tableKeyLine(c.text, "keys", b); la != lb {
			return la - lb
		}
		return strings.Compare(a, b)
	})
	return names
}

// anyHeader matches a table header, [name] or [[name]].
var anyHeader = regexp.MustCompile(`^\s*\[\[?\s*([A-Za-z0-9_."' -]+?)\s*\]\]?\s*(#.*)?$`)

// entryPattern matches the line of entry key, bare or quoted.
func entryPattern(key string) *regexp.Regexp {
	q := regexp.QuoteMeta(key)
	return regexp.MustCompile(`^\s*(` + q + `|"` + q + `"|'` + q + `')\s*=`)
}

// tableKeyLine finds the line of key in the [table] of a document, 0 when
// it cannot tell.
func tableKeyLine(data []byte, table, key string) int {
	lines := strings.Split(string(data), "\n")
	start, end, ok := tableSpan(lines, table)
	if !ok {
		return 0
	}
	re := entryPattern(key)
	for i := start; i < end; i++ {
		if re.MatchString(lines[i]) {
			return i + 1
		}
	}
	return 0
}

// topKeyLine finds the line of a key before the first table header.
func topKeyLine(data []byte, key string) int {
	re := entryPattern(key)
	for i, line := range strings.Split(string(data), "\n") {
		if anyHeader.MatchString(line) {
			break
		}
		if re.MatchString(line) {
			return i + 1
		}
	}
	return 0
}

// tableSpan finds the lines of [table]'s entries: from the line after its
// header to the next header.
func tableSpan(lines []string, table string) (start, end int, ok bool) {
	for i, line := range lines {
		m := anyHeader.FindStringSubmatch(line)
		switch {
		case m == nil:
		case ok:
			return start, i, true
		case strings.HasPrefix(strings.TrimSpace(line), "[[") || m[1] != table:
		default:
			start, ok = i+1, true
		}
	}
	return start, len(lines), ok
}
