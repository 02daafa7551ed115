package config

import (
	"fmt"
	"path"
	"time"

	"github.com/qmpdash/qmpdash/app/send"
)

// The safety settings of config.toml, all optional:
//
//	confirm = ["quit", "system_reset", "device_del"]  # replaces send.DefaultConfirm
//	history_secrets = true                            # keep secret-looking lines
//	[timeouts]
//	default = "30s"
//	migrate = "5m"
//	"blockdev-*" = "2m"

// checkSafety checks the confirm list and the [timeouts] table and parses
// the durations, naming the line of a bad entry.
func (c *Config) checkSafety() error {
	for i, glob := range c.Confirm {
		if _, err := path.Match(glob, ""); err != nil || glob == "" {
			return &Error{File: c.Path, Line: topKeyLine(c.text, "confirm"), Key: fmt.Sprintf("confirm[%d]", i),
				Msg: fmt.Sprintf("%q is not a command name or glob", glob)}
		}
	}
	c.timeouts = make(map[string]time.Duration, len(c.Timeouts))
	for name, text := range c.Timeouts {
		at := func(format string, args ...any) error {
			return &Error{File: c.Path, Line: tableKeyLine(c.text, "timeouts", name), Key: "timeouts." + name, Msg: fmt.Sprintf(format, args...)}
		}
		d, err := time.ParseDuration(text)
		switch {
		case err != nil:
			return at("%q is not a duration such as \"30s\" or \"5m\"", text)
		case d <= 0:
			return at("%q: a timeout must be longer than zero", text)
		}
		if _, err := path.Match(name, ""); err != nil || name == "" {
			return at("not a command name or glob")
		}
		c.timeouts[name] = d
	}
	return nil
}

// CommandTimeouts returns the [timeouts] table: its "default" entry (0 when
// absent) and the per-command entries, names or globs.
func (c *Config) CommandTimeouts() (def time.Duration, overrides map[string]time.Duration) {
	overrides = make(map[string]time.Duration, len(c.timeouts))
	for name, d := range c.timeouts {
		if name == "default" {
			def = d
			continue
		}
		overrides[name] = d
	}
	return def, overrides
}

// ConfirmList returns the commands to confirm before sending
// interactively: the confirm list when the file has one (empty confirms
// nothing), else send.DefaultConfirm.
func (c *Config) ConfirmList() []string {
	if c.Confirm == nil {
		return send.DefaultConfirm()
	}
	return c.Confirm
}
