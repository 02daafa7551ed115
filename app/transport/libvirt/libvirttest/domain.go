//go:build linux

package libvirttest

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
)

var serial atomic.Uint64

// domainXML is the smallest domain that boots: TCG, 64 MiB, no disk, no
// balloon, the serial port going nowhere.
const domainXML = `<domain type='qemu'>
  <name>%s</name>
  <memory unit='MiB'>64</memory>
  <os><type arch='x86_64' machine='pc'>hvm</type></os>
  <devices><serial type='null'/><memballoon model='none'/></devices>
</domain>
`

// Domain starts a transient domain with a name of its own and returns the
// name; it is destroyed when the test ends.
func Domain(t testing.TB) string {
	t.Helper()
	name, file := writeXML(t)
	Virsh(t, "create", file)
	t.Cleanup(func() { _, _ = virsh("destroy", name) })
	return name
}

// PersistentDomain defines a domain and starts it, for tests that stop
// and start it again; it is destroyed and undefined when the test ends.
func PersistentDomain(t testing.TB) string {
	t.Helper()
	name, file := writeXML(t)
	Virsh(t, "define", file)
	t.Cleanup(func() {
		_, _ = virsh("destroy", name)
		_, _ = virsh("undefine", name)
	})
	Virsh(t, "start", name)
	return name
}

// Virsh runs virsh against the system daemon and returns its output,
// failing the test when it fails.
func Virsh(t testing.TB, args ...string) string {
	t.Helper()
	out, err := virsh(args...)
	if err != nil {
		t.Fatalf("virsh %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return out
}

func virsh(args ...string) (string, error) {
	out, err := exec.Command("virsh", append([]string{"-q", "-c", "qemu:///system"}, args...)...).CombinedOutput()
	return string(out), err
}

// writeXML writes a fresh domain's XML into the test's temp dir.
func writeXML(t testing.TB) (name, file string) {
	t.Helper()
	Require(t)
	name = fmt.Sprintf("qmpdash-test-%d-%d", os.Getpid(), serial.Add(1))
	file = filepath.Join(t.TempDir(), name+".xml")
	if err := os.WriteFile(file, fmt.Appendf(nil, domainXML, name), 0o600); err != nil {
		t.Fatal(err)
	}
	return name, file
}
