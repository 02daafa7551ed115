package docs

import (
	"slices"
	"strings"
)

// Schema is the model of what one monitor accepts: its commands, their
// argument and return types, and its events. Build it with ParseSchema,
// SchemaFromCommandList or SchemaFromGuestInfo. A Schema is immutable once
// built and safe for concurrent use; the values it hands out (commands,
// events, types) are shared and must not be modified.
type Schema struct {
	commands     map[string]*Command
	events       map[string]*Event
	sorted       []*Command
	sortedEvents []*Event
	introspected bool
}

// Command describes one command of the monitor.
type Command struct {
	Name string
	// Args is the argument type, an object for every QEMU so far. Nil
	// means the arguments are unknown (the schema came from a fallback),
	// not that the command takes none: those have an empty object.
	Args *Type
	// Returns is the type of the "return" value; nil when unknown.
	Returns *Type
	// AllowOOB reports whether the command may be run out of band.
	AllowOOB bool
	// Features are the schema's feature names, e.g. FeatureDeprecated.
	Features []string
	// Enabled is false only for guest agent commands the agent was told
	// to refuse; QEMU's own monitors list enabled commands only.
	Enabled bool
	// SuccessResponse is false only for guest agent commands that send no
	// reply when they succeed (e.g. guest-shutdown).
	SuccessResponse bool
}

// Event describes one event the monitor may emit.
type Event struct {
	Name string
	// Data is the type of the event's "data" member.
	Data *Type
	// Features are the schema's feature names, e.g. FeatureDeprecated.
	Features []string
}

// newSchema builds a Schema from its commands and events, sorting them
// once so the listing methods need not.
func newSchema(commands map[string]*Command, events map[string]*Event, introspected bool) *Schema {
	s := &Schema{commands: commands, events: events, introspected: introspected}
	for _, c := range commands {
		s.sorted = append(s.sorted, c)
	}
	slices.SortFunc(s.sorted, func(a, b *Command) int { return strings.Compare(a.Name, b.Name) })
	for _, e := range events {
		s.sortedEvents = append(s.sortedEvents, e)
	}
	slices.SortFunc(s.sortedEvents, func(a, b *Event) int { return strings.Compare(a.Name, b.Name) })
	return s
}

// Command returns the command called name, or nil if the monitor has none.
func (s *Schema) Command(name string) *Command {
	return s.commands[name]
}

// Event returns the event called name, or nil if the monitor has none.
func (s *Schema) Event(name string) *Event {
	return s.events[name]
}

// Commands returns every command sorted by name, in a new slice.
func (s *Schema) Commands() []*Command {
	return slices.Clone(s.sorted)
}

// Events returns every event sorted by name, in a new slice. Fallback
// schemas have none.
func (s *Schema) Events() []*Event {
	return slices.Clone(s.sortedEvents)
}

// Introspected reports whether the schema came from query-qmp-schema and so
// knows argument types and events. It is false for the fallbacks.
func (s *Schema) Introspected() bool {
	return s.introspected
}
