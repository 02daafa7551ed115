package keymap

import "strings"

// Macro binds a key to command lines typed for the user: a key → command
// binding. Macros live in the Global context, so a macro on a
// non-printable key (f5, ctrl+x) works in the input line too.
type Macro struct {
	Key Key
	// Run are the command lines, sent in order, each once the one before
	// has its reply.
	Run []string
	// Targets names the VMs the lines go to: empty means the dashboard's
	// own VM, AllVMs every VM it shows.
	Targets []string
}

// AllVMs as a macro target means every VM.
const AllVMs = "all"

// MacroAction names the action of the macro on key k ("macro:f5"). The
// name cannot be rebound in [keys]: a macro's key is its identity.
func MacroAction(k Key) Action { return Action("macro:" + k.String()) }

// Binding returns the macro as an entry of the table, described by its
// command lines.
func (m Macro) Binding() Binding {
	desc := "run: " + strings.Join(m.Run, "; ")
	if len(m.Targets) > 0 {
		desc += " (on " + strings.Join(m.Targets, ", ") + ")"
	}
	mc := m
	return Binding{Action: MacroAction(m.Key), Context: Global, Keys: []Key{m.Key}, Description: desc, Group: MacroGroup, Macro: &mc}
}

// For reports whether the macro's lines go to the VM called name.
func (m Macro) For(name string) bool {
	if len(m.Targets) == 0 {
		return true
	}
	for _, t := range m.Targets {
		if t == AllVMs || t == name {
			return true
		}
	}
	return false
}
