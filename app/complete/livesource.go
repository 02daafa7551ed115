package complete

import "path"

// Source is where the current values of an argument come from: the VM's
// state rather than the schema. The schema has no type for "a node name"
// or "a job id" (they are all plain str), so which argument takes which
// source is a small hand-kept table (liveArgs), matched on the command's
// name and the argument's; its rows are checked against QEMU 7.2's schema
// in the tests.
type Source int

const (
	// NodeName is a block node's node-name (query-named-block-nodes).
	NodeName Source = iota + 1
	// BlockDevice is a block backend's device name or qdev id
	// (query-block), or a node name: the commands that take device=
	// accept either.
	BlockDevice
	// Job is a job id (query-jobs).
	Job
	// Bitmap is a dirty bitmap's name on the node given by node=, or on
	// any node when none is typed yet.
	Bitmap
	// Chardev is a character device's id (query-chardev).
	Chardev
	// QOMPath is an object's path in the QOM tree (qom-list of the parent
	// path typed so far).
	QOMPath
	// Device is a device's id (the children of /machine/peripheral).
	Device
	// FDSet is the id of a file descriptor set (query-fdsets).
	FDSet
)

// String names the source as the popup shows it.
func (s Source) String() string {
	switch s {
	case NodeName:
		return "block node"
	case BlockDevice:
		return "block device"
	case Job:
		return "job"
	case Bitmap:
		return "dirty bitmap"
	case Chardev:
		return "chardev"
	case QOMPath:
		return "QOM path"
	case Device:
		return "device"
	case FDSet:
		return "fd set"
	}
	return "invalid source"
}

// liveArg says that the argument arg of the commands matching the pattern
// command (path.Match syntax) takes values of source.
type liveArg struct {
	command, arg string
	source       Source
}

// liveArgs is the table of arguments completed from live values. Names of
// things being created (blockdev-add node-name=, chardev-add id=, job-id=)
// are not in it: no existing value fits them. Neither are arguments that
// take a file name (drive-backup target=, block-commit base=).
var liveArgs = []liveArg{
	// Jobs: block-job-* name theirs device= or id=. Before block*, which
	// would take block-job-* device= for a block device.
	{"job-*", "id", Job},
	{"block-job-*", "device", Job},
	{"block-job-*", "id", Job},
	// Existing nodes.
	{"blockdev-backup", "target", NodeName},
	{"blockdev-mirror", "target", NodeName},
	{"blockdev-snapshot", "node", NodeName},
	{"blockdev-snapshot", "overlay", NodeName},
	{"block-commit", "base-node", NodeName},
	{"block-commit", "top-node", NodeName},
	{"block-stream", "base-node", NodeName},
	{"blockdev-insert-medium", "node-name", NodeName},
	{"block_resize", "node-name", NodeName},
	{"blockdev-snapshot-sync", "node-name", NodeName},
	{"blockdev-del", "node-name", NodeName},
	{"x-blockdev-amend", "node-name", NodeName},
	{"block-set-write-threshold", "node-name", NodeName},
	{"x-blockdev-set-iothread", "node-name", NodeName},
	{"block-export-add", "node-name", NodeName},
	{"x-blockdev-change", "parent", NodeName},
	{"x-blockdev-change", "node", NodeName},
	{"block-dirty-bitmap-*", "node", NodeName},
	{"x-debug-block-dirty-bitmap-sha256", "node", NodeName},
	// Devices (or nodes) of the block commands.
	{"block*", "device", BlockDevice},
	{"drive-*", "device", BlockDevice},
	{"eject", "device", BlockDevice},
	{"change-backing-file", "device", BlockDevice},
	{"nbd-server-add", "device", BlockDevice},
	{"eject", "id", BlockDevice},
	{"blockdev-*-tray", "id", BlockDevice},
	{"blockdev-*-medium", "id", BlockDevice},
	{"block_set_io_throttle", "id", BlockDevice},
	{"block-latency-histogram-set", "id", BlockDevice},
	// Bitmaps of the node typed as node=.
	{"block-dirty-bitmap-remove", "name", Bitmap},
	{"block-dirty-bitmap-clear", "name", Bitmap},
	{"block-dirty-bitmap-enable", "name", Bitmap},
	{"block-dirty-bitmap-disable", "name", Bitmap},
	{"block-dirty-bitmap-merge", "target", Bitmap},
	{"x-debug-block-dirty-bitmap-sha256", "name", Bitmap},
	// Character devices.
	{"chardev-change", "id", Chardev},
	{"chardev-remove", "id", Chardev},
	{"chardev-send-break", "id", Chardev},
	{"ringbuf-*", "device", Chardev},
	// Devices by id, fd sets by number.
	{"device_del", "id", Device},
	{"remove-fd", "fdset-id", FDSet},
	{"add-fd", "fdset-id", FDSet},
	// QOM.
	{"qom-list", "path", QOMPath},
	{"qom-get", "path", QOMPath},
	{"qom-set", "path", QOMPath},
}

// SourceOf returns where the values of command's top-level argument arg
// come from; ok is false for an argument the table does not name. The
// first matching row wins.
func SourceOf(command, arg string) (Source, bool) {
	for _, r := range liveArgs {
		if r.arg != arg {
			continue
		}
		if m, _ := path.Match(r.command, command); m {
			return r.source, true
		}
	}
	return 0, false
}
