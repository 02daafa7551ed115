package send

import (
	"strings"

	"github.com/tidwall/gjson"
)

// hmpTwins maps HMP command names (and their short aliases) to the QMP
// command whose confirmation decision they share, so that `hmp quit` asks
// exactly when `quit` does. savevm shares snapshot-delete's: it replaces a
// snapshot of the same name without asking. HMP commands missing here and
// not in hmpReadOnly are unknown: they ask whenever any command would (see
// Policy.NeedsConfirm).
var hmpTwins = map[string]string{
	"quit": "quit", "q": "quit",
	"system_reset": "system_reset", "system_powerdown": "system_powerdown", "system_wakeup": "system_wakeup",
	"stop": "stop", "cont": "cont", "c": "cont",
	"device_add": "device_add", "device_del": "device_del",
	"drive_add": "blockdev-add", "drive_del": "blockdev-del",
	"netdev_add": "netdev_add", "netdev_del": "netdev_del",
	"object_add": "object-add", "object_del": "object-del",
	"chardev-add": "chardev-add", "chardev-change": "chardev-change", "chardev-remove": "chardev-remove",
	"migrate": "migrate", "migrate_incoming": "migrate-incoming", "migrate_cancel": "migrate_cancel",
	"migrate_continue": "migrate-continue", "migrate_pause": "migrate-pause", "migrate_recover": "migrate-recover",
	"migrate_set_parameter": "migrate-set-parameters", "migrate_set_capability": "migrate-set-capabilities",
	"block_resize": "block_resize", "block_stream": "block-stream", "block_set_io_throttle": "block_set_io_throttle",
	"block_job_cancel": "block-job-cancel", "block_job_complete": "block-job-complete",
	"block_job_pause": "block-job-pause", "block_job_resume": "block-job-resume",
	"block_job_set_speed": "block-job-set-speed", "drive_mirror": "drive-mirror", "drive_backup": "drive-backup",
	"commit": "block-commit", "eject": "eject", "change": "blockdev-change-medium",
	"snapshot_blkdev": "blockdev-snapshot-sync", "snapshot_blkdev_internal": "blockdev-snapshot-internal-sync",
	"snapshot_delete_blkdev_internal": "blockdev-snapshot-delete-internal-sync",
	"savevm":                          "snapshot-delete", "loadvm": "snapshot-load", "delvm": "snapshot-delete",
	"nbd_server_start": "nbd-server-start", "nbd_server_add": "nbd-server-add",
	"nbd_server_remove": "nbd-server-remove", "nbd_server_stop": "nbd-server-stop",
	"balloon": "balloon", "nmi": "inject-nmi", "sendkey": "send-key", "screendump": "screendump",
	"memsave": "memsave", "pmemsave": "pmemsave", "dump-guest-memory": "dump-guest-memory",
	"set_link": "set_link", "qom-set": "qom-set", "qom-get": "qom-get", "qom-list": "qom-list",
	"set_password": "set_password", "expire_password": "expire_password", "announce_self": "announce-self",
	"watchdog_action": "watchdog-set-action", "trace-event": "trace-event-set-state",
	"getfd": "getfd", "closefd": "closefd",
}

// hmpReadOnly are the HMP commands that only show state and never ask.
// Read-only mode sends only info (see ReadsOnly).
var hmpReadOnly = map[string]bool{"info": true, "help": true, "?": true}

// hmpCommand is the command name of a human-monitor-command's arguments:
// the first word of its command line.
func hmpCommand(args []byte) string {
	f := strings.Fields(gjson.GetBytes(args, "command-line").String())
	if len(f) == 0 {
		return ""
	}
	return f[0]
}
