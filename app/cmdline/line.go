package cmdline

import "encoding/json"

// Kind says what a parsed line is.
type Kind int

const (
	// Empty is a blank line or a comment (first non-space character '#').
	Empty Kind = iota
	// Command is "name key=value ...": Line.Command and Line.Args.
	Command
	// RawJSON is a complete QMP message typed as JSON: Line.Raw.
	RawJSON
	// HMP is a human monitor command line: Line.HMP.
	HMP
	// Transaction is "transaction( ... )": Line.Actions and Line.Properties.
	Transaction
)

// String returns a short lower-case name, for messages.
func (k Kind) String() string {
	switch k {
	case Empty:
		return "empty"
	case Command:
		return "command"
	case RawJSON:
		return "raw JSON"
	case HMP:
		return "HMP"
	case Transaction:
		return "transaction"
	}
	return "invalid kind"
}

// ValueKind says how a value was written, which is more than its JSON type:
// a schema-aware step later needs to know, for instance, that device=1 was
// an unquoted number (and may become the string "1") while device="1" was
// explicitly a string.
type ValueKind int

const (
	// Int is an integer: 42, -7, 0x1F, 0o17, 017.
	Int ValueKind = iota
	// Float is a number with a fraction or exponent: 1.5, .5, -2e3.
	Float
	// Bool is true or false, in any letter case.
	Bool
	// Null is null or None.
	Null
	// String is a quoted string.
	String
	// Bare is an unquoted word that is not a number, boolean or null.
	Bare
	// Array is a bracketed list.
	Array
	// Object is a braced map.
	Object
)

// String returns a short lower-case name, for messages.
func (k ValueKind) String() string {
	switch k {
	case Int:
		return "integer"
	case Float:
		return "float"
	case Bool:
		return "boolean"
	case Null:
		return "null"
	case String:
		return "string"
	case Bare:
		return "bare word"
	case Array:
		return "array"
	case Object:
		return "object"
	}
	return "invalid value kind"
}

// Value is one value as typed after '='.
type Value struct {
	// Kind is how the value was written.
	Kind ValueKind
	// JSON is the value's compact canonical JSON encoding.
	JSON json.RawMessage
	// Text is the exact source text, quotes and brackets included.
	Text string
	// Pos and End are the byte offsets of Text in the line.
	Pos, End int
}

// Arg is one key=value pair.
type Arg struct {
	// Key is the key as typed, dots included.
	Key string
	// Path is Key split into its levels of nesting; it is never empty.
	Path []string
	// KeyPos is the byte offset of Key in the line.
	KeyPos int
	// Value is the value after '='.
	Value Value
}

// Action is one action of a transaction.
type Action struct {
	// Type is the action type, e.g. blockdev-snapshot-sync.
	Type string
	// TypePos is the byte offset of Type in its line. In a multi-line
	// transaction each action's offsets refer to the line it was typed on.
	TypePos int
	// Args are the action's key=value pairs, in the order typed.
	Args []Arg
}

// Line is the result of parsing one complete input line (or, for a
// multi-line transaction, the lines from "transaction(" to ")"). Only the
// fields of its Kind are set. A Line is plain data: callers may build or
// modify one, provided the invariants documented on each field hold.
type Line struct {
	// Kind says which of the fields below are set.
	Kind Kind
	// Force is set by a leading '!': the user asks to skip client-side
	// schema validation and let QEMU judge the request.
	Force bool

	// Command is the command name (Kind Command).
	Command string
	// CommandPos is the byte offset of Command in the line.
	CommandPos int
	// Args are the command's arguments in the order typed (Kind Command).
	Args []Arg
	// File is the local file to pass with the command ("<fd=PATH" or
	// "<>fd=PATH"), nil if none (Kind Command).
	File *PassFile

	// Raw is the message exactly as typed, minus surrounding spaces
	// (Kind RawJSON). It is a valid JSON object.
	Raw json.RawMessage

	// HMP is the human monitor command line (Kind HMP).
	HMP string

	// Actions are the transaction's actions (Kind Transaction).
	Actions []Action
	// Properties are the key=value pairs after the closing ')'.
	Properties []Arg
}

// Arguments returns the "arguments" member of the request the line stands
// for, or nil when it has none: the nested object built from Args for a
// command, the actions and properties of a transaction, or the command-line
// object of human-monitor-command for HMP. Raw JSON carries its own
// arguments, so it returns nil. Objects keep their keys in the order they
// were first typed. If hand-built Args repeat a key, the first one wins.
func (l *Line) Arguments() json.RawMessage {
	switch l.Kind {
	case Command:
		if len(l.Args) == 0 {
			return nil
		}
		return appendArgs(nil, l.Args)
	case Transaction:
		b := []byte(`{"actions":[`)
		for i, a := range l.Actions {
			if i > 0 {
				b = append(b, ',')
			}
			b = append(b, `{"type":`...)
			b = appendJSONString(b, a.Type)
			b = append(b, `,"data":`...)
			b = appendArgs(b, a.Args)
			b = append(b, '}')
		}
		b = append(b, ']')
		if len(l.Properties) > 0 {
			b = append(b, `,"properties":`...)
			b = appendArgs(b, l.Properties)
		}
		return append(b, '}')
	case HMP:
		b := appendJSONString([]byte(`{"command-line":`), l.HMP)
		return append(b, '}')
	}
	return nil
}

// Request returns the QMP command name and arguments the line stands for.
// For RawJSON, name is "" and args is the whole message, to be sent as is.
// For Empty both are zero.
func (l *Line) Request() (name string, args json.RawMessage) {
	switch l.Kind {
	case Command:
		return l.Command, l.Arguments()
	case Transaction:
		return "transaction", l.Arguments()
	case HMP:
		return "human-monitor-command", l.Arguments()
	case RawJSON:
		return "", l.Raw
	}
	return "", nil
}
