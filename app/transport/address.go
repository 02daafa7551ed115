package transport

import (
	"path/filepath"
	"strings"

	"github.com/qmpdash/qmpdash/qmp"
)

// AbsoluteAddress returns addr with a local socket's path made absolute
// against the working directory ("unix:" kept if given); TCP and remote
// addresses (ssh://, tls://) come back as they are.
func AbsoluteAddress(addr string) string {
	ep, err := qmp.ParseAddress(addr)
	if err != nil || ep.Network != "unix" {
		return addr
	}
	abs, err := filepath.Abs(ep.Address)
	if err != nil {
		return addr
	}
	if strings.HasPrefix(addr, "unix:") {
		return "unix:" + abs
	}
	return abs
}

// MonitorKey normalises a monitor address so that two ways of naming one
// monitor compare equal: a local socket as "unix:" plus its clean absolute
// path, TCP as "tcp:host:port", anything else (ssh://, tls://) as written.
func MonitorKey(addr string) string {
	addr = strings.TrimSpace(addr)
	ep, err := qmp.ParseAddress(AbsoluteAddress(addr))
	if err != nil {
		return addr
	}
	return ep.String()
}
