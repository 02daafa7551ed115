// Package docstest loads the captured QEMU replies in ../shared/fixtures
// (beside the repository) for tests of packages that use the schema model.
package docstest

import (
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"github.com/qmpdash/qmpdash/docs"
)

// The fixture files.
const (
	QEMU72 = "qemu-7.2.22-x86_64.json"
	QEMU10 = "qemu-10.0.2-x86_64.json"
	QSD72  = "qemu-storage-daemon-7.2.22.json"
)

// Fixture is one captured file: the greeting and the return values of the
// queries (Version is empty in a file that has no query-version).
type Fixture struct {
	Greeting json.RawMessage
	Schema   json.RawMessage
	Commands json.RawMessage
	Version  json.RawMessage
}

// Load reads a fixture. It skips the test when the fixtures are absent on a
// developer machine and fails it in CI (CI set), where that is a bug.
func Load(tb testing.TB, name string) Fixture {
	tb.Helper()
	data, err := os.ReadFile(filepath.Join(dir(tb), name))
	if errors.Is(err, fs.ErrNotExist) {
		if os.Getenv("CI") != "" {
			tb.Fatalf("fixture %s missing: %v", name, err)
		}
		tb.Skipf("fixture %s missing (set CI to make this fatal): %v", name, err)
	}
	if err != nil {
		tb.Fatal(err)
	}
	var raw struct {
		Greeting json.RawMessage                  `json:"greeting"`
		Schema   struct{ Return json.RawMessage } `json:"query-qmp-schema"`
		Commands struct{ Return json.RawMessage } `json:"query-commands"`
		Version  struct{ Return json.RawMessage } `json:"query-version"`
	}
	if err := json.Unmarshal(data, &raw); err != nil {
		tb.Fatalf("fixture %s: %v", name, err)
	}
	return Fixture{Greeting: raw.Greeting, Schema: raw.Schema.Return, Commands: raw.Commands.Return, Version: raw.Version.Return}
}

// Schema parses a fixture's query-qmp-schema reply.
func Schema(tb testing.TB, name string) *docs.Schema {
	tb.Helper()
	s, err := docs.ParseSchema(Load(tb, name).Schema)
	if err != nil {
		tb.Fatalf("ParseSchema(%s): %v", name, err)
	}
	return s
}

// dir finds ../shared/fixtures from the module root, whatever the depth of
// the package under test.
func dir(tb testing.TB) string {
	wd, err := os.Getwd()
	if err != nil {
		tb.Fatal(err)
	}
	for d := wd; ; d = filepath.Dir(d) {
		if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil {
			return filepath.Join(filepath.Dir(d), "shared", "fixtures")
		}
		if filepath.Dir(d) == d {
			tb.Fatalf("no go.mod above %s", wd)
		}
	}
}
