package main

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/qmpdash/qmpdash/app/config"
	"github.com/qmpdash/qmpdash/app/transport"
	"github.com/qmpdash/qmpdash/app/transport/libvirt"
	"github.com/qmpdash/qmpdash/app/transport/remote"
	"github.com/qmpdash/qmpdash/qmp"
	"github.com/qmpdash/qmpdash/views/headless"
)

// targets resolves the dashboard's ADDR arguments, each a monitor address
// or "@name" from the configuration file. Without any: $QMP_SOCKET, else
// every configured VM. VMs given by address are named after their socket
// file ("/run/qemu/web1.sock" is web1), or their address when names clash.
func (c *configFile) targets(args []string) ([]config.VM, error) {
	if len(args) == 0 {
		if a := qmp.DefaultAddress(); a != "" {
			return []config.VM{c.configuredAt(a, a)}, nil
		}
		cfg, err := c.required()
		if err != nil {
			return nil, err
		}
		if len(cfg.VMs) == 0 {
			return nil, &headless.ExitError{Code: headless.ExitUsage, Err: errors.New("no monitor address: give ADDR or @name, set $" + qmp.EnvSocket +
				", name VMs in " + cfg.Path + ", or start one: qmpdash -- qemu-system-x86_64 ...")}
		}
		return cfg.VMs, nil
	}
	var vms []config.VM
	for _, arg := range args {
		name, ok := strings.CutPrefix(arg, "@")
		if !ok {
			vms = append(vms, c.configuredAt(arg, vmName(arg)))
			continue
		}
		cfg, err := c.required()
		if err != nil {
			return nil, err
		}
		vm, found := cfg.VM(name)
		if !found {
			return nil, &headless.ExitError{Code: headless.ExitUsage, Err: fmt.Errorf("no VM named %q in %s", name, cfg.Path)}
		}
		vms = append(vms, vm)
	}
	return uniqueNames(vms), nil
}

// configuredAt is the VM at addr: the configured one whose address names
// the same monitor, with its settings, else a VM called name with none. A
// configuration file that does not load configures nothing (the dashboard
// shows its errors).
func (c *configFile) configuredAt(addr, name string) config.VM {
	if vm, ok := c.settings().VMAt(addr); ok {
		vm.Address = addr
		return vm
	}
	return config.VM{Name: name, Address: addr}
}

// expandGlobs replaces each VM whose address is a glob (a local one, or
// ssh://host/run/qemu/*.sock listed over SSH) with one VM per matching
// socket, and each libvirt:///system (or libvirt+ssh://host/system) with
// one VM per running domain, named after it; the others stay as they are.
func expandGlobs(ctx context.Context, vms []config.VM, dialerFor func(config.VM) transport.Dialer) ([]config.VM, error) {
	var out []config.VM
	for _, vm := range vms {
		addrs, err := dialerFor(vm).ExpandAddresses(ctx, []string{vm.Address})
		if err != nil {
			return nil, &headless.ExitError{Code: headless.ExitConnection, Err: err}
		}
		if len(addrs) == 1 && addrs[0] == vm.Address {
			out = append(out, vm)
			continue
		}
		for _, a := range addrs {
			one := vm
			one.Name, one.Address = vmName(a), a
			out = append(out, one)
		}
	}
	return uniqueNames(out), nil
}

// libvirtFleets are the VMs whose address stands for every running domain
// of a libvirt daemon: domains started later join the dashboard.
func libvirtFleets(vms []config.VM) []config.VM {
	var out []config.VM
	for _, vm := range vms {
		if transport.IsLibvirtFleet(vm.Address) {
			out = append(out, vm)
		}
	}
	return out
}

// vmName is a short name for a VM given by address: a libvirt domain's
// name, the socket file's name without its extension (also for ssh://
// addresses), or the address itself.
func vmName(addr string) string {
	if lv, err := libvirt.Parse(addr); err == nil && lv.Domain != "" {
		return lv.Domain
	}
	path := ""
	if ssh, err := remote.ParseSSH(addr); err == nil {
		path = ssh.Path
	} else if ep, err := qmp.ParseAddress(addr); err == nil && ep.Network == "unix" {
		path = ep.Address
	}
	if path == "" {
		return addr
	}
	base := filepath.Base(path)
	if stem := strings.TrimSuffix(base, filepath.Ext(base)); stem != "" && stem != "qmp" && stem != "monitor" {
		return stem
	}
	return addr
}

// uniqueNames falls back to the address for VMs whose short names clash.
func uniqueNames(vms []config.VM) []config.VM {
	count := map[string]int{}
	for _, vm := range vms {
		count[vm.Name]++
	}
	for i, vm := range vms {
		if count[vm.Name] > 1 && vm.Name != vm.Address {
			vms[i].Name = vm.Address
		}
	}
	return vms
}

// launchName names a VM that qmpdash starts: QEMU's -name guest name if
// given ("-name web,debug-threads=on" or "-name guest=web"), else the
// program's name.
func launchName(program string, args []string) string {
	for i := 0; i+1 < len(args); i++ {
		if args[i] != "-name" && args[i] != "--name" {
			continue
		}
		first, _, _ := strings.Cut(args[i+1], ",")
		if name := strings.TrimPrefix(first, "guest="); name != "" {
			return name
		}
	}
	return filepath.Base(program)
}
