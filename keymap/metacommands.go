package keymap

import "strings"

// MetaCommand is one dashboard command of the input line, a line typed
// with a leading ':' that is for the dashboard and never sent to a
// monitor. The table drives their dispatch (views binds a handler to each
// name), the completion of their names, the help and docs/keys.md.
type MetaCommand struct {
	// Name is typed after the ':'.
	Name string
	// Args is the argument synopsis, "" for none: "NAME", "[FILTER]".
	Args string
	// Description says what it does, in one line.
	Description string
	// NameArg says the argument is a command or event name, completed as
	// one.
	NameArg bool
	// IntervalArg says an interval may come before that name (":watch 2s
	// query-status"): a first word that starts with a digit is skipped.
	IntervalArg bool
	// LoggedArg says the argument is the name of a command in the focused
	// VM's command log, completed from the names the log holds.
	LoggedArg bool
}

// MetaCommands returns the dashboard commands in the order the help lists
// them, in a new slice.
func MetaCommands() []MetaCommand {
	return []MetaCommand{
		{Name: "doc", Args: "[NAME]", Description: "documentation of a command, event or type; without NAME, search it", NameArg: true},
		{Name: "keys", Args: "[FILTER]", Description: "every action and macro with its keys: search, rebind, record macros"},
		{Name: "open", Args: "ADDR [as NAME]", Description: "add a VM by monitor address"},
		{Name: "close", Args: "[NAME]", Description: "remove a VM (the focused one without NAME)"},
		{Name: "vm", Args: "NAME", Description: "focus a VM"},
		{Name: "replay", Args: "FILE|stop", Description: "send a session log's or script's commands to the focused VM, in the background; stop ends it"},
		{Name: "save", Args: "FILE", Description: "write the focused VM's history as a session log"},
		{Name: "watch", Args: "[INTERVAL] [COMMAND]", Description: "pin a read-only command as a live view refreshed every INTERVAL (2s); without COMMAND, list the watches", NameArg: true, IntervalArg: true},
		{Name: "latency", Args: "NAME", Description: "latency histogram of the commands NAME the focused VM's command log holds", LoggedArg: true},
		{Name: "qom", Args: "[PATH]", Description: "QOM browser of the focused VM, opened at PATH (default /)"},
		{Name: "views", Description: "the live views (jobs, migration, block, devices, watches) with their keys; Enter opens one"},
	}
}

// MetaUsage is the one-line synopsis of every dashboard command, as the
// input line's hint shows it.
func MetaUsage() string {
	parts := make([]string, 0, len(MetaCommands()))
	for _, m := range MetaCommands() {
		parts = append(parts, strings.TrimSpace(":"+m.Name+" "+m.Args))
	}
	return strings.Join(parts, " · ")
}
