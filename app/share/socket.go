package share

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"net"
	"os"
	"path/filepath"
	"syscall"
	"time"

	"github.com/qmpdash/qmpdash/app/paths"
	"github.com/qmpdash/qmpdash/app/transport"
)

// SocketPath is where a dashboard holding the monitor at addr shares it:
// paths.RuntimeDir() and a name made of the first 16 hex digits of the
// SHA-256 of the address's transport.MonitorKey, so that "vm.sock",
// "./vm.sock" and "unix:/abs/vm.sock" find the same socket.
func SocketPath(addr string) string {
	sum := sha256.Sum256([]byte(transport.MonitorKey(addr)))
	return filepath.Join(paths.RuntimeDir(), hex.EncodeToString(sum[:8])+".sock")
}

// Existing returns the shared socket of the monitor at addr when one is
// there to try: a socket file at SocketPath(addr). A dashboard that died
// may have left it behind; dialing it then fails at once.
func Existing(addr string) (string, bool) {
	path := SocketPath(addr)
	fi, err := os.Lstat(path)
	return path, err == nil && fi.Mode().Type() == fs.ModeSocket
}

// listen makes the private directory and listens at path with mode 0600.
// A socket left by a dashboard that died is replaced; one that answers
// belongs to another dashboard sharing the same monitor and is left alone.
func listen(path string) (*net.UnixListener, error) {
	if err := paths.OwnPrivateDir(filepath.Dir(path)); err != nil {
		return nil, err
	}
	addr := &net.UnixAddr{Name: path, Net: "unix"}
	ln, err := net.ListenUnix("unix", addr)
	if errors.Is(err, syscall.EADDRINUSE) {
		if c, derr := net.DialTimeout("unix", path, time.Second); derr == nil {
			c.Close()
			return nil, fmt.Errorf("another qmpdash already shares this monitor at %s", path)
		}
		if rerr := os.Remove(path); rerr != nil {
			return nil, fmt.Errorf("removing the stale socket %s: %w", path, rerr)
		}
		ln, err = net.ListenUnix("unix", addr)
	}
	if err != nil {
		return nil, err
	}
	if err := os.Chmod(path, 0o600); err != nil {
		ln.Close()
		return nil, fmt.Errorf("making %s private: %w", path, err)
	}
	return ln, nil
}
