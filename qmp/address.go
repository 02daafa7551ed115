package qmp

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"strconv"
	"strings"
)

// EnvSocket names the environment variable that holds the default monitor
// address, as QEMU's own scripts use it.
const EnvSocket = "QMP_SOCKET"

// Endpoint is a parsed monitor address.
type Endpoint struct {
	// Network is "unix" or "tcp".
	Network string
	// Address is a socket path for "unix" and host:port for "tcp".
	Address string
}

// String renders the endpoint in the prefixed form ParseAddress accepts.
func (e Endpoint) String() string { return e.Network + ":" + e.Address }

// ParseAddress turns a user's monitor address into an Endpoint. It accepts
// "/path/to.sock", "unix:/path", "tcp:host:port", "host:port" and "[::1]:4444".
// A name without a colon (such as "qmp.sock") is a UNIX socket path. URL
// forms ("ssh://...", "tls://...") are refused: qmp does not pick transports.
func ParseAddress(s string) (Endpoint, error) {
	switch {
	case strings.TrimSpace(s) == "":
		return Endpoint{}, errors.New("qmp: empty monitor address")
	case strings.Contains(s, "://"):
		scheme, _, _ := strings.Cut(s, "://")
		return Endpoint{}, fmt.Errorf("qmp: address %q: %s:// is not a local UNIX or TCP socket; "+
			"such addresses are dialled by the caller (see DialWith)", s, scheme)
	case strings.HasPrefix(s, "unix:"):
		if s == "unix:" {
			return Endpoint{}, fmt.Errorf("qmp: address %q has no socket path", s)
		}
		return Endpoint{"unix", s[len("unix:"):]}, nil
	case strings.HasPrefix(s, "tcp:"):
		return parseHostPort(s, s[len("tcp:"):])
	case strings.ContainsRune(s, '/') || !strings.ContainsRune(s, ':'):
		return Endpoint{"unix", s}, nil
	default:
		return parseHostPort(s, s)
	}
}

func parseHostPort(orig, hostport string) (Endpoint, error) {
	host, port, err := net.SplitHostPort(hostport)
	if err != nil {
		return Endpoint{}, fmt.Errorf("qmp: address %q: want host:port: %w", orig, err)
	}
	n, err := strconv.Atoi(port)
	if err != nil || n < 1 || n > 65535 {
		return Endpoint{}, fmt.Errorf("qmp: address %q: port %q is not a number from 1 to 65535", orig, port)
	}
	if host == "" {
		host = "localhost"
	}
	return Endpoint{"tcp", net.JoinHostPort(host, port)}, nil
}

// DefaultAddress returns the address in $QMP_SOCKET, or "" when it is unset.
func DefaultAddress() string { return os.Getenv(EnvSocket) }

// Dial opens a stream connection to the endpoint. Failures are *ConnError
// with Op "dial".
func (e Endpoint) Dial(ctx context.Context) (net.Conn, error) {
	var d net.Dialer
	conn, err := d.DialContext(ctx, e.Network, e.Address)
	if err != nil {
		// net.OpError repeats the network and address we already name.
		var op *net.OpError
		if errors.As(err, &op) && op.Err != nil {
			err = op.Err
		}
		return nil, &ConnError{Op: "dial", Addr: e.String(), Err: err}
	}
	return conn, nil
}
