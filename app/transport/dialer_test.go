package transport

import (
	"context"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestAddressHost(t *testing.T) {
	tests := map[string]string{
		"/run/qemu/web1.sock":                "",
		"unix:/run/qemu/web1.sock":           "",
		"qmp.sock":                           "",
		"tcp:vm1:4444":                       "vm1",
		"10.0.0.5:4444":                      "10.0.0.5",
		"[::1]:4444":                         "::1",
		"ssh://admin@vmhost:2222/run/q.sock": "vmhost",
		"ssh://vmhost/run/qemu/*.sock":       "vmhost",
		"tls://monitor.example:4444":         "monitor.example",
		"tls://[2001:db8::1]:4444":           "2001:db8::1",
		"ssh://vmhost":                       "", // no path: not an address
		"http://vmhost/x":                    "",
	}
	for addr, want := range tests {
		if got := AddressHost(addr); got != want {
			t.Errorf("AddressHost(%q) = %q, want %q", addr, got, want)
		}
	}
}

func TestCheckAddress(t *testing.T) {
	good := []string{"/run/q.sock", "tcp:h:1", "ssh://h/run/q.sock", "ssh://u@h:22/run/*.sock", "tls://h:4444"}
	bad := []string{"", "ssh://h", "ssh:///run/q.sock", "ssh://u:pw@h/run/q.sock", "ssh://h:99999/run/q.sock",
		"tls://h", "tls://h:4444/path", "gopher://h/x"}
	for _, a := range good {
		if err := CheckAddress(a); err != nil {
			t.Errorf("CheckAddress(%q) = %v", a, err)
		}
	}
	for _, a := range bad {
		if err := CheckAddress(a); err == nil {
			t.Errorf("CheckAddress(%q) accepted it", a)
		}
	}
}

func TestExpandLocalGlobs(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"a.sock", "b.sock"} {
		ln, err := net.Listen("unix", filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		defer ln.Close()
	}
	if err := os.WriteFile(filepath.Join(dir, "c.sock"), nil, 0o600); err != nil { // not a socket
		t.Fatal(err)
	}
	got, err := Dialer{}.ExpandAddresses(context.Background(), []string{"tcp:h:1", filepath.Join(dir, "*.sock"), "ssh://h/run/q.sock"})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"tcp:h:1", filepath.Join(dir, "a.sock"), filepath.Join(dir, "b.sock"), "ssh://h/run/q.sock"}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Fatalf("ExpandAddresses = %q, want %q", got, want)
	}
	if _, err := (Dialer{}).ExpandAddresses(context.Background(), []string{filepath.Join(dir, "*.none")}); err == nil ||
		!strings.Contains(err.Error(), "no UNIX socket matches") {
		t.Fatalf("empty glob: err = %v", err)
	}
}
