package guest

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/qmpdash/qmpdash/app/paths"
)

// Image is a built guest: the kernel and the initramfs to boot it with
// (QEMU's -kernel and -initrd), both in the cache.
type Image struct {
	// Kernel and Initrd are the files' paths.
	Kernel, Initrd string
	// KernelRelease is what uname -r says in the guest.
	KernelRelease string
}

// rootfs holds our files of the guest: /init and its helpers.
//
//go:embed rootfs
var rootfs embed.FS

// wantedModules are the guest kernel's modules the guest loads, and with
// them those they depend on: in Debian's cloud kernel the virtio drivers
// and pvpanic's are modules, not built in.
var wantedModules = []string{"virtio_pci", "virtio_console", "virtio_blk", "virtio_balloon", "pvpanic_mmio", "pvpanic_pci"}

// agentBinary is the guest agent copied into the guest: the host's own,
// with the shared libraries ldd names.
const agentBinary = "/usr/sbin/qemu-ga"

// CacheDir is where Build keeps packages and images unless told otherwise:
// the guest directory of qmpdash's cache ($XDG_CACHE_HOME/qmpdash/guest).
func CacheDir() string { return filepath.Join(paths.CacheDir(), "guest") }

// Build returns the guest image, building it under cacheDir when no image
// of the same inputs is there: the versions of the kernel and busybox
// packages that the package index serves now (fetched with apt-get
// download and unpacked with dpkg -x when they are not cached), the
// host's qemu-ga and its libraries, and our init files. It takes a few
// seconds the first time and well under a second after. Concurrent
// builders are safe: each writes a private directory and renames it into
// place. Errors about missing packages wrap ErrPackages.
func Build(ctx context.Context, cacheDir string) (*Image, error) {
	kernelPkg, busyboxPkg, err := resolvePackages(ctx, cacheDir)
	if err != nil {
		return nil, err
	}
	agent, err := agentFiles(ctx)
	if err != nil {
		return nil, err
	}
	key := imageKey(kernelPkg, busyboxPkg, agent)
	release := strings.TrimPrefix(kernelPkg.Name, "linux-image-")
	kernelDir, err := extracted(ctx, cacheDir, kernelPkg)
	if err != nil {
		return nil, err
	}
	img := &Image{
		Kernel:        filepath.Join(kernelDir, "boot", "vmlinuz-"+release),
		KernelRelease: release,
	}
	dir := filepath.Join(cacheDir, "images", key)
	img.Initrd = filepath.Join(dir, "initrd.gz")
	if _, err := os.Stat(img.Initrd); err == nil {
		return img, nil
	}
	busyboxDir, err := extracted(ctx, cacheDir, busyboxPkg)
	if err != nil {
		return nil, err
	}
	modules, err := moduleOrder(filepath.Join(kernelDir, "lib", "modules", release), wantedModules)
	if err != nil {
		return nil, err
	}
	initrd, err := initramfs(filepath.Join(busyboxDir, "bin", "busybox"), modules, agent)
	if err != nil {
		return nil, err
	}
	if err := writeImage(dir, initrd); err != nil {
		return nil, err
	}
	return img, nil
}

// hostFile is a file of the host copied into the guest at the same path.
type hostFile struct {
	path string
	data []byte
}

// agentFiles reads qemu-ga and the shared libraries (and the dynamic
// loader) that ldd says it needs.
func agentFiles(ctx context.Context) ([]hostFile, error) {
	if _, err := os.Stat(agentBinary); err != nil {
		return nil, fmt.Errorf("%w: the guest agent %s is missing (Debian: apt-get install qemu-guest-agent): %w",
			ErrPackages, agentBinary, err)
	}
	out, err := exec.CommandContext(ctx, "ldd", agentBinary).Output()
	if err != nil {
		return nil, fmt.Errorf("ldd %s: %w", agentBinary, err)
	}
	paths := []string{agentBinary}
	for _, line := range strings.Split(string(out), "\n") {
		// "libglib-2.0.so.0 => /lib/x86_64-linux-gnu/libglib-2.0.so.0 (0x...)"
		// or, for the loader, "/lib64/ld-linux-x86-64.so.2 (0x...)".
		f := strings.Fields(line)
		switch {
		case len(f) >= 3 && f[1] == "=>" && filepath.IsAbs(f[2]):
			paths = append(paths, f[2])
		case len(f) >= 1 && filepath.IsAbs(f[0]):
			paths = append(paths, f[0])
		}
	}
	files := make([]hostFile, 0, len(paths))
	for _, p := range paths {
		b, err := os.ReadFile(p) // follows symbolic links: the guest gets a copy under the name ldd used
		if err != nil {
			return nil, fmt.Errorf("reading the guest agent's files: %w", err)
		}
		files = append(files, hostFile{p, b})
	}
	return files, nil
}

// imageKey names an image by everything it is made of.
func imageKey(kernel, busybox debPackage, agent []hostFile) string {
	h := sha256.New()
	fmt.Fprintf(h, "qmpdash guest 1\n%s\n%s\n%q\n", kernel, busybox, wantedModules)
	for _, f := range agent {
		fmt.Fprintf(h, "%s %d\n", f.path, len(f.data))
		h.Write(f.data)
	}
	fs.WalkDir(rootfs, ".", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			b, _ := rootfs.ReadFile(p)
			fmt.Fprintf(h, "%s %d\n", p, len(b))
			h.Write(b)
		}
		return nil
	})
	return hex.EncodeToString(h.Sum(nil))[:24]
}

// initramfs builds the gzipped newc archive the guest boots into.
func initramfs(busybox string, modules []kernelModule, agent []hostFile) ([]byte, error) {
	a := newCPIOArchive()
	bb, err := os.ReadFile(busybox)
	if err != nil {
		return nil, fmt.Errorf("reading busybox: %w", err)
	}
	a.addFile("bin/busybox", 0o755, bb)
	a.addSymlink("bin/sh", "busybox")
	for _, f := range []struct{ src, dst string }{
		{"init", "init"}, {"shutdown", "sbin/shutdown"}, {"esb-arm", "bin/esb-arm"}, {"os-release", "etc/os-release"},
	} {
		b, err := rootfs.ReadFile("rootfs/" + f.src)
		if err != nil {
			return nil, err
		}
		perm := uint32(0o755)
		if strings.HasPrefix(f.dst, "etc/") {
			perm = 0o644
		}
		a.addFile(f.dst, perm, b)
	}
	var order strings.Builder
	for _, m := range modules {
		b, err := os.ReadFile(m.path)
		if err != nil {
			return nil, fmt.Errorf("reading kernel module %s: %w", m.name, err)
		}
		a.addFile("lib/modules/"+m.name+".ko", 0o644, b)
		order.WriteString(m.name + "\n")
	}
	a.addFile("etc/modules", 0o644, []byte(order.String()))
	for _, f := range agent {
		a.addFile(f.path, 0o755, f.data)
	}
	for _, d := range []string{"proc", "sys", "dev", "run", "tmp", "root", "var"} {
		a.addDir(d)
	}
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	if err := a.writeTo(zw); err != nil {
		return nil, err
	}
	if err := zw.Close(); err != nil {
		return nil, fmt.Errorf("compressing the initramfs: %w", err)
	}
	return buf.Bytes(), nil
}

// writeImage puts the initramfs at dir/initrd.gz through a private
// directory renamed into place, so a reader never sees half an image.
func writeImage(dir string, initrd []byte) error {
	if err := paths.EnsurePrivateDir(filepath.Dir(dir)); err != nil {
		return err
	}
	tmp, err := os.MkdirTemp(filepath.Dir(dir), ".build-")
	if err != nil {
		return fmt.Errorf("building the guest image: %w", err)
	}
	defer os.RemoveAll(tmp)
	if err := os.WriteFile(filepath.Join(tmp, "initrd.gz"), initrd, 0o600); err != nil {
		return fmt.Errorf("building the guest image: %w", err)
	}
	if err := os.Rename(tmp, dir); err != nil && !isExist(err) {
		return fmt.Errorf("caching the guest image: %w", err)
	}
	return nil
}
