//go:build linux

package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/qmpdash/qmpdash/app/transport/remote/tlstest"
	"github.com/qmpdash/qmpdash/views/headless"
)

func TestTLSFlagsAndConfigKeys(t *testing.T) {
	privateXDG(t)
	cfgDir := filepath.Join(t.TempDir(), "config")
	t.Setenv("XDG_CONFIG_HOME", cfgDir)
	addr, files := tlstest.QEMU(t)
	flags := []string{"--tls-ca", files.CA, "--tls-cert", files.Cert, "--tls-key", files.Key}
	if code, out, errOut := runIn(t, "", append(append([]string{"exec"}, flags...), addr, "query-status")...); code != 0 || !strings.Contains(out, "prelaunch") {
		t.Fatalf("exec with --tls-*: %d %q %q", code, out, errOut)
	}
	if code, _, errOut := runIn(t, "", "exec", addr, "query-status"); code != headless.ExitConnection || !strings.Contains(errOut, "not signed by a CA in the system's roots") {
		t.Fatalf("exec without --tls-ca: %d %q", code, errOut)
	}

	if err := os.MkdirAll(filepath.Join(cfgDir, "qmpdash"), 0o700); err != nil {
		t.Fatal(err)
	}
	conf := "[[vm]]\nname = \"secure\"\naddress = \"" + addr + "\"\nmode = \"qmp\"\n" +
		"tls_ca = \"" + files.CA + "\"\ntls_cert = \"" + files.Cert + "\"\ntls_key = \"" + files.Key + "\"\n"
	if err := os.WriteFile(filepath.Join(cfgDir, "qmpdash", "config.toml"), []byte(conf), 0o600); err != nil {
		t.Fatal(err)
	}
	if code, out, errOut := runIn(t, "query-status\n", "shell", "@secure"); code != 0 || !strings.Contains(out, "prelaunch") {
		t.Fatalf("shell @secure: %d %q %q", code, out, errOut)
	}
	// A flag wins over the VM's key of the same name; the others still apply.
	code, _, errOut := runIn(t, "", "exec", "--tls-server-name", "vm.example", "@secure", "query-status")
	if code != headless.ExitConnection || !strings.Contains(errOut, `not valid for the name "vm.example"`) {
		t.Fatalf("--tls-server-name over the config: %d %q", code, errOut)
	}
}
