package config

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/qmpdash/qmpdash/app/store"
)

// The memory settings of config.toml, all optional, sizes in bytes with an
// optional K, M or G (powers of 1024; KiB, MiB, GiB too):
//
//	[limits]
//	events_bytes = "256MiB"   # each VM's event history, and the merged stream
//	replies_bytes = "256MiB"  # each VM's commands: requests and replies
//	message_bytes = "4MiB"    # longer messages are kept cut

// Limits is the [limits] table as written.
type Limits struct {
	EventsBytes  string `toml:"events_bytes"`
	RepliesBytes string `toml:"replies_bytes"`
	MessageBytes string `toml:"message_bytes"`
}

// checkLimits parses the [limits] table, naming the line of a bad entry.
func (c *Config) checkLimits() error {
	for _, e := range []struct {
		key, text string
		dst       *int64
	}{
		{"events_bytes", c.Limits.EventsBytes, &c.events.Bytes},
		{"replies_bytes", c.Limits.RepliesBytes, &c.replies.Bytes},
		{"message_bytes", c.Limits.MessageBytes, &c.messageBytes},
	} {
		if e.text == "" {
			continue
		}
		n, err := ParseSize(e.text)
		if err != nil {
			return &Error{File: c.Path, Line: tableKeyLine(c.text, "limits", e.key), Key: "limits." + e.key, Msg: err.Error()}
		}
		*e.dst = n
	}
	return nil
}

// MemoryLimits returns the bounds of the event and command histories the
// [limits] table sets; fields it leaves out are zero, the defaults.
func (c *Config) MemoryLimits() (events, commands store.Limits) {
	events, commands = c.events, c.replies
	events.MessageBytes = int(c.messageBytes)
	commands.MessageBytes = events.MessageBytes
	return events, commands
}

// sizeUnits are ParseSize's suffixes, upper case.
var sizeUnits = map[string]int64{"": 1, "B": 1, "K": 1 << 10, "KIB": 1 << 10, "M": 1 << 20, "MIB": 1 << 20, "G": 1 << 30, "GIB": 1 << 30}

// ParseSize reads a size: a whole number of bytes, optionally followed by
// K, M or G (powers of 1024; KiB, MiB and GiB are accepted too, in any
// case, and a space may come between). It must be more than zero.
func ParseSize(s string) (int64, error) {
	t := strings.ToUpper(strings.TrimSpace(s))
	i := strings.IndexFunc(t, func(r rune) bool { return r < '0' || r > '9' })
	if i < 0 {
		i = len(t)
	}
	n, err := strconv.ParseInt(t[:i], 10, 64)
	unit, ok := sizeUnits[strings.TrimSpace(t[i:])]
	if err != nil || !ok || n <= 0 || n > (1<<62)/unit {
		return 0, fmt.Errorf("%q is not a size: write bytes, or a number with K, M or G", s)
	}
	return n * unit, nil
}
