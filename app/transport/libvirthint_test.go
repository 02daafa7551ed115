package transport

import (
	"context"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/qmpdash/qmpdash/qmp"
)

func TestLibvirtHintNamesTheDomain(t *testing.T) {
	for _, tt := range []struct{ addr, want string }{
		{"/var/lib/libvirt/qemu/domain-3-web/monitor.sock", "libvirt:///system/web"},
		{"unix:/var/lib/libvirt/qemu/domain-12-db-primary/monitor.sock", "libvirt:///system/db-primary"},
		{"/run/libvirt/qemu/domain-1-mail/monitor.sock", "libvirt:///system/mail"},
		{"/var/lib/libvirt/qemu/batch.monitor", "libvirt:///system/batch"},
		{"/var/lib/libvirt/qemu/odd/place.sock", "libvirt:///system/NAME"},
		{"/var/lib/libvirt/qemu/../../../tmp/vm.sock", ""},
		{"/tmp/vm.sock", ""},
		{"localhost:4444", ""},
		{"ssh://host/var/lib/libvirt/qemu/domain-3-web/monitor.sock", ""},
	} {
		got := libvirtHint(tt.addr)
		if tt.want == "" && got != "" || tt.want != "" && !strings.Contains(got, tt.want) {
			t.Errorf("libvirtHint(%q) = %q; want it to name %q", tt.addr, got, tt.want)
		}
	}
}

// TestConnectToALibvirtHeldMonitorSaysWhatToUse dials a socket laid out
// as libvirt lays out a domain's monitor, held (accepted, never greeted)
// as libvirt holds it: the error keeps its cause and names the libvirt
// address.
func TestConnectToALibvirtHeldMonitorSaysWhatToUse(t *testing.T) {
	dir := t.TempDir()
	saved := libvirtMonitorDirs
	libvirtMonitorDirs = []string{dir + "/"}
	t.Cleanup(func() { libvirtMonitorDirs = saved })
	sock := filepath.Join(dir, "domain-7-web", "monitor.sock")
	if err := os.Mkdir(filepath.Dir(sock), 0o700); err != nil {
		t.Fatal(err)
	}
	l, err := net.Listen("unix", sock)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	go func() {
		if c, err := l.Accept(); err == nil {
			defer c.Close()
			time.Sleep(3 * time.Second)
		}
	}()
	_, err = Dialer{Timeout: 500 * time.Millisecond}.Connect(context.Background(), sock, ProtocolQMP, qmp.Options{})
	if err == nil {
		t.Fatal("a monitor that never greets connected")
	}
	if msg := err.Error(); !strings.Contains(msg, "greeting") || !strings.Contains(msg, "qmpdash libvirt:///system/web") {
		t.Fatalf("error = %q; want the greeting failure and the libvirt address", msg)
	}
}
