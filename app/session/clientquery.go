package session

import (
	"context"
	"encoding/json"

	"github.com/qmpdash/qmpdash/qmp"
)

// ClientQuerier sends automatic requests on a bare client, as Query does
// on a session's: for the headless commands, which hold no session.
type ClientQuerier struct {
	// Client is the connection; the caller closes it.
	Client *qmp.Client
}

// Query sends command with args (a JSON object, or nil) with an auto: id
// and returns its "return" value; ctx bounds the wait.
func (q ClientQuerier) Query(ctx context.Context, command string, args json.RawMessage) (json.RawMessage, error) {
	return executeAutoWith(ctx, q.Client, command, args)
}
