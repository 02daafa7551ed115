// Package guest builds the small Linux guest that qmpdash's tests and its
// demo boot under QEMU: Debian's cloud kernel and a busybox initramfs with
// the virtio modules, the host's qemu-ga and our /init (rootfs/). The
// Debian packages are fetched with apt-get download and unpacked with
// dpkg -x into the cache, never installed and never committed; the image
// is kept in the cache under a key of everything it is made of, so a build
// after the first costs a few file reads. Image.Args turns a Machine into
// a QEMU command line; WaitReady waits for the guest's ready line on its
// console. docs/testing.md tells how to add a test case. The package has
// no widgets: cmd/qmpdash's demo and the tests (through guesttest) use it.
package guest
