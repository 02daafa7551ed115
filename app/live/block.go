package live

import (
	"encoding/json"
	"strings"
	"time"

	"github.com/tidwall/gjson"
)

// BlockView is each VM's block graph as a tree: every device, under it its
// root node, then each node's protocol child ("file") and backing image,
// and after the devices the nodes no device uses (a mirror's target).
// query-blockstats gives the tree and the I/O counters the rates come
// from, query-named-block-nodes each node's driver, file, size and dirty
// bitmaps, query-block each device's throttle group. Row actions fill the
// input line with a block command on the row's node or device.
func BlockView() *View {
	node := func(name string) Arg { return Arg{Name: name, Path: "node.node-name"} }
	throttle := []Arg{{Name: "id", Path: "dev.qdev"}}
	for _, limit := range []string{"bps", "bps_rd", "bps_wr", "iops", "iops_rd", "iops_wr"} {
		throttle = append(throttle, Arg{Name: limit, Path: "dev.inserted." + limit})
	}
	return &View{
		Name: "block", Title: "Block graph",
		Queries: []Query{
			{Command: "query-blockstats", As: "stats", Elements: blockTree},
			{Command: "query-named-block-nodes", As: "node", Key: "node-name"},
			{Command: "query-block", As: "dev", Elements: blockDevices, Optional: true},
		},
		Sampled: true,
		Columns: []Column{
			{Name: "VM", Path: "vm", Width: 10},
			{Name: "NODE", Kind: Tree, Width: 24},
			{Name: "DRIVER", Path: "node.drv", Width: 8},
			{Name: "READ", Path: "stats.stats.rd_bytes", Kind: Rate, Width: 12},
			{Name: "WRITE", Path: "stats.stats.wr_bytes", Kind: Rate, Width: 12},
			{Name: "R TREND", Path: "stats.stats.rd_bytes", Kind: Trend, Width: 10},
			{Name: "W TREND", Path: "stats.stats.wr_bytes", Kind: Trend, Width: 10},
			{Name: "R OPS", Path: "stats.stats.rd_operations", Kind: CountRate, Width: 6},
			{Name: "W OPS", Path: "stats.stats.wr_operations", Kind: CountRate, Width: 6},
			{Name: "ERR R", Path: "stats.stats.failed_rd_operations", Kind: Count, Width: 5},
			{Name: "ERR W", Path: "stats.stats.failed_wr_operations", Kind: Count, Width: 5},
			{Name: "SIZE", Path: "node.image.virtual-size", Kind: Bytes, Width: 9},
			{Name: "RO", Path: "node.ro", Width: 5},
			{Name: "CACHE", Path: "node.cache", Format: cacheMode, Width: 12},
			{Name: "BITMAPS", Path: "node.dirty-bitmaps", Format: bitmapNames, Width: 10},
			{Name: "THROTTLE", Path: "dev.inserted.group", Format: func(g gjson.Result) string { return deviceID(g.String()) }, Width: 12},
			{Name: "FILE", Path: "node.file", Width: 24},
		},
		Interval:  time.Second,
		RefreshOn: []string{"DEVICE_DELETED", "BLOCK_JOB_COMPLETED", "BLOCK_JOB_CANCELLED", "JOB_STATUS_CHANGE"},
		Actions: []Action{
			{Name: "resize", Command: "block_resize", Args: []Arg{node("node-name")}, Edit: true, Ask: "size="},
			{Name: "throttle", Command: "block_set_io_throttle", Args: throttle, Edit: true},
			{Name: "bitmap-add", Command: "block-dirty-bitmap-add", Args: []Arg{node("node")}, Edit: true, Ask: "name="},
			{Name: "bitmap-clear", Command: "block-dirty-bitmap-clear", Args: []Arg{node("node"), {Name: "name", Path: "node.dirty-bitmaps.0.name"}}, Edit: true},
			{Name: "backup", Command: "blockdev-backup", Args: []Arg{node("device")}, Edit: true, Ask: "target= sync=full"},
			{Name: "mirror", Command: "blockdev-mirror", Args: []Arg{node("device")}, Edit: true, Ask: "target= sync=full"},
		},
	}
}

// blockTree lists query-blockstats's devices, each followed by its node
// chain: the device's root node one step in, then each node's protocol
// child and backing image a step further. A device row holds only the
// device's names (its counters are its root node's, shown there).
func blockTree(reply gjson.Result) []Element {
	var out []Element
	for _, dev := range arrayOf(reply) {
		key, label := deviceKey(dev)
		names, _ := json.Marshal(map[string]string{"device": dev.Get("device").String(), "qdev": dev.Get("qdev").String()})
		out = append(out, Element{Key: key, Label: label, Raw: string(names)})
		out = appendNodes(out, dev, "", 1)
	}
	return out
}

// appendNodes appends node n (when it has a name) and its children, at
// depth; role says what n is to its parent ("file", "backing").
func appendNodes(out []Element, n gjson.Result, role string, depth int) []Element {
	name := n.Get("node-name").String()
	if name == "" {
		return out
	}
	label := name
	if role != "" {
		label += " (" + role + ")"
	}
	out = append(out, Element{Key: name, Label: label, Depth: depth, Raw: n.Raw})
	if p := n.Get("parent"); p.IsObject() {
		out = appendNodes(out, p, "file", depth+1)
	}
	if b := n.Get("backing"); b.IsObject() {
		out = appendNodes(out, b, "backing", depth+1)
	}
	return out
}

// blockDevices keys query-block's devices as blockTree keys its device
// rows.
func blockDevices(reply gjson.Result) []Element {
	var out []Element
	for _, dev := range arrayOf(reply) {
		key, label := deviceKey(dev)
		out = append(out, Element{Key: key, Label: label, Raw: dev.Raw})
	}
	return out
}

// deviceKey is a block device's row key and its label: its legacy name
// when it has one, else its qdev path, which the label shortens to the
// device's id ("/machine/peripheral/vd0/virtio-backend" → "vd0").
func deviceKey(dev gjson.Result) (key, label string) {
	if name := dev.Get("device").String(); name != "" {
		return "device:" + name, name
	}
	qdev := dev.Get("qdev").String()
	return "device:" + qdev, deviceID(qdev)
}

// deviceID shortens a device's QOM path to the id it was created with
// ("/machine/peripheral/vd0/virtio-backend" → "vd0"): a block device's
// name, and the throttle group QEMU names after it.
func deviceID(qdev string) string {
	id, ok := strings.CutPrefix(qdev, "/machine/peripheral/")
	if !ok {
		return qdev
	}
	id, _, _ = strings.Cut(id, "/")
	return id
}

// cacheMode names a node's cache flags as -drive's cache= option does.
func cacheMode(c gjson.Result) string {
	writeback, direct := c.Get("writeback").Bool(), c.Get("direct").Bool()
	switch {
	case c.Get("no-flush").Bool():
		return "unsafe"
	case writeback && direct:
		return "none"
	case writeback:
		return "writeback"
	case direct:
		return "directsync"
	}
	return "writethrough"
}

// bitmapNames joins the names of a node's dirty bitmaps ("b0,b1").
func bitmapNames(bitmaps gjson.Result) string {
	var names []string
	for _, b := range arrayOf(bitmaps) {
		names = append(names, b.Get("name").String())
	}
	return strings.Join(names, ",")
}
