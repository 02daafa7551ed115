package app

// The [events] table of config.toml, optional:
//
//	[events]
//	trouble = ["*_ERROR", "WATCHDOG", "SHUTDOWN guest=false"]  # replaces DefaultTrouble

// EventsConfig is the [events] table.
type EventsConfig struct {
	// Trouble lists the events that mean trouble, in ParseTrouble's
	// syntax; nil keeps DefaultTrouble.
	Trouble []string `toml:"trouble"`
}

// checkEvents parses the trouble rules, naming the line of a bad one.
func (c *Config) checkEvents() error {
	if c.Events.Trouble == nil {
		return nil
	}
	t, err := ParseTrouble(c.Events.Trouble)
	if err != nil {
		return &ConfigError{File: c.Path, Line: tableKeyLine(c.text, "events", "trouble"), Key: "events.trouble", Msg: err.Error()}
	}
	c.trouble = t
	return nil
}

// TroubleRules returns the events that mean trouble: the [events] trouble
// list when the file has one (empty: none), else nil, which sessions read
// as NewTrouble's rules.
func (c *Config) TroubleRules() *Trouble { return c.trouble }
