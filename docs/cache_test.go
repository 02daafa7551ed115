package docs

import (
	"bytes"
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
)

var key72 = CacheKey{Version: "7.2.22", Package: "Debian 1:7.2+dfsg-7+deb12u18+b3", Kind: "qmp"}

func TestCacheRoundTrip(t *testing.T) {
	c := Cache{Dir: filepath.Join(t.TempDir(), "qmpdash")}
	if _, ok := c.Load(key72); ok {
		t.Fatal("Load on an empty cache hit")
	}
	ret := loadFixture(t, fixture72).Schema
	if err := c.Store(key72, ret); err != nil {
		t.Fatal(err)
	}
	got, ok := c.Load(key72)
	if !ok {
		t.Fatal("Load after Store missed")
	}
	var want, have bytes.Buffer
	if json.Compact(&want, ret) != nil || json.Compact(&have, got) != nil || !bytes.Equal(want.Bytes(), have.Bytes()) {
		t.Error("Load returned a different reply")
	}
	if _, err := ParseSchema(got); err != nil {
		t.Errorf("cached reply does not parse: %v", err)
	}
	// Any field of the key tells builds apart.
	for _, other := range []CacheKey{
		{Version: "7.2.23", Package: key72.Package, Kind: "qmp"},
		{Version: key72.Version, Package: "", Kind: "qmp"},
		{Version: key72.Version, Package: key72.Package, Kind: "qsd"},
	} {
		if _, ok := c.Load(other); ok {
			t.Errorf("Load(%+v) hit the entry of %+v", other, key72)
		}
	}
	// Store replaces.
	if err := c.Store(key72, json.RawMessage(`[]`)); err != nil {
		t.Fatal(err)
	}
	if got, ok := c.Load(key72); !ok || string(got) != `[]` {
		t.Errorf("after replacing: %s, %v", got, ok)
	}
}

func TestCachePermissions(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "cache", "qmpdash")
	c := Cache{Dir: dir}
	if err := c.Store(key72, json.RawMessage(`[]`)); err != nil {
		t.Fatal(err)
	}
	st, err := os.Stat(dir)
	if err != nil {
		t.Fatal(err)
	}
	if st.Mode().Perm() != 0o700 {
		t.Errorf("dir mode %v, want 0700", st.Mode().Perm())
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 1 {
		t.Fatalf("%d files in cache dir, want 1 (temp files left behind?)", len(entries))
	}
	info, err := entries[0].Info()
	if err != nil {
		t.Fatal(err)
	}
	if info.Mode().Perm() != 0o600 {
		t.Errorf("file mode %v, want 0600", info.Mode().Perm())
	}
	if name := entries[0].Name(); name != key72.fileName() || bytes.ContainsAny([]byte(name), " :/+") {
		t.Errorf("file name %q", name)
	}
}

func TestCacheCorruptEntries(t *testing.T) {
	tests := []struct {
		name    string
		content string
	}{
		{"truncated", `{"format":1,"key":{"version":"7.2.22"`},
		{"not JSON", "\x00\x01garbage"},
		{"empty", ``},
		{"other format", `{"format":99,"key":{"version":"7.2.22","package":"Debian 1:7.2+dfsg-7+deb12u18+b3","kind":"qmp"},"return":[]}`},
		{"other key", `{"format":1,"key":{"version":"1.0","package":"","kind":"qmp"},"return":[]}`},
		{"no return", `{"format":1,"key":{"version":"7.2.22","package":"Debian 1:7.2+dfsg-7+deb12u18+b3","kind":"qmp"}}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := Cache{Dir: t.TempDir()}
			path := filepath.Join(c.Dir, key72.fileName())
			if err := os.WriteFile(path, []byte(tt.content), 0o600); err != nil {
				t.Fatal(err)
			}
			if got, ok := c.Load(key72); ok {
				t.Fatalf("Load = %s, true on a corrupt entry", got)
			}
			if _, err := os.Stat(path); !errors.Is(err, fs.ErrNotExist) {
				t.Errorf("corrupt entry not removed: %v", err)
			}
		})
	}
}

func TestCacheRejects(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		name  string
		cache Cache
		key   CacheKey
		ret   string
	}{
		{"no dir", Cache{}, key72, `[]`},
		{"no version", Cache{Dir: dir}, CacheKey{Kind: "qmp"}, `[]`},
		{"no kind", Cache{Dir: dir}, CacheKey{Version: "7.2.22"}, `[]`},
		{"invalid JSON", Cache{Dir: dir}, key72, `[`},
		{"empty reply", Cache{Dir: dir}, key72, ``},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := tt.cache.Store(tt.key, json.RawMessage(tt.ret)); err == nil {
				t.Error("Store succeeded")
			}
			if _, ok := tt.cache.Load(tt.key); ok {
				t.Error("Load hit")
			}
		})
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("rejected stores left %d files", len(entries))
	}
}

func TestCacheStoreFailsCleanly(t *testing.T) {
	// A file where the directory should be: Store must fail, not panic.
	blocker := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(blocker, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := (Cache{Dir: blocker}).Store(key72, json.RawMessage(`[]`)); err == nil {
		t.Error("Store into a file succeeded")
	}
}
