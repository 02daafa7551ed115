package paths

import (
	"os"
	"path/filepath"
	"strconv"
	"testing"
)

func TestRuntimeDirFallsBackToAPerUserTempDir(t *testing.T) {
	t.Setenv("XDG_RUNTIME_DIR", "/run/user/1234")
	if got := RuntimeDir(); got != "/run/user/1234/qmpdash" {
		t.Errorf("with XDG_RUNTIME_DIR: %s", got)
	}
	for _, unset := range []string{"", "relative/dir"} {
		t.Setenv("XDG_RUNTIME_DIR", unset)
		want := filepath.Join(os.TempDir(), "qmpdash-"+strconv.Itoa(os.Geteuid()))
		if got := RuntimeDir(); got != want {
			t.Errorf("XDG_RUNTIME_DIR=%q: %s, want %s", unset, got, want)
		}
	}
}

func TestOwnPrivateDirMakesTightensAndRefuses(t *testing.T) {
	base := t.TempDir()
	fresh := filepath.Join(base, "fresh")
	loose := filepath.Join(base, "loose")
	if err := os.Mkdir(loose, 0o777); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(loose, 0o777); err != nil { // past the umask
		t.Fatal(err)
	}
	for _, dir := range []string{fresh, loose} {
		if err := OwnPrivateDir(dir); err != nil {
			t.Fatalf("%s: %v", dir, err)
		}
		if fi, err := os.Lstat(dir); err != nil || fi.Mode().Perm() != 0o700 || !fi.IsDir() {
			t.Errorf("%s: %v %v, want a 0700 directory", dir, fi.Mode(), err)
		}
	}
	link := filepath.Join(base, "link")
	if err := os.Symlink(fresh, link); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(base, "file")
	if err := os.WriteFile(file, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	for _, dir := range []string{link, file, filepath.Join(base, "no", "parent")} {
		if err := OwnPrivateDir(dir); err == nil {
			t.Errorf("%s was accepted", dir)
		}
	}
}
