package main

import (
	"errors"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/qmpdash/qmpdash/app"
	"github.com/qmpdash/qmpdash/qmp"
)

// targets resolves the dashboard's ADDR arguments, each a monitor address
// or "@name" from the configuration file. Without any: $QMP_SOCKET, else
// every configured VM. VMs given by address are named after their socket
// file ("/run/qemu/web1.sock" is web1), or their address when names clash.
func targets(args []string) ([]app.VMConfig, error) {
	if len(args) == 0 {
		if a := qmp.DefaultAddress(); a != "" {
			return []app.VMConfig{{Name: a, Address: a}}, nil
		}
	}
	var cfg *app.Config
	loadConfig := func() error {
		if cfg != nil {
			return nil
		}
		c, err := app.LoadConfig(app.DefaultConfigPath())
		if err != nil {
			return &exitError{code: exitUsage, err: err}
		}
		cfg = c
		return nil
	}
	if len(args) == 0 {
		if err := loadConfig(); err != nil {
			return nil, err
		}
		if len(cfg.VMs) == 0 {
			return nil, &exitError{code: exitUsage, err: errors.New("no monitor address: give ADDR or @name, set $" + qmp.EnvSocket +
				", name VMs in " + cfg.Path + ", or start one: qmpdash -- qemu-system-x86_64 ...")}
		}
		return cfg.VMs, nil
	}
	var vms []app.VMConfig
	for _, arg := range args {
		name, ok := strings.CutPrefix(arg, "@")
		if !ok {
			vms = append(vms, app.VMConfig{Name: vmName(arg), Address: arg})
			continue
		}
		if err := loadConfig(); err != nil {
			return nil, err
		}
		vm, found := cfg.VM(name)
		if !found {
			return nil, &exitError{code: exitUsage, err: fmt.Errorf("no VM named %q in %s", name, cfg.Path)}
		}
		vms = append(vms, vm)
	}
	return uniqueNames(vms), nil
}

// vmName is a short name for a VM given by address: the socket file's
// name without its extension, or the address itself.
func vmName(addr string) string {
	ep, err := qmp.ParseAddress(addr)
	if err != nil || ep.Network != "unix" {
		return addr
	}
	base := filepath.Base(ep.Address)
	if stem := strings.TrimSuffix(base, filepath.Ext(base)); stem != "" && stem != "qmp" && stem != "monitor" {
		return stem
	}
	return addr
}

// uniqueNames falls back to the address for VMs whose short names clash.
func uniqueNames(vms []app.VMConfig) []app.VMConfig {
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
