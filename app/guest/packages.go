package guest

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"

	"github.com/qmpdash/qmpdash/app/paths"
)

// The Debian packages the guest is made of. The kernel package is the one
// the kernelMeta package depends on, at the version the package index
// offers today.
const (
	kernelMeta     = "linux-image-cloud-amd64"
	busyboxPackage = "busybox-static"
)

// debPackage is a Debian package at one version.
type debPackage struct {
	Name, Version string
}

// String is name=version, as apt-get takes it.
func (p debPackage) String() string { return p.Name + "=" + p.Version }

// ErrPackages is wrapped by the errors of a build that could not find or
// fetch the Debian packages; callers that may skip (tests outside CI)
// branch on it.
var ErrPackages = errors.New("the guest's Debian packages are not available")

// packagesError names the packages and says how to get them.
func packagesError(err error) error {
	return fmt.Errorf("%w (%s and %s's kernel, fetched with apt-get download: "+
		"run `make deps`, or `apt-get update` as root): %w", ErrPackages, busyboxPackage, kernelMeta, err)
}

// resolvePackages asks the package index which kernel package and which
// versions it serves now. apt-cache reads the whole index each time (a
// second or more of CPU), so the answer is kept in cacheDir with a stamp
// of the index files and asked again only when they change.
func resolvePackages(ctx context.Context, cacheDir string) (kernel, busybox debPackage, err error) {
	stamp := indexStamp()
	memo := filepath.Join(cacheDir, "packages.resolved")
	if b, err := os.ReadFile(memo); err == nil && stamp != "" {
		var got string
		if n, _ := fmt.Sscanf(string(b), "%s %s %s %s %s", &got, &kernel.Name, &kernel.Version, &busybox.Name, &busybox.Version); n == 5 && got == stamp {
			return kernel, busybox, nil
		}
	}
	records, err := aptShow(ctx, kernelMeta, busyboxPackage)
	if err != nil {
		return kernel, busybox, packagesError(err)
	}
	kernel, err = kernelDependency(records[kernelMeta]["Depends"])
	if err != nil {
		return kernel, busybox, packagesError(err)
	}
	busybox = debPackage{busyboxPackage, records[busyboxPackage]["Version"]}
	if stamp != "" && paths.EnsurePrivateDir(cacheDir) == nil {
		os.WriteFile(memo, fmt.Appendf(nil, "%s %s %s %s %s\n", stamp, kernel.Name, kernel.Version, busybox.Name, busybox.Version), 0o600)
	}
	return kernel, busybox, nil
}

// aptIndex is where apt keeps the package index that apt-get update
// fetches.
const aptIndex = "/var/lib/apt/lists"

// indexStamp names the state of the package index by its files' names,
// sizes and times; "" if it cannot be read.
func indexStamp() string {
	entries, err := os.ReadDir(aptIndex)
	if err != nil {
		return ""
	}
	h := sha256.New()
	for _, e := range entries {
		if fi, err := e.Info(); err == nil && fi.Mode().IsRegular() {
			fmt.Fprintf(h, "%s %d %d\n", e.Name(), fi.Size(), fi.ModTime().UnixNano())
		}
	}
	return hex.EncodeToString(h.Sum(nil))[:24]
}

// aptShow returns the fields of the candidate version of each package,
// by package name.
func aptShow(ctx context.Context, names ...string) (map[string]map[string]string, error) {
	var stderr bytes.Buffer
	cmd := exec.CommandContext(ctx, "apt-cache", append([]string{"show", "--no-all-versions"}, names...)...)
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("apt-cache show %s: %w: %s", strings.Join(names, " "), err, strings.TrimSpace(stderr.String()))
	}
	records := parseRecords(out)
	for _, n := range names {
		if records[n]["Version"] == "" {
			return nil, fmt.Errorf("apt-cache show: %s has no version in the package index", n)
		}
	}
	return records, nil
}

// parseRecords splits apt-cache show's output into its records' fields,
// by package name.
func parseRecords(out []byte) map[string]map[string]string {
	records := map[string]map[string]string{}
	var fields map[string]string
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		k, v, ok := strings.Cut(sc.Text(), ": ")
		switch {
		case !ok || strings.HasPrefix(k, " "):
		case k == "Package":
			fields = map[string]string{}
			records[v] = fields
		case fields != nil:
			fields[k] = v
		}
	}
	return records
}

// kernelDependency picks the linux-image-* package, with the version it
// is pinned to, out of a Depends field such as
// "linux-image-6.1.0-57-cloud-amd64 (= 6.1.192-3)".
func kernelDependency(depends string) (debPackage, error) {
	for _, d := range strings.Split(depends, ",") {
		var p debPackage
		if n, _ := fmt.Sscanf(strings.TrimSpace(d), "%s (= %s", &p.Name, &p.Version); n == 2 && strings.HasPrefix(p.Name, "linux-image-") {
			p.Version = strings.TrimSuffix(p.Version, ")")
			return p, nil
		}
	}
	return debPackage{}, fmt.Errorf("%s depends on no linux-image package at a fixed version (Depends: %q)", kernelMeta, depends)
}

// extracted returns the directory holding the package's files, fetching
// it with apt-get download and unpacking it with dpkg -x the first time.
// Concurrent callers may both fetch; the rename makes one of them win.
func extracted(ctx context.Context, cacheDir string, p debPackage) (string, error) {
	dir := filepath.Join(cacheDir, "packages", p.Name+"_"+p.Version)
	if _, err := os.Stat(dir); err == nil {
		return dir, nil
	}
	if err := paths.EnsurePrivateDir(filepath.Dir(dir)); err != nil {
		return "", err
	}
	tmp, err := os.MkdirTemp(filepath.Dir(dir), ".fetch-")
	if err != nil {
		return "", fmt.Errorf("creating the guest cache: %w", err)
	}
	defer os.RemoveAll(tmp)
	// apt-get drops privileges to _apt for downloads where it can; a
	// private temp dir is not writable by it, so it warns and downloads
	// as the caller, which is what we want.
	if out, err := runIn(ctx, tmp, "apt-get", "download", "-q", p.String()); err != nil {
		return "", packagesError(fmt.Errorf("apt-get download %s: %w: %s", p, err, lastLines(out)))
	}
	debs, _ := filepath.Glob(filepath.Join(tmp, p.Name+"_*.deb"))
	if len(debs) != 1 {
		return "", packagesError(fmt.Errorf("apt-get download %s left %d .deb files", p, len(debs)))
	}
	root := filepath.Join(tmp, "root")
	if out, err := runIn(ctx, tmp, "dpkg", "-x", debs[0], root); err != nil {
		return "", fmt.Errorf("dpkg -x %s: %w: %s", filepath.Base(debs[0]), err, lastLines(out))
	}
	if err := os.Rename(root, dir); err != nil && !isExist(err) {
		return "", fmt.Errorf("caching %s: %w", p, err)
	}
	return dir, nil
}

// runIn runs a program in dir and returns its combined output.
func runIn(ctx context.Context, dir, name string, args ...string) ([]byte, error) {
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Dir = dir
	return cmd.CombinedOutput()
}

// lastLines keeps the end of a program's output for an error message.
func lastLines(out []byte) string {
	s := strings.TrimSpace(string(out))
	if len(s) > 600 {
		s = "…" + s[len(s)-600:]
	}
	return s
}

// isExist reports whether a rename failed because another process put the
// directory there first.
func isExist(err error) bool {
	return errors.Is(err, os.ErrExist) || errors.Is(err, syscall.ENOTEMPTY)
}
