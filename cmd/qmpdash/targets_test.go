package main

import (
	"context"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/qmpdash/qmpdash/app/config"
	"github.com/qmpdash/qmpdash/app/transport"
	"github.com/qmpdash/qmpdash/qmp/qmptest"
	"github.com/qmpdash/qmpdash/views/headless"
)

// withConfig points XDG_CONFIG_HOME at a directory holding text as
// qmpdash's config.toml, and clears $QMP_SOCKET.
func withConfig(t *testing.T, text string) string {
	t.Helper()
	dir := t.TempDir()
	t.Setenv("XDG_CONFIG_HOME", dir)
	t.Setenv("QMP_SOCKET", "")
	path := filepath.Join(dir, "qmpdash", "config.toml")
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

const twoVMs = `[[vm]]
name = "web1"
address = "/run/qemu/web1.sock"
[[vm]]
name = "ga"
address = "/run/qemu/web1-ga.sock"
mode = "qga"
read_only = true
`

func names(vms []config.VM) string {
	var out []string
	for _, vm := range vms {
		out = append(out, vm.Name+"="+vm.Address)
	}
	return strings.Join(out, " ")
}

func TestTargetsWithoutArgumentsOpenEveryConfiguredVM(t *testing.T) {
	withConfig(t, twoVMs)
	vms, err := newConfigFile().targets(nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := names(vms); got != "web1=/run/qemu/web1.sock ga=/run/qemu/web1-ga.sock" {
		t.Fatalf("targets = %s", got)
	}
	if vms[1].Protocol() != transport.ProtocolGuestAgent || !vms[1].ReadOnly {
		t.Fatalf("ga's mode and read_only lost: %+v", vms[1])
	}
	t.Setenv("QMP_SOCKET", "/tmp/env.sock")
	if vms, _ := newConfigFile().targets(nil); names(vms) != "/tmp/env.sock=/tmp/env.sock" {
		t.Fatalf("$QMP_SOCKET does not win over the file: %s", names(vms))
	}
}

func TestTargetsMixAddressesAndNames(t *testing.T) {
	withConfig(t, twoVMs)
	vms, err := newConfigFile().targets([]string{"/a/db.sock", "@ga", "localhost:4444", "unix:/b/qmp.sock"})
	if err != nil {
		t.Fatal(err)
	}
	want := "db=/a/db.sock ga=/run/qemu/web1-ga.sock localhost:4444=localhost:4444 unix:/b/qmp.sock=unix:/b/qmp.sock"
	if got := names(vms); got != want {
		t.Fatalf("targets = %s\nwant      %s", got, want)
	}
	vms, _ = newConfigFile().targets([]string{"/a/vm.sock", "/b/vm.sock"})
	if got := names(vms); got != "/a/vm.sock=/a/vm.sock /b/vm.sock=/b/vm.sock" {
		t.Fatalf("clashing short names not replaced by addresses: %s", got)
	}
}

func TestTargetsErrors(t *testing.T) {
	path := withConfig(t, twoVMs)
	if _, err := newConfigFile().targets([]string{"@nope"}); err == nil || !strings.Contains(err.Error(), `no VM named "nope" in `+path) {
		t.Fatalf("err = %v", err)
	}
	withConfig(t, "")
	if _, err := newConfigFile().targets(nil); err == nil || !strings.Contains(err.Error(), "qmpdash -- qemu-system-x86_64") {
		t.Fatalf("err = %v", err)
	}
	path = withConfig(t, "[[vm]]\nname = \"x\"\nadress = \"/x.sock\"\n")
	_, err := newConfigFile().targets(nil)
	if err == nil || !strings.Contains(err.Error(), path+":3:") || !strings.Contains(err.Error(), "adress") {
		t.Fatalf("a config error must name the file, line and key: %v", err)
	}
}

func TestLaunchName(t *testing.T) {
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"-m", "64", "-name", "web,debug-threads=on"}, "web"},
		{[]string{"-name", "guest=db,process=x"}, "db"},
		{[]string{"-m", "64"}, "qemu-system-x86_64"},
		{[]string{"-name"}, "qemu-system-x86_64"},
	} {
		if got := launchName("/usr/bin/qemu-system-x86_64", tt.args); got != tt.want {
			t.Errorf("launchName(%q) = %q, want %q", tt.args, got, tt.want)
		}
	}
}

func TestExpandGlobsOpensEverySocket(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"web1.sock", "web2.sock"} {
		l, err := net.Listen("unix", filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { l.Close() })
	}
	if err := os.WriteFile(filepath.Join(dir, "web3.sock"), nil, 0o600); err != nil { // not a socket
		t.Fatal(err)
	}
	vms, err := expandGlobs(context.Background(), []config.VM{{Name: "g", Address: filepath.Join(dir, "*.sock"), ReadOnly: true}, {Name: "x", Address: "/x.sock"}},
		func(config.VM) transport.Dialer { return transport.Dialer{} })
	if err != nil {
		t.Fatal(err)
	}
	want := "web1=" + filepath.Join(dir, "web1.sock") + " web2=" + filepath.Join(dir, "web2.sock") + " x=/x.sock"
	if got := names(vms); got != want || !vms[0].ReadOnly {
		t.Fatalf("expanded = %s\nwant       %s", got, want)
	}
	_, err = expandGlobs(context.Background(), []config.VM{{Address: filepath.Join(dir, "*.nothing")}}, func(config.VM) transport.Dialer { return transport.Dialer{} })
	if err == nil {
		t.Fatal("a glob matching nothing was accepted")
	}
	if got := vmName("ssh://admin@host/run/qemu/db.sock"); got != "db" {
		t.Fatalf("vmName of an ssh address = %q", got)
	}
}

func TestConfiguredVMSettingsApplyByAddress(t *testing.T) {
	srv := qmptest.NewServer(t)
	withConfig(t, "[[vm]]\nname = \"prod\"\naddress = \""+srv.Path+"\"\nmode = \"qmp\"\nread_only = true\n")
	t.Chdir(filepath.Dir(srv.Path))
	addrs := []string{srv.Path, "unix:" + srv.Path, filepath.Base(srv.Path), "./" + filepath.Base(srv.Path)}
	served := make(chan struct{})
	t.Cleanup(func() { <-served })
	go func() {
		defer close(served)
		for range addrs {
			p := srv.Accept()
			if p == nil {
				return
			}
			p.Negotiate()
			p.Serve(func(r qmptest.Request) string {
				if r.Name() == "stop" {
					t.Errorf("the server received %s", r.Line)
				}
				return qmptest.ReplyLine(r, "{}")
			})
		}
	}()
	for _, addr := range addrs {
		code, _, errOut := runCLI(t, "exec", addr, "stop")
		if code != headless.ExitUsage || !strings.Contains(errOut, "read-only mode") {
			t.Errorf("exec %s stop: exit %d, %q; want a read-only refusal", addr, code, errOut)
		}
		vms, err := newConfigFile().targets([]string{addr})
		if err != nil || len(vms) != 1 || !vms[0].ReadOnly || vms[0].Name != "prod" {
			t.Errorf("targets(%s) = %+v, %v; want the configured read-only VM", addr, vms, err)
		}
	}
}
