package qmp

import "time"

// Direction says which way a wire message went.
type Direction int

// Directions of wire messages.
const (
	In Direction = iota
	Out
)

// String returns "in" or "out".
func (d Direction) String() string {
	if d == Out {
		return "out"
	}
	return "in"
}

// WireMessage is one whole message as it crossed the socket, without its line
// terminator. Data may be retained but must not be modified.
type WireMessage struct {
	Dir  Direction
	Time time.Time
	Data []byte
}
