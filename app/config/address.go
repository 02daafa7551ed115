package config

import (
	"strings"

	"github.com/qmpdash/qmpdash/app/transport"
	"github.com/qmpdash/qmpdash/qmp"
)

// VMAt returns the configured VM whose address names the same monitor as
// addr, so that its settings (read_only above all) apply however the user
// names it: "@web1", its socket path, "unix:" plus the path, or a relative
// path to it.
func (c *Config) VMAt(addr string) (VM, bool) {
	key := monitorKey(addr)
	for _, vm := range c.VMs {
		if monitorKey(vm.Address) == key {
			return vm, true
		}
	}
	return VM{}, false
}

// monitorKey normalises a monitor address: a local socket as
// "unix:" plus its clean absolute path, TCP as "tcp:host:port", anything
// else (ssh://, tls://) as written.
func monitorKey(addr string) string {
	addr = strings.TrimSpace(addr)
	ep, err := qmp.ParseAddress(transport.AbsoluteAddress(addr))
	if err != nil {
		return addr
	}
	return ep.String()
}
