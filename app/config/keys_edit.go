package config

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/qmpdash/qmpdash/app/paths"
	"github.com/qmpdash/qmpdash/keymap"
)

// The keys overlay saves into the user's own config.toml, editing lines in
// place, so that their comments and layout survive (see keymap's package
// comment for why not a second file). Each edit is decoded again before it
// is written: an edit that would not mean what it should, or a file that
// does not load, is refused with an error rather than saved.

// SaveKeyBinding sets an action's keys in the [keys] table of the
// configuration file at path: its entry's line (or lines) is replaced, or
// a line is added at the end of the table, or the table at the end of the
// file. No keys saves an unbinding. The file is replaced atomically.
func SaveKeyBinding(path string, action keymap.Action, keys []keymap.Key) error {
	names := make([]string, len(keys))
	for i, k := range keys {
		names[i] = k.String()
	}
	return editConfig(path, func(text string) string {
		return setKeysEntry(text, string(action), names)
	}, func(cfg *Config) bool {
		got, ok := stringList(cfg.flatKeys()[string(action)])
		return ok && slices.Equal(got, names)
	})
}

// SaveMacro appends a [[macro]] table for m to the configuration file at
// path. The file is replaced atomically.
func SaveMacro(path string, m keymap.Macro) error {
	return editConfig(path, func(text string) string {
		return appendMacro(text, m)
	}, func(cfg *Config) bool {
		if len(cfg.Macros) == 0 {
			return false
		}
		last := cfg.Macros[len(cfg.Macros)-1]
		run, _ := stringList(last["run"])
		return last["key"] == m.Key.String() && slices.Equal(run, m.Run)
	})
}

// editConfig reads the file (a missing one is empty), edits its text,
// checks that the result loads and means what it should, and writes it.
func editConfig(path string, edit func(string) string, means func(*Config) bool) error {
	data, err := os.ReadFile(path)
	mode := fs.FileMode(0o600)
	switch {
	case errors.Is(err, fs.ErrNotExist):
	case err != nil:
		return err
	default:
		if st, err := os.Stat(path); err == nil {
			mode = st.Mode().Perm()
		}
	}
	text := edit(string(data))
	cfg, err := Parse(path, []byte(text))
	if err != nil {
		return fmt.Errorf("not saved: %w", err)
	}
	if !means(cfg) {
		return fmt.Errorf("not saved: %s writes its keys in a form qmpdash cannot edit in place; keep them in a [keys] table, one line per action", path)
	}
	return writeAtomic(path, []byte(text), mode)
}

// setKeysEntry returns text with action's [keys] entry set to keys.
func setKeysEntry(text, action string, keys []string) string {
	quoted := make([]string, len(keys))
	for i, k := range keys {
		quoted[i] = tomlString(k)
	}
	entry := tomlString(action) + " = [" + strings.Join(quoted, ", ") + "]"
	lines := strings.Split(text, "\n")
	start, end, ok := tableSpan(lines, "keys")
	if !ok {
		return appendBlock(text, "[keys]\n"+entry+"\n")
	}
	re := entryPattern(action)
	for i := start; i < end; i++ {
		if !re.MatchString(lines[i]) {
			continue
		}
		last := valueEnd(lines, i)
		if comment := trailingComment(lines[last]); comment != "" {
			entry += " " + comment
		}
		return strings.Join(slices.Concat(lines[:i], []string{entry}, lines[last+1:]), "\n")
	}
	// After the table's last entry: comment lines just before the next
	// header are that header's.
	at := start
	for i := start; i < end; i++ {
		if t := strings.TrimSpace(lines[i]); t != "" && !strings.HasPrefix(t, "#") {
			i = valueEnd(lines, i)
			at = i + 1
		}
	}
	return strings.Join(slices.Concat(lines[:at], []string{entry}, lines[at:]), "\n")
}

// appendMacro returns text with a [[macro]] table for m at its end.
func appendMacro(text string, m keymap.Macro) string {
	run := tomlString(m.Run[0])
	if len(m.Run) > 1 {
		quoted := make([]string, len(m.Run))
		for i, line := range m.Run {
			quoted[i] = tomlString(line)
		}
		run = "[" + strings.Join(quoted, ", ") + "]"
	}
	block := "[[macro]]\nkey = " + tomlString(m.Key.String()) + "\nrun = " + run + "\n"
	if len(m.Targets) > 0 {
		quoted := make([]string, len(m.Targets))
		for i, t := range m.Targets {
			quoted[i] = tomlString(t)
		}
		block += "target = [" + strings.Join(quoted, ", ") + "]\n"
	}
	return appendBlock(text, block)
}

// appendBlock adds a block at the end of text, after a blank line.
func appendBlock(text, block string) string {
	switch {
	case text == "":
		return block
	case strings.HasSuffix(text, "\n\n"):
	case strings.HasSuffix(text, "\n"):
		text += "\n"
	default:
		text += "\n\n"
	}
	return text + block
}

// valueEnd returns the line where the value starting on line i ends: the
// line that closes its brackets.
func valueEnd(lines []string, i int) int {
	depth := 0
	for j := i; j < len(lines); j++ {
		code, _ := splitComment(lines[j])
		depth += strings.Count(code, "[") + strings.Count(code, "{") - strings.Count(code, "]") - strings.Count(code, "}")
		if depth <= 0 {
			return j
		}
	}
	return len(lines) - 1
}

// trailingComment returns the "# ..." ending a line, outside strings.
func trailingComment(line string) string {
	_, comment := splitComment(line)
	return comment
}

// splitComment splits a line at its comment, outside strings; the code
// part has string contents blanked, so that brackets in strings do not
// count.
func splitComment(line string) (code, comment string) {
	var b strings.Builder
	var quote rune
	escaped := false
	for i, r := range line {
		switch {
		case quote != 0:
			b.WriteByte(' ')
			if escaped {
				escaped = false
			} else if r == '\\' && quote == '"' {
				escaped = true
			} else if r == quote {
				quote = 0
			}
		case r == '"' || r == '\'':
			quote = r
			b.WriteByte(' ')
		case r == '#':
			return b.String(), line[i:]
		default:
			b.WriteRune(r)
		}
	}
	return b.String(), ""
}

// tomlString quotes s as a TOML basic string.
func tomlString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(&b, `\u%04X`, r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// writeAtomic replaces path with data through a temporary file in the same
// directory, so that a crash never leaves half a configuration.
func writeAtomic(path string, data []byte, mode fs.FileMode) error {
	dir := filepath.Dir(path)
	if err := paths.EnsurePrivateDir(dir); err != nil {
		return err
	}
	f, err := os.CreateTemp(dir, "."+filepath.Base(path)+".*")
	if err != nil {
		return err
	}
	defer os.Remove(f.Name()) // after the rename, nothing is there
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	if err := f.Chmod(mode); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	return os.Rename(f.Name(), path)
}
