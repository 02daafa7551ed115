package docs

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// CacheKey identifies the build a schema reply came from. A build's schema
// never changes, so a reply cached under its key stays valid; the package
// string tells apart distribution rebuilds of the same version, which may
// carry patches that change the schema.
type CacheKey struct {
	// Version is the dotted version, e.g. "7.2.22". Required.
	Version string `json:"version"`
	// Package is the vendor package string from query-version, if any.
	Package string `json:"package"`
	// Kind tells apart endpoints of the same build that answer
	// differently, e.g. "qmp" (QEMU), "qsd" (storage daemon) and "qga"
	// (guest agent). Required.
	Kind string `json:"kind"`
}

// Cache keeps schema replies on disk so that a reconnect to a known build
// needs no 200 KB introspection round trip. Dir is chosen by the caller
// (normally under the XDG cache directory); it is created with mode 0700 if
// missing, and entries are written with mode 0600. Load and Store may be
// used from several goroutines and processes at once: entries are replaced
// atomically, so a reader sees a whole old entry or a whole new one.
type Cache struct {
	Dir string
}

// cacheFormat is bumped when the entry layout changes; entries of another
// format are treated as corrupt and replaced.
const cacheFormat = 1

// cacheEntry is what a cache file holds. The key is stored too, so that a
// file reached by a hash collision or renamed by hand is not trusted.
type cacheEntry struct {
	Format int             `json:"format"`
	Key    CacheKey        `json:"key"`
	Return json.RawMessage `json:"return"`
}

// Load returns the reply stored under key, and whether there was one.
// Entries that cannot be read back as stored (truncated, edited, from
// another format) are removed and reported as absent, so the caller just
// queries the monitor again.
func (c Cache) Load(key CacheKey) (json.RawMessage, bool) {
	if c.Dir == "" || key.check() != nil {
		return nil, false
	}
	path := filepath.Join(c.Dir, key.fileName())
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, false
	}
	var e cacheEntry
	if json.Unmarshal(data, &e) != nil || e.Format != cacheFormat || e.Key != key || len(e.Return) == 0 {
		// Best effort: a failed removal only means the next Store fixes it.
		_ = os.Remove(path)
		return nil, false
	}
	return e.Return, true
}

// Store saves ret, the "return" value of the reply, under key, replacing
// any earlier entry. ret must be valid JSON.
func (c Cache) Store(key CacheKey, ret json.RawMessage) error {
	if c.Dir == "" {
		return errors.New("schema cache: no directory")
	}
	if err := key.check(); err != nil {
		return err
	}
	if !json.Valid(ret) {
		return errors.New("schema cache: reply is not valid JSON")
	}
	data, err := json.Marshal(cacheEntry{Format: cacheFormat, Key: key, Return: ret})
	if err != nil {
		return fmt.Errorf("schema cache: %w", err)
	}
	if err := os.MkdirAll(c.Dir, 0o700); err != nil {
		return fmt.Errorf("schema cache: %w", err)
	}
	if err := writeAtomic(filepath.Join(c.Dir, key.fileName()), data); err != nil {
		return fmt.Errorf("schema cache: %w", err)
	}
	return nil
}

func (k CacheKey) check() error {
	if k.Version == "" || k.Kind == "" {
		return fmt.Errorf("schema cache: key %+v lacks a version or kind", k)
	}
	return nil
}

// fileName hashes the key, so that version and package strings from the
// monitor, which may hold any character, never reach the file system.
func (k CacheKey) fileName() string {
	// Marshalling a struct of strings cannot fail and is unambiguous.
	b, _ := json.Marshal(k)
	sum := sha256.Sum256(b)
	return "schema-" + hex.EncodeToString(sum[:16]) + ".json"
}

// writeAtomic writes data to a temporary file in the target's directory
// and renames it over path, so no reader ever sees a partial entry.
// CreateTemp makes the file with mode 0600.
func writeAtomic(path string, data []byte) error {
	f, err := os.CreateTemp(filepath.Dir(path), ".schema-*.tmp")
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(f.Name(), path)
	}
	if err != nil {
		_ = os.Remove(f.Name())
	}
	return err
}
