package paths

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"syscall"
)

// RuntimeDir is where qmpdash keeps sockets for the length of a run:
// $XDG_RUNTIME_DIR/qmpdash, or, when that is unset (no login session, a
// cron job), qmpdash-UID in the system's temporary directory. Callers make
// it with OwnPrivateDir, which refuses one someone else made first.
func RuntimeDir() string {
	if v := os.Getenv("XDG_RUNTIME_DIR"); filepath.IsAbs(v) {
		return filepath.Join(v, "qmpdash")
	}
	return filepath.Join(os.TempDir(), "qmpdash-"+strconv.Itoa(os.Geteuid()))
}

// OwnPrivateDir makes dir (its parent must exist) a directory only this
// user can enter: it creates it with mode 0700, or checks that the one
// there is a real directory (not a symlink) owned by this user and
// tightens its mode to 0700. Anything else is an error naming what is
// wrong, since in a shared directory such as /tmp another user may have
// made it first.
func OwnPrivateDir(dir string) error {
	if err := os.Mkdir(dir, 0o700); err != nil && !errors.Is(err, fs.ErrExist) {
		return fmt.Errorf("creating %s: %w", dir, err)
	}
	fi, err := os.Lstat(dir)
	if err != nil {
		return err
	}
	if !fi.IsDir() {
		return fmt.Errorf("%s is not a directory (%v); remove it", dir, fi.Mode().Type())
	}
	if st, ok := fi.Sys().(*syscall.Stat_t); ok && int(st.Uid) != os.Geteuid() {
		return fmt.Errorf("%s belongs to uid %d, not to you (uid %d): not using it", dir, st.Uid, os.Geteuid())
	}
	if fi.Mode().Perm() != 0o700 {
		if err := os.Chmod(dir, 0o700); err != nil {
			return fmt.Errorf("making %s private: %w", dir, err)
		}
	}
	return nil
}
