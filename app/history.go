package app

import (
	"bufio"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
)

// DefaultHistorySize is how many lines a History keeps.
const DefaultHistorySize = 1000

// History is the persistent list of entered command lines, oldest first,
// kept in a 0600 file in a 0700 directory. Lines that look like they carry
// a secret are not written unless KeepSecrets is set. A History with no
// Path keeps nothing.
type History struct {
	Path        string
	Max         int
	KeepSecrets bool
}

// DefaultHistoryPath is the history file in the XDG state directory.
func DefaultHistoryPath() string { return filepath.Join(StateDir(), "history") }

// secretPattern matches arguments that usually hold credentials.
var secretPattern = regexp.MustCompile(`(?i)(password|passwd|passphrase|secret|token)[\w.-]*\s*[=:]|key-secret|qom-type\W*secret`)

// LooksSecret reports whether a line seems to carry a credential.
func LooksSecret(line string) bool { return secretPattern.MatchString(line) }

// Load returns the stored lines, at most Max, oldest first. A missing file
// is an empty history.
func (h History) Load() ([]string, error) {
	if h.Path == "" {
		return nil, nil
	}
	f, err := os.Open(h.Path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var lines []string
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		if line := sc.Text(); strings.TrimSpace(line) != "" {
			lines = append(lines, line)
		}
	}
	if max := h.max(); len(lines) > max {
		lines = lines[len(lines)-max:]
	}
	return lines, sc.Err()
}

// Add appends a line unless it is blank, multi-line or a likely secret.
// It reports whether the line was stored.
func (h History) Add(line string) (bool, error) {
	if h.Path == "" || strings.TrimSpace(line) == "" || strings.ContainsAny(line, "\r\n") || (!h.KeepSecrets && LooksSecret(line)) {
		return false, nil
	}
	if err := EnsurePrivateDir(filepath.Dir(h.Path)); err != nil {
		return false, err
	}
	f, err := os.OpenFile(h.Path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o600)
	if err != nil {
		return false, err
	}
	_, err = f.WriteString(line + "\n")
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err == nil, err
}

func (h History) max() int {
	if h.Max > 0 {
		return h.Max
	}
	return DefaultHistorySize
}
