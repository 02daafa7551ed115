//go:build linux

package main

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/qmpdash/qmpdash/app/live"
	"github.com/qmpdash/qmpdash/qmp/qmptest"
)

// qcow2Disk creates a 64 MiB qcow2 image in a temp dir and returns the
// QEMU arguments giving it as the qcow2 node disk0 over the file node
// disk0-file, on a virtio-blk-pci device vd0.
func qcow2Disk(t *testing.T) []string {
	t.Helper()
	qemuImg := qmptest.Require(t, "qemu-img")
	file := filepath.Join(t.TempDir(), "disk0.qcow2")
	if out, err := exec.Command(qemuImg, "create", "-q", "-f", "qcow2", file, "64M").CombinedOutput(); err != nil {
		t.Fatalf("qemu-img create: %v\n%s", err, out)
	}
	node := fmt.Sprintf(`{"driver":"qcow2","node-name":"disk0","file":{"driver":"file","node-name":"disk0-file","filename":%q}}`, file)
	return []string{"-blockdev", node, "-device", "virtio-blk-pci,drive=disk0,id=vd0"}
}

// cell is the text of v's column name in line: where the name first
// shows in header, as wide as the column, trimmed.
func cell(v *live.View, header, line, name string) string {
	width := 0
	for _, c := range v.Columns {
		if c.Name == name {
			width = c.Width
		}
	}
	i := strings.Index(header, name)
	if i < 0 || width == 0 {
		return ""
	}
	start := len([]rune(header[:i]))
	r := []rune(line)
	if start >= len(r) {
		return ""
	}
	return strings.TrimSpace(string(r[start:min(len(r), start+width)]))
}

// TestBlockAndDevicesCommandsAgainstQEMU prints the block graph and the
// device tables of a real q35 QEMU with a qcow2 disk on vd0, in text and
// JSON, and the hotplug table of a machine that has none (an error).
func TestBlockAndDevicesCommandsAgainstQEMU(t *testing.T) {
	privateXDG(t)
	p := qmptest.QEMU(t, append([]string{"-machine", "q35", "-accel", "tcg"}, qcow2Disk(t)...)...)

	// The device, its root node one step in, the root's protocol child a
	// step further, in that order.
	code, out, errOut := runIn(t, "", "block", p.Socket)
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if code != 0 || len(lines) != 4 {
		t.Fatalf("block: code %d, stderr %q, output:\n%s", code, errOut, out)
	}
	header := lines[0]
	for i, want := range []struct{ node, driver string }{{"vd0", ""}, {"  disk0", "qcow2"}, {"    disk0-file (file)", "file"}} {
		line := lines[i+1]
		node := []rune(line)[len([]rune(header[:strings.Index(header, "NODE")])):]
		if !strings.HasPrefix(string(node), want.node+" ") && string(node) != want.node {
			t.Errorf("block row %d: NODE %q, want %q:\n%s", i, string(node), want.node, out)
		}
		if got := cell(live.BlockView(), header, line, "DRIVER"); got != want.driver {
			t.Errorf("block row %d: DRIVER %q, want %q:\n%s", i, got, want.driver, out)
		}
	}
	if got := cell(live.BlockView(), header, lines[2], "SIZE"); got != "64.0 MiB" {
		t.Errorf("disk0's SIZE %q, want 64.0 MiB:\n%s", got, out)
	}
	if got := cell(live.BlockView(), header, lines[2], "WRITE"); got != "0 B/s" {
		t.Errorf("disk0's WRITE %q on a machine that never ran, want 0 B/s:\n%s", got, out)
	}

	code, out, errOut = runIn(t, "", "block", "-o", "json", p.Socket)
	var doc struct {
		View string
		Rows []struct {
			Key, Label string
			Depth      int
			Columns    map[string]string
			Data       struct{ Node struct{ Drv string } }
		}
	}
	if code != 0 || strings.Count(out, "\n") != 1 || json.Unmarshal([]byte(out), &doc) != nil {
		t.Fatalf("block -o json: code %d, stderr %q, output %q", code, errOut, out)
	}
	wantRows := []struct {
		key, label string
		depth      int
		drv        string
	}{
		{"device:/machine/peripheral/vd0/virtio-backend", "vd0", 0, ""},
		{"disk0", "disk0", 1, "qcow2"},
		{"disk0-file", "disk0-file (file)", 2, "file"},
	}
	if doc.View != "block" || len(doc.Rows) != len(wantRows) {
		t.Fatalf("block -o json: %s", out)
	}
	for i, w := range wantRows {
		r := doc.Rows[i]
		if r.Key != w.key || r.Label != w.label || r.Depth != w.depth || r.Data.Node.Drv != w.drv || r.Columns["DRIVER"] != w.drv {
			t.Errorf("block -o json row %d: key %q label %q depth %d driver %q/%q, want %+v", i, r.Key, r.Label, r.Depth, r.Data.Node.Drv, r.Columns["DRIVER"], w)
		}
	}

	t.Run("pci", func(t *testing.T) {
		code, out, errOut := runIn(t, "", "devices", "pci", "-o", "json", p.Socket)
		var doc struct {
			Rows []struct {
				Label string
				Depth int
				Data  struct {
					PCI struct {
						Bus    *int
						QdevID string `json:"qdev_id"`
					}
				}
			}
		}
		if code != 0 || json.Unmarshal([]byte(out), &doc) != nil || len(doc.Rows) == 0 {
			t.Fatalf("devices pci -o json: code %d, stderr %q, output %q", code, errOut, out)
		}
		bus := ""
		found := false
		for _, r := range doc.Rows {
			if r.Depth == 0 {
				bus = r.Label
			}
			if r.Data.PCI.QdevID == "vd0" {
				found = r.Depth == 1 && bus == "bus 0" && r.Data.PCI.Bus != nil && *r.Data.PCI.Bus == 0 && strings.HasPrefix(r.Label, "00:")
			}
		}
		if !found {
			t.Errorf("vd0 is not a device of bus 0: %s", out)
		}
		code, out, _ = runIn(t, "", "devices", "pci", p.Socket)
		lines := strings.Split(out, "\n")
		vd0 := -1
		for i, line := range lines {
			if cell(live.PCIView(), lines[0], line, "ID") == "vd0" {
				vd0 = i
			}
		}
		if code != 0 || vd0 < 2 || cell(live.PCIView(), lines[0], lines[1], "ADDRESS") != "bus 0" ||
			!strings.HasPrefix(string([]rune(lines[vd0])[strings.Index(lines[0], "ADDRESS"):]), "  00:") {
			t.Errorf("devices pci: vd0 is not listed under bus 0, indented (code %d):\n%s", code, out)
		}
	})

	t.Run("cpus", func(t *testing.T) {
		code, out, errOut := runIn(t, "", "devices", "cpus", p.Socket)
		lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
		if code != 0 || len(lines) != 2 {
			t.Fatalf("devices cpus: code %d, stderr %q, output:\n%s", code, errOut, out)
		}
		tid, err := strconv.Atoi(cell(live.CPUsView(), lines[0], lines[1], "HOST THREAD"))
		if err != nil || tid <= 0 {
			t.Fatalf("devices cpus: the host thread is not a number: %v\n%s", err, out)
		}
		// It is a thread of that QEMU.
		if _, err := os.Stat(fmt.Sprintf("/proc/%d/task/%d", p.Cmd.Process.Pid, tid)); err != nil {
			t.Errorf("devices cpus: thread %d is not QEMU's (pid %d): %v", tid, p.Cmd.Process.Pid, err)
		}
	})

	t.Run("chardev", func(t *testing.T) {
		code, out, errOut := runIn(t, "", "devices", "chardev", p.Socket)
		lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
		if code != 0 || len(lines) != 2 || cell(live.ChardevView(), lines[0], lines[1], "LABEL") != "compat_monitor0" ||
			!strings.HasPrefix(cell(live.ChardevView(), lines[0], lines[1], "FILENAME"), "unix:") || cell(live.ChardevView(), lines[0], lines[1], "OPEN") != "true" {
			t.Fatalf("devices chardev: code %d, stderr %q, output:\n%s", code, errOut, out)
		}
		// The table cuts the long socket path; the JSON has it whole.
		code, out, _ = runIn(t, "", "devices", "chardev", "-o", "json", p.Socket)
		var doc struct {
			Rows []struct {
				Key  string
				Data struct{ Chr struct{ Filename string } }
			}
		}
		if code != 0 || json.Unmarshal([]byte(out), &doc) != nil || len(doc.Rows) != 1 || doc.Rows[0].Key != "compat_monitor0" ||
			doc.Rows[0].Data.Chr.Filename != "unix:"+p.Socket+",server=on" {
			t.Fatalf("devices chardev -o json: code %d, output %q", code, out)
		}
	})

	t.Run("memory", func(t *testing.T) {
		code, out, errOut := runIn(t, "", "devices", "memory", p.Socket)
		if code != 0 || !strings.HasPrefix(out, "VM ") || !strings.HasSuffix(out, "\n(none)\n") || strings.Count(out, "\n") != 2 {
			t.Fatalf("devices memory: code %d, stderr %q, output:\n%s", code, errOut, out)
		}
	})

	t.Run("hotplug", func(t *testing.T) {
		code, out, errOut := runIn(t, "", "devices", "hotplug", p.Socket)
		lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
		if code != 0 || len(lines) != 2 || cell(live.HotplugView(), lines[0], lines[1], "SLOT") != "s0 c0 t0" {
			t.Fatalf("devices hotplug on q35: code %d, stderr %q, output:\n%s", code, errOut, out)
		}
	})

	// A QEMU with no machine refuses query-hotpluggable-cpus: the table is
	// empty, QEMU's error follows it, and the exit status is 1, in text
	// and JSON.
	t.Run("hotplug without a machine", func(t *testing.T) {
		p := qmptest.QEMU(t)
		code, out, errOut := runIn(t, "", "devices", "hotplug", p.Socket)
		if code != 1 || !strings.Contains(out, "\n(none)\n") || !strings.Contains(out, "GenericError") ||
			!strings.Contains(out, "query-hotpluggable-cpus") {
			t.Errorf("devices hotplug: code %d, stderr %q, output:\n%s", code, errOut, out)
		}
		code, out, errOut = runIn(t, "", "devices", "hotplug", "-o", "json", p.Socket)
		var doc struct {
			View   string
			Rows   []json.RawMessage
			Errors map[string]string
		}
		if code != 1 || json.Unmarshal([]byte(out), &doc) != nil || doc.View != "hotplug" || len(doc.Rows) != 0 || len(doc.Errors) != 1 {
			t.Fatalf("devices hotplug -o json: code %d, stderr %q, output %q", code, errOut, out)
		}
		for _, msg := range doc.Errors {
			if !strings.HasPrefix(msg, "GenericError: ") {
				t.Errorf("devices hotplug -o json: error %q", msg)
			}
		}
	})
}
