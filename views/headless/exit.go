package headless

import (
	"errors"
	"fmt"

	"github.com/qmpdash/qmpdash/app/cmdline"
	"github.com/qmpdash/qmpdash/app/send"
	"github.com/qmpdash/qmpdash/qmp"
)

// Exit codes shared by the headless commands.
const (
	ExitQMPError   = 1 // the server answered with an error
	ExitUsage      = 2 // syntax or validation error; nothing was sent
	ExitConnection = 3 // could not connect, or the connection broke
)

// ExitError carries a specific exit code; Quiet means the message was
// already printed.
type ExitError struct {
	Code  int
	Quiet bool
	Err   error
}

// Error is the wrapped error's message.
func (e *ExitError) Error() string { return e.Err.Error() }

// Unwrap returns the wrapped error.
func (e *ExitError) Unwrap() error { return e.Err }

// ExitCode is the process exit status for err, and whether its message
// was already printed: an ExitError's, else 1 and not printed.
func ExitCode(err error) (code int, quiet bool) {
	if e, ok := err.(*ExitError); ok {
		return e.Code, e.Quiet
	}
	return 1, false
}

// UsageError renders a syntax or validation error with its caret.
func UsageError(err error) error {
	var syn *cmdline.SyntaxError
	var val *send.ValidationError
	switch {
	case errors.As(err, &syn):
		return &ExitError{Code: ExitUsage, Err: fmt.Errorf("syntax error at %v\n%s", err, syn.Caret())}
	case errors.As(err, &val):
		return &ExitError{Code: ExitUsage, Err: fmt.Errorf("rejected before sending (prefix the command with '!' to send it anyway):\n%s", val.Caret())}
	}
	return &ExitError{Code: ExitUsage, Err: err}
}

// RequestError is the exit error of a request that failed. Only a lost
// connection is ExitConnection: a reply too long or unreadable fails that
// one command (the qmp client fails only the request it belonged to, as
// the dashboard shows it), and so does the server's error reply or
// giving up on the reply (gaveUp). A request refused before it was sent
// (see notSent) is a usage error.
func RequestError(c *qmp.Client, err error, gaveUp bool) error {
	var qerr *qmp.Error
	switch {
	case errors.As(err, &qerr):
		return &ExitError{Code: ExitQMPError, Err: qerr}
	case notSent(err):
		return &ExitError{Code: ExitUsage, Err: err}
	case gaveUp:
		return &ExitError{Code: ExitQMPError, Err: errors.New("no reply (timed out or interrupted); the command may still run")}
	case errors.Is(err, qmp.ErrInterrupted) || c.Err() != nil:
		return ConnectionLost(err)
	}
	return &ExitError{Code: ExitQMPError, Err: err}
}

// notSent reports whether a request failed before it was sent for a
// reason of its own: a file it passes could not be opened or cannot go
// over this connection. The connection is fine.
func notSent(err error) bool {
	return errors.Is(err, qmp.ErrFilesNeedLocalSocket) || errors.Is(err, send.ErrPassFile)
}

// ConnectionLost wraps a broken connection for exit code 3.
func ConnectionLost(err error) error {
	return &ExitError{Code: ExitConnection, Err: fmt.Errorf("connection lost: %w", err)}
}
