package session

import (
	"context"
	"encoding/json"
	"sync/atomic"

	"github.com/qmpdash/qmpdash/app/wirelog"
	"github.com/qmpdash/qmpdash/qmp"
)

// autoRequests numbers the automatic requests (see wirelog.AutoID), so
// that two in flight (a keepalive during the start-up queries) never
// share an id.
var autoRequests atomic.Uint64

// executeAuto runs an automatic request and returns its "return" value.
func executeAuto(ctx context.Context, c *qmp.Client, command string) (json.RawMessage, error) {
	resp, err := c.Do(ctx, qmp.Request{Command: command, ID: wirelog.AutoID(command, autoRequests.Add(1))})
	if err != nil {
		return nil, err
	}
	return resp.Return, nil
}
