package guest

import (
	"fmt"
	"io"
	"path"
	"sort"
)

// cpioArchive collects the files of an initramfs and writes them in the
// "newc" format the kernel unpacks: a 110-byte ASCII header per entry, the
// name and the data each padded to 4 bytes, then a TRAILER!!! entry.
// Parent directories are added as they are needed, and entries are written
// sorted by path so that the same inputs give the same bytes.
type cpioArchive struct {
	entries map[string]cpioEntry
}

// cpioEntry is one file, directory or symbolic link of the archive.
type cpioEntry struct {
	mode uint32 // type and permission bits, as in stat(2)
	data []byte // file contents, or a symbolic link's target
}

// The file type bits of a cpio header's mode.
const (
	cpioTypeMask = 0o170000
	cpioDir      = 0o040000
	cpioRegular  = 0o100000
	cpioSymlink  = 0o120000
)

func newCPIOArchive() *cpioArchive {
	return &cpioArchive{entries: map[string]cpioEntry{}}
}

// addFile adds a regular file with permission bits perm.
func (a *cpioArchive) addFile(name string, perm uint32, data []byte) {
	a.add(name, cpioEntry{mode: cpioRegular | perm, data: data})
}

// addSymlink adds a symbolic link to target.
func (a *cpioArchive) addSymlink(name, target string) {
	a.add(name, cpioEntry{mode: cpioSymlink | 0o777, data: []byte(target)})
}

// addDir adds an empty directory (0755).
func (a *cpioArchive) addDir(name string) { a.add(name, cpioEntry{mode: cpioDir | 0o755}) }

func (a *cpioArchive) add(name string, e cpioEntry) {
	name = path.Clean("/" + name)[1:]
	for dir := path.Dir(name); dir != "." && dir != "/"; dir = path.Dir(dir) {
		if _, ok := a.entries[dir]; !ok {
			a.entries[dir] = cpioEntry{mode: cpioDir | 0o755}
		}
	}
	a.entries[name] = e
}

// writeTo writes the archive: every entry owned by root, inode numbers
// counted from 1, modification times zero.
func (a *cpioArchive) writeTo(w io.Writer) error {
	names := make([]string, 0, len(a.entries))
	for n := range a.entries {
		names = append(names, n)
	}
	sort.Strings(names)
	for i, n := range names {
		e := a.entries[n]
		nlink := 1
		if e.mode&cpioTypeMask == cpioDir {
			nlink = 2
		}
		if err := writeCPIOEntry(w, uint32(i+1), e.mode, uint32(nlink), n, e.data); err != nil {
			return err
		}
	}
	return writeCPIOEntry(w, 0, 0, 1, "TRAILER!!!", nil)
}

// writeCPIOEntry writes one header, its name and its data.
func writeCPIOEntry(w io.Writer, ino, mode, nlink uint32, name string, data []byte) error {
	// magic, ino, mode, uid, gid, nlink, mtime, filesize, devmajor,
	// devminor, rdevmajor, rdevminor, namesize (with the NUL), check.
	hdr := fmt.Sprintf("070701%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X",
		ino, mode, 0, 0, nlink, 0, len(data), 0, 0, 0, 0, len(name)+1, 0)
	buf := append([]byte(hdr), name...)
	buf = append(buf, 0)
	buf = pad4(buf)
	buf = append(buf, data...)
	buf = pad4(buf)
	if _, err := w.Write(buf); err != nil {
		return fmt.Errorf("writing the initramfs: %w", err)
	}
	return nil
}

// pad4 appends NULs up to a multiple of 4 bytes; every entry starts
// aligned, so the length of buf alone decides.
func pad4(buf []byte) []byte {
	for len(buf)%4 != 0 {
		buf = append(buf, 0)
	}
	return buf
}
