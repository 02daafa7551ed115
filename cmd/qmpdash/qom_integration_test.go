//go:build linux

package main

import (
	"context"
	"encoding/json"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/qmpdash/qmpdash/qmp/qmptest"
)

// TestQOMCommandQ35 prints /machine/peripheral of a real q35 machine two
// levels down: nic0 with its type, its MAC address and its bus link.
func TestQOMCommandQ35(t *testing.T) {
	p := qmptest.QEMU(t, "-machine", "q35", "-accel", "tcg", "-device", "virtio-net-pci,id=nic0")
	code, out, errOut := runCLI(t, "qom", p.Socket, "/machine/peripheral", "--depth", "2")
	if code != 0 {
		t.Fatalf("code %d, stderr %q", code, errOut)
	}
	for _, want := range []string{
		"/machine/peripheral  child<container>\n",
		"\n  nic0  child<virtio-net-pci>\n",
		"\n    mac  str = \"52:54:00:12:34:56\"\n",
		"\n    parent_bus  link<bus> = \"/machine/q35/pcie.0\"\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	code, out, errOut = runCLI(t, "qom", p.Socket, "/machine/peripheral/nic0", "-o", "json")
	var doc struct {
		Path     string
		Children []struct {
			Path, Type string
			Value      json.RawMessage
		}
	}
	if code != 0 || json.Unmarshal([]byte(out), &doc) != nil {
		t.Fatalf("-o json: code %d, stderr %q, output %q", code, errOut, out)
	}
	found := false
	for _, c := range doc.Children {
		if c.Path == "/machine/peripheral/nic0/mac" && c.Type == "str" && string(c.Value) == `"52:54:00:12:34:56"` {
			found = true
		}
	}
	if doc.Path != "/machine/peripheral/nic0" || !found {
		t.Errorf("-o json lacks nic0's mac: %s", out)
	}
}

// TestQOMCommandMachineNone prints the root of a QEMU with no machine by
// default, and fails as documented on a bad path and a bad depth.
func TestQOMCommandMachineNone(t *testing.T) {
	p := qmptest.QEMU(t)
	code, out, errOut := runCLI(t, "qom", p.Socket)
	if code != 0 || !strings.HasPrefix(out, "/\n") || !strings.Contains(out, "\n  machine  child<none-machine>\n") ||
		!strings.Contains(out, "\n  type  string = \"container\"\n") {
		t.Fatalf("code %d, stderr %q, output:\n%s", code, errOut, out)
	}
	if code, _, errOut := runCLI(t, "qom", p.Socket, "/machine/nowhere"); code != 1 || !strings.Contains(errOut, "/machine/nowhere") {
		t.Errorf("a missing path: code %d, stderr %q", code, errOut)
	}
	if code, _, _ := runCLI(t, "qom", p.Socket, "--depth", "0"); code != 2 {
		t.Errorf("--depth 0: code %d, want 2", code)
	}
}

// TestQOMCommandIntoHead pipes a deep tree (more than a pipe's buffer)
// into head: the command ends normally, with nothing on stderr.
func TestQOMCommandIntoHead(t *testing.T) {
	p := qmptest.QEMU(t, "-machine", "q35", "-accel", "tcg")
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	sh := exec.CommandContext(ctx, "bash", "-c", `"$0" qom "$1" /machine --depth 4 | head -n 2 >/dev/null; echo "status ${PIPESTATUS[0]}"`, binary(t), p.Socket)
	out, err := sh.CombinedOutput()
	if err != nil || strings.TrimSpace(string(out)) != "status 0" {
		t.Fatalf("qom | head: %v, output %q", err, out)
	}
}
