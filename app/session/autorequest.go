package session

import (
	"context"
	"encoding/json"

	"github.com/qmpdash/qmpdash/app/wirelog"
	"github.com/qmpdash/qmpdash/qmp"
)

// executeAuto runs an automatic request and returns its "return" value.
func executeAuto(ctx context.Context, c *qmp.Client, command string) (json.RawMessage, error) {
	return executeAutoWith(ctx, c, command, nil)
}

// executeAutoWith is executeAuto with arguments (a JSON object, or nil).
func executeAutoWith(ctx context.Context, c *qmp.Client, command string, args json.RawMessage) (json.RawMessage, error) {
	resp, err := c.Do(ctx, qmp.Request{Command: command, Arguments: args, ID: wirelog.NextAutoID(command)})
	if err != nil {
		return nil, err
	}
	return resp.Return, nil
}
