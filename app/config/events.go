package config

import "github.com/qmpdash/qmpdash/app/store"

// The [events] table of config.toml, optional:
//
//	[events]
//	trouble = ["*_ERROR", "WATCHDOG", "SHUTDOWN guest=false"]  # replaces store.DefaultTrouble

// Events is the [events] table.
type Events struct {
	// Trouble lists the events that mean trouble, in
	// store.ParseTrouble's syntax; nil keeps store.DefaultTrouble.
	Trouble []string `toml:"trouble"`
}

// checkEvents parses the trouble rules, naming the line of a bad one.
func (c *Config) checkEvents() error {
	if c.Events.Trouble == nil {
		return nil
	}
	t, err := store.ParseTrouble(c.Events.Trouble)
	if err != nil {
		return &Error{File: c.Path, Line: tableKeyLine(c.text, "events", "trouble"), Key: "events.trouble", Msg: err.Error()}
	}
	c.trouble = t
	return nil
}

// TroubleRules returns the events that mean trouble: the [events] trouble
// list when the file has one (empty: none), else nil, which sessions read
// as store.NewTrouble's rules.
func (c *Config) TroubleRules() *store.Trouble { return c.trouble }
