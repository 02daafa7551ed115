package live

import (
	"fmt"
	"strconv"
	"time"

	"github.com/tidwall/gjson"
)

// deviceInterval refreshes the device tables, which change only on
// hotplug: slower than the jobs, and at once on the hotplug events.
const deviceInterval = 2 * time.Second

// deviceEvents refresh the device tables at once.
var deviceEvents = []string{"DEVICE_DELETED", "ACPI_DEVICE_OST", "MEMORY_DEVICE_SIZE_CHANGE"}

// DeviceViews make the machine's device tables, in the order the view bar
// lists them: PCI, vCPUs, chardevs, memory devices, hotpluggable CPUs.
func DeviceViews() []func() *View {
	return []func() *View{PCIView, CPUsView, ChardevView, MemoryView, HotplugView}
}

// deviceView is a device table of query q, its rows keyed by the
// element's member at key or made by q's Elements.
func deviceView(name, title string, q Query, cols ...Column) *View {
	return &View{Name: name, Title: title, Queries: []Query{q},
		Columns: append([]Column{{Name: "VM", Path: "vm", Width: 10}}, cols...), Interval: deviceInterval, RefreshOn: deviceEvents}
}

// PCIView is query-pci as a bus tree: each bus, its devices one step in,
// a bridge's devices under it.
func PCIView() *View {
	return deviceView("pci", "PCI devices", Query{Command: "query-pci", As: "pci", Elements: pciTree},
		Column{Name: "ADDRESS", Kind: Tree, Width: 14},
		Column{Name: "ID", Path: "pci.qdev_id", Width: 14},
		Column{Name: "CLASS", Path: "pci.class_info.desc", Width: 24},
		Column{Name: "VENDOR", Path: "pci.id.vendor", Kind: Hex, Width: 7},
		Column{Name: "DEVICE", Path: "pci.id.device", Kind: Hex, Width: 7},
		Column{Name: "IRQ", Path: "pci.irq", Kind: Count, Width: 4},
		Column{Name: "BUS BEHIND", Path: "pci.pci_bridge.bus.secondary", Kind: Count, Width: 10},
	)
}

// pciTree lists each bus and, under it, its devices by address.
func pciTree(reply gjson.Result) []Element {
	var out []Element
	for _, bus := range arrayOf(reply) {
		n := bus.Get("bus").Int()
		out = append(out, Element{Key: fmt.Sprintf("bus %d", n), Label: fmt.Sprintf("bus %d", n), Raw: fmt.Sprintf(`{"bus":%d}`, n)})
		out = appendPCIDevices(out, bus.Get("devices"), 1)
	}
	return out
}

// appendPCIDevices appends devs at depth, each bridge followed by the
// devices behind it.
func appendPCIDevices(out []Element, devs gjson.Result, depth int) []Element {
	for _, d := range arrayOf(devs) {
		addr := fmt.Sprintf("%02x:%02x.%x", d.Get("bus").Int(), d.Get("slot").Int(), d.Get("function").Int())
		out = append(out, Element{Key: addr, Label: addr, Depth: depth, Raw: d.Raw})
		out = appendPCIDevices(out, d.Get("pci_bridge.devices"), depth+1)
	}
	return out
}

// CPUsView is query-cpus-fast: each vCPU with its host thread and its
// place in the topology.
func CPUsView() *View {
	return deviceView("cpus", "vCPUs", Query{Command: "query-cpus-fast", As: "cpu", Key: "cpu-index"},
		Column{Name: "CPU", Path: "cpu.cpu-index", Kind: Count, Width: 4},
		Column{Name: "HOST THREAD", Path: "cpu.thread-id", Kind: Count, Width: 11},
		Column{Name: "SOCKET", Path: "cpu.props.socket-id", Kind: Count, Width: 6},
		Column{Name: "CORE", Path: "cpu.props.core-id", Kind: Count, Width: 5},
		Column{Name: "THREAD", Path: "cpu.props.thread-id", Kind: Count, Width: 6},
		Column{Name: "TARGET", Path: "cpu.target", Width: 8},
		Column{Name: "QOM PATH", Path: "cpu.qom-path", Width: 36},
	)
}

// ChardevView is query-chardev: each character device, what it is
// connected to and whether its frontend is open.
func ChardevView() *View {
	return deviceView("chardev", "Character devices", Query{Command: "query-chardev", As: "chr", Key: "label"},
		Column{Name: "LABEL", Path: "chr.label", Width: 16},
		Column{Name: "OPEN", Path: "chr.frontend-open", Width: 5},
		Column{Name: "FILENAME", Path: "chr.filename", Width: 60},
	)
}

// MemoryView is query-memory-devices: each DIMM, NVDIMM or virtio-mem
// device with its size, address and backend.
func MemoryView() *View {
	return deviceView("memory", "Memory devices", Query{Command: "query-memory-devices", As: "mem", Elements: memoryDevices},
		Column{Name: "ID", Kind: Tree, Width: 14},
		Column{Name: "TYPE", Path: "mem.type", Width: 12},
		Column{Name: "SIZE", Path: "mem.data.size", Kind: Bytes, Width: 10},
		Column{Name: "ADDRESS", Path: "mem.data.addr", Kind: Hex, Width: 12},
		Column{Name: "SLOT", Path: "mem.data.slot", Kind: Count, Width: 4},
		Column{Name: "NODE", Path: "mem.data.node", Kind: Count, Width: 4},
		Column{Name: "MEMDEV", Path: "mem.data.memdev", Width: 20},
		Column{Name: "HOTPLUGGED", Path: "mem.data.hotplugged", Width: 10},
	)
}

// memoryDevices keys each memory device by its id, its backend when it
// has no id, else its place in the list.
func memoryDevices(reply gjson.Result) []Element {
	var out []Element
	for i, d := range arrayOf(reply) {
		key := d.Get("data.id").String()
		if key == "" {
			key = d.Get("data.memdev").String()
		}
		if key == "" {
			key = "#" + strconv.Itoa(i)
		}
		out = append(out, Element{Key: key, Label: key, Raw: d.Raw})
	}
	return out
}

// HotplugView is query-hotpluggable-cpus: each CPU slot of the topology,
// with the vCPU plugged in it, if any.
func HotplugView() *View {
	return deviceView("hotplug", "Hotpluggable CPUs", Query{Command: "query-hotpluggable-cpus", As: "slot", Elements: cpuSlots},
		Column{Name: "SLOT", Kind: Tree, Width: 18},
		Column{Name: "TYPE", Path: "slot.type", Width: 22},
		Column{Name: "VCPUS", Path: "slot.vcpus-count", Kind: Count, Width: 5},
		Column{Name: "PLUGGED AS", Path: "slot.qom-path", Width: 36},
	)
}

// cpuSlots keys each CPU slot by its place in the topology ("s0 c1 t0").
func cpuSlots(reply gjson.Result) []Element {
	var out []Element
	for _, s := range arrayOf(reply) {
		key := ""
		for _, part := range []struct{ id, short string }{{"node-id", "n"}, {"socket-id", "s"}, {"die-id", "d"}, {"cluster-id", "cl"}, {"core-id", "c"}, {"thread-id", "t"}} {
			if v := s.Get("props." + part.id); v.Exists() {
				key += " " + part.short + v.String()
			}
		}
		if key == "" {
			key = " " + s.Get("type").String()
		}
		out = append(out, Element{Key: key[1:], Label: key[1:], Raw: s.Raw})
	}
	return out
}
