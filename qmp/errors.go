package qmp

import (
	"encoding/json"
	"errors"
	"fmt"
)

// ErrClosed is the cause reported after Close was called.
var ErrClosed = errors.New("qmp: client closed")

// ErrNotReady is returned by requests made before negotiation finished.
var ErrNotReady = errors.New("qmp: connection is not ready")

// ErrFilesNeedLocalSocket refuses a request carrying files on a connection
// that cannot pass them (TCP, TLS, SSH); nothing was sent.
var ErrFilesNeedLocalSocket = errors.New("file descriptors can only be passed over a local UNIX socket, not over TCP, TLS or SSH")

// Error is an error reply from the server: {"error": {"class", "desc"}}.
type Error struct {
	// Class is QMP's error class, such as "GenericError" or "CommandNotFound".
	Class string
	// Desc is the human-readable description.
	Desc string
	// ID is the request id echoed by the server, nil when it sent none.
	ID json.RawMessage
	// Raw is the reply as received, without its line end.
	Raw []byte
}

// Error implements error.
func (e *Error) Error() string { return e.Class + ": " + e.Desc }

// ConnError is a failure of the connection itself: dialing, reading,
// writing, or a handshake that did not complete. It wraps its cause.
type ConnError struct {
	// Op is what failed: "dial", "read", "write", "greeting", "negotiate", "sync".
	Op string
	// Addr is the endpoint.
	Addr string
	// Err is the cause.
	Err error
}

// Error implements error.
func (e *ConnError) Error() string {
	return fmt.Sprintf("qmp: %s %s: %v", e.Op, e.Addr, e.Err)
}

// Unwrap returns the cause.
func (e *ConnError) Unwrap() error { return e.Err }

// LineTooLongError reports a message longer than Options.MaxLineSize. The
// message was skipped; Size counts its bytes.
type LineTooLongError struct {
	Size  int64
	Limit int
}

// Error implements error.
func (e *LineTooLongError) Error() string {
	return fmt.Sprintf("qmp: message of %d bytes exceeds the line limit of %d bytes", e.Size, e.Limit)
}

// ProtocolError reports a message that breaks the protocol: invalid JSON, a
// non-object, an id-less error that cannot be attributed, a reply for an
// unknown id. The connection stays up.
type ProtocolError struct {
	// Msg says what was wrong.
	Msg string
	// Raw is the offending message, possibly truncated.
	Raw []byte
}

// Error implements error.
func (e *ProtocolError) Error() string { return "qmp: protocol error: " + e.Msg }

// UnreadableReplyError fails the one request in flight when a message
// arrives that cannot be read (invalid JSON, nested too deep, not a QMP
// message): with a single request on the wire the message must have been
// its reply. The connection stays up, and should a genuine reply follow it
// goes to Options.OnLateReply.
type UnreadableReplyError struct {
	// Cause says what was wrong with the message.
	Cause *ProtocolError
}

// Error implements error.
func (e *UnreadableReplyError) Error() string {
	return "qmp: the reply could not be read: " + e.Cause.Msg
}

// Unwrap returns the cause.
func (e *UnreadableReplyError) Unwrap() error { return e.Cause }
