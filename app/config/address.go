package config

import "github.com/qmpdash/qmpdash/app/transport"

// VMAt returns the configured VM whose address names the same monitor as
// addr, so that its settings (read_only above all) apply however the user
// names it: "@web1", its socket path, "unix:" plus the path, or a relative
// path to it.
func (c *Config) VMAt(addr string) (VM, bool) {
	key := transport.MonitorKey(addr)
	for _, vm := range c.VMs {
		if transport.MonitorKey(vm.Address) == key {
			return vm, true
		}
	}
	return VM{}, false
}
