package libvirt

import (
	"errors"
	"fmt"
	"net/url"
	"strings"
)

// Address schemes this package dials.
const (
	SchemeLocal = "libvirt"
	SchemeSSH   = "libvirt+ssh"
)

// DefaultSockets are the daemon sockets tried in order when an address
// names none: the monolithic libvirtd's, then the modular virtqemud's.
var DefaultSockets = []string{"/run/libvirt/libvirt-sock", "/run/libvirt/virtqemud-sock"}

// Address is a parsed libvirt:///system[/NAME] or
// libvirt+ssh://[user@]host[:port]/system[/NAME] address, with an optional
// ?socket=PATH naming the daemon socket.
type Address struct {
	// Remote is set for libvirt+ssh://; User and Port may then be empty,
	// left to ~/.ssh/config.
	Remote           bool
	User, Host, Port string
	// Domain is the domain's name; "" means every running domain.
	Domain string
	// Socket is the daemon socket the address names; "" tries
	// DefaultSockets.
	Socket string
}

// IsAddress reports whether addr is meant for this package (by its
// scheme), whether or not it parses.
func IsAddress(addr string) bool {
	return strings.HasPrefix(addr, SchemeLocal+"://") || strings.HasPrefix(addr, SchemeSSH+"://")
}

// Parse parses a libvirt address.
func Parse(addr string) (Address, error) {
	u, err := url.Parse(addr)
	if err != nil {
		return Address{}, fmt.Errorf("libvirt address %q: %w", addr, err)
	}
	var a Address
	switch u.Scheme {
	case SchemeLocal:
		if u.Host != "" || u.User != nil {
			return Address{}, fmt.Errorf("libvirt address %q: a local address has no host (libvirt:///system); use %s://host/system for a remote one", addr, SchemeSSH)
		}
	case SchemeSSH:
		if u.Hostname() == "" {
			return Address{}, fmt.Errorf("libvirt address %q: no host", addr)
		}
		a.Remote, a.Host, a.Port = true, u.Hostname(), u.Port()
		if u.User != nil {
			a.User = u.User.Username()
		}
	default:
		return Address{}, fmt.Errorf("libvirt address %q: scheme must be %s:// or %s://", addr, SchemeLocal, SchemeSSH)
	}
	rest, ok := strings.CutPrefix(u.Path, "/system")
	if !ok || (rest != "" && rest[0] != '/') {
		return Address{}, fmt.Errorf("libvirt address %q: path must be /system or /system/NAME", addr)
	}
	a.Domain = strings.TrimSuffix(strings.TrimPrefix(rest, "/"), "/")
	if strings.Contains(a.Domain, "/") {
		return Address{}, fmt.Errorf("libvirt address %q: a domain name has no /", addr)
	}
	q := u.Query()
	a.Socket = q.Get("socket")
	q.Del("socket")
	if len(q) > 0 || u.Fragment != "" {
		return Address{}, fmt.Errorf("libvirt address %q: the only option is ?socket=PATH", addr)
	}
	if a.Socket != "" && !strings.HasPrefix(a.Socket, "/") {
		return Address{}, errors.New("libvirt address: ?socket= needs an absolute path")
	}
	return a, nil
}

// String is the address in the form Parse reads.
func (a Address) String() string {
	u := url.URL{Scheme: SchemeLocal, Path: "/system"}
	if a.Remote {
		u.Scheme, u.Host = SchemeSSH, a.Host
		if a.Port != "" {
			u.Host += ":" + a.Port
		}
		if a.User != "" {
			u.User = url.User(a.User)
		}
	}
	if a.Domain != "" {
		u.Path += "/" + a.Domain
	}
	if a.Socket != "" {
		u.RawQuery = url.Values{"socket": {a.Socket}}.Encode()
	}
	return u.String()
}

// WithDomain is the address of domain name on the same daemon.
func (a Address) WithDomain(name string) Address {
	a.Domain = name
	return a
}

// sockets are the daemon sockets to try, in order.
func (a Address) sockets() []string {
	if a.Socket != "" {
		return []string{a.Socket}
	}
	return DefaultSockets
}

// sshAddress is the ssh:// address of daemon socket sock on a's host.
func (a Address) sshAddress(sock string) string {
	u := url.URL{Scheme: "ssh", Host: a.Host, Path: sock}
	if a.Port != "" {
		u.Host += ":" + a.Port
	}
	if a.User != "" {
		u.User = url.User(a.User)
	}
	return u.String()
}
