// Package paths names the directories where qmpdash keeps its files (the
// XDG base directories, each with a "qmpdash" subdirectory) and keeps those
// files private: directories it creates are 0700, and LooseFile tells of a
// file others may read. ExpandHome reads a path the user wrote with "~/".
// It imports nothing of qmpdash.
package paths

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/adrg/xdg"
)

// The XDG base directories qmpdash uses, each with a "qmpdash" subdirectory.
// They are read from the environment on each call, so tests may set
// XDG_*_HOME.

// CacheDir is where fetched schemas are cached ($XDG_CACHE_HOME/qmpdash).
func CacheDir() string { return filepath.Join(xdgDir("XDG_CACHE_HOME", xdg.CacheHome), "qmpdash") }

// StateDir is where history is kept ($XDG_STATE_HOME/qmpdash).
func StateDir() string { return filepath.Join(xdgDir("XDG_STATE_HOME", xdg.StateHome), "qmpdash") }

// ConfigDir holds config.toml ($XDG_CONFIG_HOME/qmpdash).
func ConfigDir() string { return filepath.Join(xdgDir("XDG_CONFIG_HOME", xdg.ConfigHome), "qmpdash") }

// xdgDir prefers the variable as it is now over xdg's value read at start-up.
func xdgDir(env, fallback string) string {
	if v := os.Getenv(env); filepath.IsAbs(v) {
		return v
	}
	return fallback
}

// EnsurePrivateDir creates dir (and parents) with mode 0700 if missing.
func EnsurePrivateDir(dir string) error {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("creating %s: %w", dir, err)
	}
	return nil
}

// LooseFile reports a file at path that others may read: a history or log
// created by an older qmpdash, or by hand, keeps its mode when qmpdash
// appends to it. A missing or private file is nil.
func LooseFile(path string) error {
	fi, err := os.Stat(path)
	if err != nil || fi.Mode().Perm()&0o077 == 0 {
		return nil
	}
	return fmt.Errorf("%s is readable by other users (mode %04o): it may hold secrets; chmod 600 it", path, fi.Mode().Perm())
}

// ExpandHome replaces a leading "~/" in p with the user's home directory,
// as a shell would; any other path comes back as it is.
func ExpandHome(p string) string {
	if rest, ok := strings.CutPrefix(p, "~/"); ok {
		if home, err := os.UserHomeDir(); err == nil {
			return filepath.Join(home, rest)
		}
	}
	return p
}
