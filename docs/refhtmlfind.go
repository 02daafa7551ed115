package docs

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// htmlDocDirs are where distributions install QEMU's HTML manuals: Debian
// and Ubuntu under the package qemu-system-common, Fedora, Arch and
// source installs under qemu.
var htmlDocDirs = []string{
	"/usr/share/doc/qemu-system-common",
	"/usr/share/doc/qemu",
	"/usr/local/share/doc/qemu",
}

// FindHTMLRef returns the path of the installed HTML manual name, e.g.
// "qemu-qmp-ref" for interop/qemu-qmp-ref.html, plain or gzipped. The
// error wraps fs.ErrNotExist when no manual is installed. It only stats
// a few files.
func FindHTMLRef(name string) (string, error) {
	if !isDefName(name) {
		return "", fmt.Errorf("html manual name %q: invalid", name)
	}
	for _, dir := range htmlDocDirs {
		for _, p := range []string{name + ".html", name + ".html.gz"} {
			path := filepath.Join(dir, "interop", p)
			if fi, err := os.Stat(path); err == nil && fi.Mode().IsRegular() {
				return path, nil
			}
		}
	}
	return "", fmt.Errorf("html manual %s.html: %w", name, fs.ErrNotExist)
}
