package transport

import (
	"context"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"time"

	"github.com/qmpdash/qmpdash/app/transport/libvirt"
	"github.com/qmpdash/qmpdash/app/transport/remote"
	"github.com/qmpdash/qmpdash/qmp"
)

// Dialer says how to reach monitors: local sockets and TCP directly,
// ssh:// addresses over a shared SSH connection, tls:// ones with the given
// certificates. The zero value uses the user's own SSH set-up and the
// system's TLS roots.
type Dialer struct {
	// TLS holds the CA, client certificate and server name for tls://
	// addresses.
	TLS remote.TLSFiles
	// SSH is the pool ssh:// addresses share; nil means
	// remote.DefaultPool.
	SSH *remote.Pool
	// Timeout bounds each connection attempt, connecting and the
	// handshake together; 0 means DefaultConnectTimeout.
	Timeout time.Duration
}

func (d Dialer) pool() *remote.Pool {
	if d.SSH != nil {
		return d.SSH
	}
	return remote.DefaultPool
}

// dialFunc picks the transport for addr and the name the client goes by.
func (d Dialer) dialFunc(addr string) (string, qmp.DialFunc, error) {
	if libvirt.IsAddress(addr) {
		a, err := libvirt.Parse(addr)
		if err != nil {
			return "", nil, err
		}
		if a.Domain == "" {
			return "", nil, fmt.Errorf("%s stands for every running domain; name one (%s) or let the dashboard list them", addr, a.WithDomain("NAME"))
		}
		return a.String(), func(ctx context.Context) (net.Conn, error) { return libvirt.Open(ctx, a, d.pool()) }, nil
	}
	switch remote.Scheme(addr) {
	case remote.SchemeSSH:
		if _, err := remote.ParseSSH(addr); err != nil {
			return "", nil, err
		}
		return addr, func(ctx context.Context) (net.Conn, error) { return d.pool().Dial(ctx, addr) }, nil
	case remote.SchemeTLS:
		if _, err := remote.ParseTLS(addr); err != nil {
			return "", nil, err
		}
		return addr, func(ctx context.Context) (net.Conn, error) { return remote.DialTLS(ctx, addr, d.TLS) }, nil
	}
	ep, err := qmp.ParseAddress(addr)
	if err != nil {
		return "", nil, err
	}
	return ep.String(), ep.Dial, nil
}

// CheckAddress reports whether addr is a monitor address qmpdash can
// dial: a local socket, host:port, ssh://[user@]host[:port]/path,
// tls://host:port or a libvirt one (libvirt:///system[/NAME],
// libvirt+ssh://[user@]host/system[/NAME]).
func CheckAddress(addr string) error {
	if libvirt.IsAddress(addr) {
		_, err := libvirt.Parse(addr) // without a domain: a fleet, expanded by ExpandAddresses
		return err
	}
	_, _, err := Dialer{}.dialFunc(addr)
	return err
}

// AddressHost returns the host a monitor address is on: "" for a local
// UNIX socket, the host for ssh://, tls:// and TCP addresses. For the VM
// list.
func AddressHost(addr string) string {
	if a, err := libvirt.Parse(addr); err == nil {
		return a.Host
	}
	if h := remote.Host(addr); h != "" {
		return h
	}
	ep, err := qmp.ParseAddress(addr)
	if err != nil || ep.Network != "tcp" {
		return ""
	}
	host, _, _ := net.SplitHostPort(ep.Address)
	return host
}

// ExpandAddresses replaces each address whose path is a glob with the
// sockets it matches: ssh:// globs are listed on the remote host over the
// pool's SSH connection, local ones on this machine. A libvirt address
// naming no domain (libvirt:///system) becomes one address per running
// domain. Other addresses are kept as they are, in order. A glob that
// matches no socket, or a daemon running no domain, is an error.
func (d Dialer) ExpandAddresses(ctx context.Context, addrs []string) ([]string, error) {
	var out []string
	for _, addr := range addrs {
		matches, err := d.expand(ctx, addr)
		if err != nil {
			return nil, err
		}
		out = append(out, matches...)
	}
	return out, nil
}

func (d Dialer) expand(ctx context.Context, addr string) ([]string, error) {
	if libvirt.IsAddress(addr) {
		return d.expandLibvirt(ctx, addr)
	}
	switch remote.Scheme(addr) {
	case remote.SchemeSSH:
		a, err := remote.ParseSSH(addr)
		if err != nil || !remote.HasGlob(a.Path) {
			return []string{addr}, err
		}
		return d.pool().Glob(ctx, addr)
	case "":
		ep, err := qmp.ParseAddress(addr)
		if err != nil || ep.Network != "unix" || !remote.HasGlob(ep.Address) {
			return []string{addr}, nil
		}
		matches, err := filepath.Glob(ep.Address)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", addr, err)
		}
		socks := localSockets(matches)
		if len(socks) == 0 {
			return nil, fmt.Errorf("no UNIX socket matches %s", addr)
		}
		return socks, nil
	}
	return []string{addr}, nil
}

// localSockets keeps the paths that are UNIX sockets.
func localSockets(paths []string) []string {
	var socks []string
	for _, p := range paths {
		if fi, err := os.Stat(p); err == nil && fi.Mode()&os.ModeSocket != 0 {
			socks = append(socks, p)
		}
	}
	return socks
}
