package send

import (
	"path"
	"time"
)

// DefaultCommandTimeout bounds a command with no longer default.
const DefaultCommandTimeout = 30 * time.Second

// slowCommands are commands QEMU may legitimately take a while to answer:
// opening images (possibly over the network), adding devices, snapshots.
// Jobs such as migrate or drive-mirror return at once and report by event.
var slowCommands = map[string]time.Duration{
	"device_add": 2 * time.Minute, "blockdev-add": 2 * time.Minute, "blockdev-del": 2 * time.Minute,
	"blockdev-snapshot*": 2 * time.Minute, "blockdev-reopen": 2 * time.Minute, "snapshot-*": 5 * time.Minute,
	"human-monitor-command": 2 * time.Minute, "guest-fsfreeze-*": 5 * time.Minute, "guest-exec-status": time.Minute,
	"x-blockdev-*": 2 * time.Minute, "object-add": time.Minute, "netdev_add": time.Minute,
}

// Timeouts gives each command its reply deadline: an override from the
// configuration first (name or glob), then the built-in slow-command
// defaults, then Default.
type Timeouts struct {
	Default   time.Duration
	Overrides map[string]time.Duration
	// Unbounded, without a Default, lets a command no override names wait
	// for its reply as long as it takes (the shell without --timeout).
	Unbounded bool
}

// FixedTimeout gives every command the same deadline d, as a --timeout
// flag does.
func FixedTimeout(d time.Duration) Timeouts {
	return Timeouts{Overrides: map[string]time.Duration{"*": d}}
}

// For returns the deadline for a command; 0 means none (Unbounded).
func (t Timeouts) For(name string) time.Duration {
	if d, ok := lookupGlob(t.Overrides, name); ok {
		return d
	}
	if t.Unbounded && t.Default <= 0 {
		return 0
	}
	if d, ok := lookupGlob(slowCommands, name); ok {
		return d
	}
	if t.Default > 0 {
		return t.Default
	}
	return DefaultCommandTimeout
}

// lookupGlob is the deadline m gives name: its own entry, else that of the
// most specific glob that matches (the longest; of equal length, the first
// in byte order), so that overlapping globs ("block*", "blockdev-*") do
// not leave the choice to map order.
func lookupGlob(m map[string]time.Duration, name string) (time.Duration, bool) {
	if d, ok := m[name]; ok {
		return d, true
	}
	best, found := "", false
	for glob := range m {
		if ok, _ := path.Match(glob, name); ok && (!found || moreSpecific(glob, best)) {
			best, found = glob, true
		}
	}
	return m[best], found
}

// moreSpecific reports whether glob a says more about a name than glob b.
func moreSpecific(a, b string) bool {
	if len(a) != len(b) {
		return len(a) > len(b)
	}
	return a < b
}
