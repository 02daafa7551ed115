package docs

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

// manLookupTimeout bounds `man -w`, which may consult slow databases.
const manLookupTimeout = 3 * time.Second

// FindManPage returns the path of the section 7 man page name, e.g.
// "qemu-qmp-ref", "qemu-ga-ref" or "qemu-storage-daemon-qmp-ref". It
// looks in the directories of $MANPATH, then asks `man -w` (bounded by a
// timeout), then tries /usr/share/man/man7. Compressed (.gz) and plain
// pages are both found. The error wraps fs.ErrNotExist when the page is
// not installed. It blocks for at most a few seconds.
func FindManPage(name string) (string, error) {
	if !isDefName(name) || strings.HasPrefix(name, "-") {
		return "", fmt.Errorf("man page name %q: invalid", name)
	}
	for _, dir := range filepath.SplitList(os.Getenv("MANPATH")) {
		if dir == "" {
			continue // an empty entry means man's defaults, asked next
		}
		if p, ok := manPageIn(dir, name); ok {
			return p, nil
		}
	}
	if p, ok := manDashW(name); ok {
		return p, nil
	}
	if p, ok := manPageIn("/usr/share/man", name); ok {
		return p, nil
	}
	return "", fmt.Errorf("man page %s(7): %w", name, fs.ErrNotExist)
}

// manPageIn looks for name in section 7 of one man directory.
func manPageIn(dir, name string) (string, bool) {
	for _, p := range []string{name + ".7.gz", name + ".7"} {
		path := filepath.Join(dir, "man7", p)
		if fi, err := os.Stat(path); err == nil && fi.Mode().IsRegular() {
			return path, true
		}
	}
	return "", false
}

// manDashW asks man(1) where the page is. Its absence or failure is not
// an error: the fixed locations are tried next.
func manDashW(name string) (string, bool) {
	ctx, cancel := context.WithTimeout(context.Background(), manLookupTimeout)
	defer cancel()
	out, err := exec.CommandContext(ctx, "man", "-w", "7", name).Output()
	if err != nil {
		return "", false // man missing or page unknown: try the fixed path
	}
	p := strings.TrimSpace(strings.SplitN(string(out), "\n", 2)[0])
	if fi, err := os.Stat(p); p == "" || err != nil || !fi.Mode().IsRegular() {
		return "", false
	}
	return p, true
}
