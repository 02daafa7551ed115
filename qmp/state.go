package qmp

import "time"

// State is where a connection is in its life.
type State int

// The states a Client passes through, in order. Closed is final.
const (
	StateConnecting State = iota
	StateNegotiating
	StateReady
	StateClosed
)

var stateNames = [...]string{"connecting", "negotiating", "ready", "closed"}

// String returns the state's lower-case name.
func (s State) String() string {
	if int(s) < len(stateNames) {
		return stateNames[s]
	}
	return "unknown"
}

// Status is a state with its time and, for StateClosed, its cause.
type Status struct {
	State State
	// Err is why the connection closed: ErrClosed after Close, else the
	// *ConnError or other failure that ended it.
	Err  error
	Time time.Time
}
