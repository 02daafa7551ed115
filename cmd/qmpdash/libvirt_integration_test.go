//go:build linux

package main

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/qmpdash/qmpdash/app/config"
	"github.com/qmpdash/qmpdash/app/transport"
	"github.com/qmpdash/qmpdash/app/transport/libvirt/libvirttest"
	"github.com/qmpdash/qmpdash/views/headless"
)

func TestExecThroughLibvirt(t *testing.T) {
	privateXDG(t)
	name := libvirttest.Domain(t)
	code, out, errOut := runIn(t, "", "exec", "libvirt:///system/"+name, "query-status")
	if code != 0 || !strings.Contains(out, "running") {
		t.Fatalf("exec libvirt:///system/%s query-status: %d %q %q", name, code, out, errOut)
	}
	code, _, errOut = runIn(t, "", "exec", "libvirt:///system/"+name+"-absent", "query-status")
	if code != headless.ExitConnection || !strings.Contains(errOut, "-absent") {
		t.Errorf("exec on a domain that does not exist: %d %q", code, errOut)
	}
}

// libvirt:///system becomes one VM per running domain, named after it.
func TestLibvirtSystemListsRunningDomains(t *testing.T) {
	a, b := libvirttest.Domain(t), libvirttest.Domain(t)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	vms, err := expandGlobs(ctx, []config.VM{{Name: "libvirt:///system", Address: "libvirt:///system"}},
		func(config.VM) transport.Dialer { return transport.Dialer{} })
	if err != nil {
		t.Fatal(err)
	}
	found := map[string]string{}
	for _, vm := range vms {
		found[vm.Name] = vm.Address
	}
	for _, name := range []string{a, b} {
		if found[name] != "libvirt:///system/"+name {
			t.Errorf("domain %s: VM at %q in %v", name, found[name], vms)
		}
	}
}
