package libvirt

import (
	"context"
	"errors"
	"fmt"
	"net"
	"strings"

	"github.com/qmpdash/qmpdash/app/transport/remote"
)

// dialDaemon opens a stream to a's libvirt daemon: its socket on this
// machine, or over pool's SSH connection to a's host for libvirt+ssh://.
// Without ?socket= it tries each of DefaultSockets in turn.
func dialDaemon(ctx context.Context, a Address, pool *remote.Pool) (net.Conn, error) {
	var errs []string
	for _, sock := range a.sockets() {
		var (
			c   net.Conn
			err error
		)
		if a.Remote {
			c, err = pool.Dial(ctx, a.sshAddress(sock))
		} else {
			var d net.Dialer
			c, err = d.DialContext(ctx, "unix", sock)
		}
		if err == nil {
			return c, nil
		}
		if ctx.Err() != nil {
			return nil, err
		}
		var hk *remote.HostKeyError
		if errors.As(err, &hk) {
			return nil, err // no other socket does better
		}
		errs = append(errs, err.Error())
	}
	return nil, fmt.Errorf("libvirt daemon of %s not reachable (is libvirtd or virqemud running?): %s", a, strings.Join(errs, "; "))
}
