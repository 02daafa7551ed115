package session

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
)

// launchDirPrefix starts the name of every private socket directory; the
// owner's pid follows, so that a later qmpdash can tell stale ones.
const launchDirPrefix = "qmpdash-"

// runtimeDir is where launched QEMUs' sockets live: $XDG_RUNTIME_DIR (a
// per-user tmpfs, emptied at logout), else the system's temp directory.
func runtimeDir() string {
	if d := os.Getenv("XDG_RUNTIME_DIR"); filepath.IsAbs(d) {
		if fi, err := os.Stat(d); err == nil && fi.IsDir() {
			return d
		}
	}
	return os.TempDir()
}

// makeLaunchDir creates a fresh 0700 socket directory named after this
// process, first removing those left by qmpdash processes that are gone
// (killed with SIGKILL, say, which runs no clean-up).
func makeLaunchDir() (string, error) {
	parent := runtimeDir()
	removeStaleLaunchDirs(parent)
	dir, err := os.MkdirTemp(parent, launchDirPrefix+strconv.Itoa(os.Getpid())+"-")
	if err != nil {
		return "", fmt.Errorf("creating the socket directory: %w", err)
	}
	return dir, nil
}

// removeStaleLaunchDirs removes the socket directories in parent whose
// owning process no longer exists. Directories of live processes, of
// other users, and names that do not parse are left alone.
func removeStaleLaunchDirs(parent string) {
	entries, err := os.ReadDir(parent)
	if err != nil {
		return
	}
	for _, e := range entries {
		rest, ok := strings.CutPrefix(e.Name(), launchDirPrefix)
		pidText, _, found := strings.Cut(rest, "-")
		pid, err := strconv.Atoi(pidText)
		if !ok || !found || err != nil || pid <= 0 || !e.IsDir() {
			continue
		}
		fi, err := e.Info()
		if err != nil {
			continue
		}
		if st, isUnix := fi.Sys().(*syscall.Stat_t); !isUnix || int(st.Uid) != os.Getuid() {
			continue
		}
		if errors.Is(syscall.Kill(pid, 0), syscall.ESRCH) {
			os.RemoveAll(filepath.Join(parent, e.Name()))
		}
	}
}
