package live

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
)

// cellsOf lists each row of a one-query view after one refresh as its
// cells joined by "|".
func cellsOf(v *View, reply string) []string {
	tb := NewTable(v)
	tb.Update("vm1", []json.RawMessage{json.RawMessage(reply)}, time.Unix(1700000000, 0))
	var out []string
	for _, r := range tb.Rows() {
		texts := make([]string, 0, len(r.Cells)-1)
		for _, c := range r.Cells[1:] { // less the VM
			texts = append(texts, c.Text)
		}
		out = append(out, strings.TrimRight(strings.Join(texts, "|"), "|"))
	}
	return out
}

func expectRows(t *testing.T, name string, got, want []string) {
	t.Helper()
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("%s rows:\n%s\nwant:\n%s", name, strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestPCIViewIsABusTree(t *testing.T) {
	reply := `[{"bus": 0, "devices": [
		{"bus": 0, "slot": 0, "function": 0, "qdev_id": "", "class_info": {"desc": "Host bridge"}, "id": {"vendor": 32902, "device": 10688}},
		{"bus": 0, "slot": 2, "function": 0, "qdev_id": "rp0", "irq": 10, "class_info": {"desc": "PCI bridge"}, "id": {"vendor": 6966, "device": 12},
		 "pci_bridge": {"bus": {"number": 1, "secondary": 1}, "devices": [
			{"bus": 1, "slot": 0, "function": 0, "qdev_id": "vd0", "class_info": {"desc": "SCSI controller"}, "id": {"vendor": 6900, "device": 4161}}]}},
		{"bus": 0, "slot": 31, "function": 3, "qdev_id": "", "class_info": {"desc": "SMBus"}, "id": {"vendor": 32902, "device": 10520}}]}]`
	expectRows(t, "pci", cellsOf(PCIView(), reply), []string{
		"bus 0",
		"  00:00.0||Host bridge|0x8086|0x29c0",
		"  00:02.0|rp0|PCI bridge|0x1b36|0xc|10|1",
		"    01:00.0|vd0|SCSI controller|0x1af4|0x1041",
		"  00:1f.3||SMBus|0x8086|0x2918",
	})
}

func TestDeviceTables(t *testing.T) {
	expectRows(t, "cpus", cellsOf(CPUsView(), `[{"cpu-index": 1, "thread-id": 8250, "props": {"socket-id": 0, "core-id": 1, "thread-id": 0}, "qom-path": "/machine/unattached/device[1]", "target": "x86_64"},
		{"cpu-index": 0, "thread-id": 8248, "props": {"socket-id": 0, "core-id": 0, "thread-id": 0}, "qom-path": "/machine/unattached/device[0]", "target": "x86_64"}]`),
		[]string{"0|8248|0|0|0|x86_64|/machine/unattached/device[0]", "1|8250|0|1|0|x86_64|/machine/unattached/device[1]"})
	expectRows(t, "chardev", cellsOf(ChardevView(), `[{"label": "qga0", "frontend-open": true, "filename": "unix:/run/qga.sock,server=on"}, {"label": "evil\u001b[2J", "frontend-open": false, "filename": "x"}]`),
		[]string{`evil\x1b[2J|false|x`, "qga0|true|unix:/run/qga.sock,server=on"})
	expectRows(t, "memory", cellsOf(MemoryView(), `[{"type": "dimm", "data": {"id": "dimm1", "size": 134217728, "addr": 4294967296, "slot": 0, "node": 0, "memdev": "/objects/mem1", "hotplugged": true}},
		{"type": "virtio-mem", "data": {"memdev": "/objects/vmem0", "size": 0}}, {"type": "dimm", "data": {}}]`),
		[]string{"dimm1|dimm|128.0 MiB|0x100000000|0|0|/objects/mem1|true", "/objects/vmem0|virtio-mem|0 B||||/objects/vmem0", "#2|dimm"})
	expectRows(t, "hotplug", cellsOf(HotplugView(), `[{"props": {"socket-id": 1, "core-id": 0, "thread-id": 0}, "vcpus-count": 1, "type": "qemu64-x86_64-cpu"},
		{"props": {"socket-id": 0, "core-id": 0, "thread-id": 0}, "vcpus-count": 1, "qom-path": "/machine/unattached/device[0]", "type": "qemu64-x86_64-cpu"}]`),
		[]string{"s1 c0 t0|qemu64-x86_64-cpu|1", "s0 c0 t0|qemu64-x86_64-cpu|1|/machine/unattached/device[0]"})
	for _, view := range DeviceViews() {
		if rows := cellsOf(view(), `{}`); len(rows) != 0 {
			t.Errorf("%s: an object reply made rows %q", view().Name, rows)
		}
	}
	if rows := cellsOf(BlockView(), `{"device": "x"}`); len(rows) != 0 {
		t.Errorf("block: an object reply made rows %q", rows)
	}
	var names []string
	for _, v := range DeviceViews() {
		names = append(names, v().Name)
	}
	if got := strings.Join(names, " "); got != "pci cpus chardev memory hotplug" {
		t.Errorf("device views: %s", got)
	}
}
