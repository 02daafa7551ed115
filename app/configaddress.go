package app

import (
	"path/filepath"
	"strings"

	"github.com/qmpdash/qmpdash/qmp"
)

// VMAt returns the configured VM whose address names the same monitor as
// addr, so that its settings (read_only above all) apply however the user
// names it: "@web1", its socket path, "unix:" plus the path, or a relative
// path to it.
func (c *Config) VMAt(addr string) (VMConfig, bool) {
	key := monitorKey(addr)
	for _, vm := range c.VMs {
		if monitorKey(vm.Address) == key {
			return vm, true
		}
	}
	return VMConfig{}, false
}

// monitorKey normalises a monitor address: a local socket as
// "unix:" plus its clean absolute path, TCP as "tcp:host:port", anything
// else (ssh://, tls://) as written.
func monitorKey(addr string) string {
	addr = strings.TrimSpace(addr)
	ep, err := qmp.ParseAddress(AbsoluteAddress(addr))
	if err != nil {
		return addr
	}
	return ep.String()
}

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
