package qmp

import (
	"encoding/json"
	"time"
)

// Decoding recorded traffic: session logs keep the wire bytes of every
// message, and a reader of such a log wants them classified exactly the way
// the client classified them when they arrived.

// MessageKind says what a server message is.
type MessageKind int

// Kinds of server messages.
const (
	GreetingMessage MessageKind = iota
	ReturnMessage
	ErrorMessage
	EventMessage
)

// Message is one server message decoded from its wire bytes. Its byte
// slices alias the input.
type Message struct {
	Kind MessageKind
	// ID is the echoed request id of a reply, nil without one.
	ID json.RawMessage
	// Return is a success reply's "return" member.
	Return json.RawMessage
	// Error is an error reply.
	Error *Error
	// Event is an event, with Received set to the time given.
	Event Event
	// Greeting is the server's greeting.
	Greeting Greeting
}

// DecodeMessage classifies one server message as the client's reader does;
// received stamps an event. raw must not be modified afterwards. It fails
// with a *ProtocolError on anything the client would reject.
func DecodeMessage(raw []byte, received time.Time) (Message, error) {
	var names nameTable
	m, err := decode(raw, received, &names)
	if err != nil {
		return Message{}, err
	}
	out := Message{ID: m.id, Return: m.ret, Event: m.event, Greeting: m.greeting}
	switch m.kind {
	case kindGreeting:
		out.Kind = GreetingMessage
	case kindReturn:
		out.Kind = ReturnMessage
	case kindError:
		out.Kind = ErrorMessage
		out.Error = &Error{Class: m.errClass, Desc: m.errDesc, ID: m.id, Raw: m.raw}
	case kindEvent:
		out.Kind = EventMessage
	}
	return out, nil
}

// IDKey canonicalises a request id (as JSON) so that a server's echo, which
// may re-space, reorder or re-escape it, maps to the same key as the id
// that was sent. It is the key the client routes replies by.
func IDKey(raw []byte) string { return idKey(raw) }
