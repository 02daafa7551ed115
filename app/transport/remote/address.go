package remote

import (
	"fmt"
	"net"
	"net/url"
	"strconv"
	"strings"
)

// Address schemes this package dials.
const (
	SchemeSSH = "ssh"
	SchemeTLS = "tls"
)

// Scheme returns the scheme of a URL-style address ("ssh" for
// "ssh://host/path"), or "" for the plain socket forms qmp dials itself.
func Scheme(addr string) string {
	scheme, _, ok := strings.Cut(addr, "://")
	if !ok || strings.ContainsRune(scheme, '/') {
		return ""
	}
	return scheme
}

// SSHAddress is a parsed ssh://[user@]host[:port]/path address.
type SSHAddress struct {
	// User and Port are empty when the address leaves them to ~/.ssh/config
	// (and then to the local user name and port 22).
	User, Host, Port string
	// Path is the remote UNIX socket, or a glob of them.
	Path string
}

// ParseSSH parses an ssh:// address. The path must be absolute.
func ParseSSH(addr string) (SSHAddress, error) {
	u, err := parseURL(addr, SchemeSSH)
	if err != nil {
		return SSHAddress{}, err
	}
	if u.Path == "" || u.Path == "/" {
		return SSHAddress{}, fmt.Errorf("address %q: want ssh://[user@]host[:port]/path/to/qmp.sock", addr)
	}
	if u.User != nil {
		if _, hasPassword := u.User.Password(); hasPassword {
			return SSHAddress{}, fmt.Errorf("address %q: passwords are not accepted in addresses; use the SSH agent or a key", addr)
		}
	}
	a := SSHAddress{Host: u.Hostname(), Port: u.Port(), Path: u.Path}
	if u.User != nil {
		a.User = u.User.Username()
	}
	return a, nil
}

// String renders the address in the form ParseSSH accepts.
func (a SSHAddress) String() string {
	var b strings.Builder
	b.WriteString("ssh://")
	if a.User != "" {
		b.WriteString(url.User(a.User).String() + "@")
	}
	b.WriteString(a.hostPort())
	b.WriteString(a.Path)
	return b.String()
}

func (a SSHAddress) hostPort() string {
	if a.Port == "" {
		if strings.ContainsRune(a.Host, ':') {
			return "[" + a.Host + "]"
		}
		return a.Host
	}
	return net.JoinHostPort(a.Host, a.Port)
}

// ParseTLS parses a tls://host:port address and returns host:port.
func ParseTLS(addr string) (string, error) {
	u, err := parseURL(addr, SchemeTLS)
	if err != nil {
		return "", err
	}
	if u.User != nil || (u.Path != "" && u.Path != "/") || u.RawQuery != "" {
		return "", fmt.Errorf("address %q: want tls://host:port", addr)
	}
	if u.Port() == "" {
		return "", fmt.Errorf("address %q: no port: QEMU's TLS monitors have no default port", addr)
	}
	return u.Host, nil
}

// Host returns the host part of an ssh:// or tls:// address, "" when addr
// is neither or does not parse.
func Host(addr string) string {
	switch Scheme(addr) {
	case SchemeSSH:
		if a, err := ParseSSH(addr); err == nil {
			return a.Host
		}
	case SchemeTLS:
		if hp, err := ParseTLS(addr); err == nil {
			host, _, _ := net.SplitHostPort(hp)
			return host
		}
	}
	return ""
}

// parseURL parses addr and checks its scheme, host and port.
func parseURL(addr, scheme string) (*url.URL, error) {
	u, err := url.Parse(addr)
	if err != nil {
		return nil, fmt.Errorf("address %q: %w", addr, err)
	}
	if u.Scheme != scheme {
		return nil, fmt.Errorf("address %q: want a %s:// address", addr, scheme)
	}
	if u.Hostname() == "" {
		return nil, fmt.Errorf("address %q: no host", addr)
	}
	if p := u.Port(); p != "" {
		if n, err := strconv.Atoi(p); err != nil || n < 1 || n > 65535 {
			return nil, fmt.Errorf("address %q: port %q is not a number from 1 to 65535", addr, p)
		}
	}
	return u, nil
}
