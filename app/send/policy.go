package send

import (
	"errors"
	"fmt"
	"path"
	"strings"

	"github.com/tidwall/gjson"
)

// Policy decides what may be sent to a monitor and what needs the user's
// confirmation first. The zero value allows everything and confirms
// nothing.
type Policy struct {
	// ReadOnly allows only commands known not to change state.
	ReadOnly bool
	// Confirm lists globs of commands to confirm before sending
	// interactively; DefaultConfirm is the usual choice.
	Confirm []string
}

// DefaultConfirm names commands whose effect cannot be taken back: they end
// the VM, its devices, its storage or its place. Reversible ones such as
// stop are not here.
func DefaultConfirm() []string {
	return []string{
		"quit", "system_reset", "system_powerdown", "device_del", "blockdev-del", "object-del",
		"netdev_del", "chardev-remove", "migrate", "migrate-incoming", "block-job-cancel",
		"job-cancel", "job-dismiss", "block-export-del", "nbd-server-stop", "x-blockdev-change",
		"blockdev-snapshot-delete-internal-sync", "guest-shutdown", "guest-suspend-*",
		"guest-set-user-password", "guest-file-write", "guest-exec", "snapshot-load", "snapshot-delete",
	}
}

// readOnlySafe names commands that only read state, besides the query-*,
// x-query-* and guest-get-* families.
var readOnlySafe = map[string]bool{
	"qom-get": true, "qom-list": true, "qom-list-types": true, "qom-list-properties": true,
	"device-list-properties": true, "qmp_capabilities": true, "guest-info": true, "guest-ping": true,
	"guest-sync": true, "guest-sync-delimited": true, "guest-fsfreeze-status": true,
	"guest-network-get-interfaces": true,
}

// ErrReadOnly is wrapped by the error for a command refused in read-only
// mode.
var ErrReadOnly = errors.New("read-only mode")

// Allows reports why a command may not be sent, or nil. args is the
// arguments object (for human-monitor-command's command line).
func (p Policy) Allows(name string, args []byte) error {
	if !p.ReadOnly || ReadsOnly(name, args) {
		return nil
	}
	return fmt.Errorf("%w: %s may change the VM, so it is not sent (only query-* and other read-only commands are)", ErrReadOnly, name)
}

// ReadsOnly reports whether a command is known only to read state: the
// query-*, x-query-* and guest-get-* families, a few others, and HMP's
// info. args is the arguments object (for human-monitor-command).
func ReadsOnly(name string, args []byte) bool {
	switch {
	case strings.HasPrefix(name, "query-"), strings.HasPrefix(name, "x-query-"), strings.HasPrefix(name, "guest-get-"):
		return true
	case name == "human-monitor-command":
		return hmpCommand(args) == "info"
	}
	return readOnlySafe[name]
}

// NeedsConfirm reports whether the command is on the confirmation list.
// A transaction needs it when any of its actions does; an HMP command line
// when its QMP twin does (hmpTwins), or when it is unknown and anything at
// all is confirmed, since its effect cannot be told.
func (p Policy) NeedsConfirm(name string, args []byte) bool {
	if name == "human-monitor-command" && !p.matches(name) {
		hmp := hmpCommand(args)
		if twin, ok := hmpTwins[hmp]; ok {
			return p.matches(twin)
		}
		return hmp != "" && !hmpReadOnly[hmp] && len(p.Confirm) > 0
	}
	if name == "transaction" {
		need := false
		gjson.GetBytes(args, "actions.#.type").ForEach(func(_, t gjson.Result) bool {
			need = p.NeedsConfirm(t.String(), nil)
			return !need
		})
		return need
	}
	return p.matches(name)
}

// matches reports whether name is on the confirmation list.
func (p Policy) matches(name string) bool {
	for _, glob := range p.Confirm {
		if ok, _ := path.Match(glob, name); ok {
			return true
		}
	}
	return false
}
