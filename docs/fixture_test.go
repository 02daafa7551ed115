package docs

import (
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
)

// The fixtures live beside the repository, in ../shared/fixtures from its
// root; tests run in the package directory, one level further down.
var fixtureDir = filepath.Join("..", "..", "shared", "fixtures")

const (
	fixture72  = "qemu-7.2.22-x86_64.json"
	fixture100 = "qemu-10.0.2-x86_64.json"
	fixtureQSD = "qemu-storage-daemon-7.2.22.json"
)

var allFixtures = []string{fixture72, fixture100, fixtureQSD}

// fixture is one captured file: the return values of the queries we use.
type fixture struct {
	Schema   json.RawMessage
	Commands json.RawMessage
}

// loadFixture reads a fixture, skipping the test when fixtures are absent
// on a developer machine but failing in CI, where their absence is a bug.
func loadFixture(tb testing.TB, name string) fixture {
	tb.Helper()
	data, err := os.ReadFile(filepath.Join(fixtureDir, name))
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
		Schema   struct{ Return json.RawMessage } `json:"query-qmp-schema"`
		Commands struct{ Return json.RawMessage } `json:"query-commands"`
	}
	if err := json.Unmarshal(data, &raw); err != nil {
		tb.Fatalf("fixture %s: %v", name, err)
	}
	return fixture{Schema: raw.Schema.Return, Commands: raw.Commands.Return}
}

// loadSchema parses a fixture's query-qmp-schema reply.
func loadSchema(tb testing.TB, name string) *Schema {
	tb.Helper()
	s, err := ParseSchema(loadFixture(tb, name).Schema)
	if err != nil {
		tb.Fatalf("ParseSchema(%s): %v", name, err)
	}
	return s
}

func TestFixtureDirIsSharedFixtures(t *testing.T) {
	abs, err := filepath.Abs(fixtureDir)
	if err != nil {
		t.Fatal(err)
	}
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	if want := filepath.Join(filepath.Dir(root), "shared", "fixtures"); abs != want {
		t.Errorf("fixture dir %s, want ../shared/fixtures from the repo root (%s)", abs, want)
	}
}
