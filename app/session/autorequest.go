package session

import (
	"context"
	"encoding/json"
	"sync/atomic"

	"github.com/qmpdash/qmpdash/app/send"
	"github.com/qmpdash/qmpdash/app/wirelog"
	"github.com/qmpdash/qmpdash/qmp"
)

// autoRequests numbers the automatic requests (see wirelog.AutoID), so
// that two in flight (a keepalive during the start-up queries) never
// share an id.
var autoRequests atomic.Uint64

// executeAuto runs an automatic request and returns its "return" value.
func executeAuto(ctx context.Context, c *qmp.Client, command string) (json.RawMessage, error) {
	return executeAutoWith(ctx, c, command, nil)
}

// executeAutoWith is executeAuto with arguments (a JSON object, or nil).
func executeAutoWith(ctx context.Context, c *qmp.Client, command string, args json.RawMessage) (json.RawMessage, error) {
	req := qmp.Request{Command: command, Arguments: args, ID: wirelog.AutoID(command, autoRequests.Add(1))}
	resp, err := c.Do(ctx, req)
	if err != nil {
		return nil, err
	}
	return resp.Return, nil
}

// Query sends command with args (a JSON object, or nil) as an automatic
// request, as the completion of live values does (app/livevalues): it is
// in the session log with an auto: id but never in the command log. It
// returns the "return" value, or send.ErrNotConnected at once while there
// is no connection; ctx bounds the wait. Safe for concurrent use; it
// waits on the network, so never call it on the UI goroutine.
func (s *Session) Query(ctx context.Context, command string, args json.RawMessage) (json.RawMessage, error) {
	s.mu.Lock()
	c := s.client
	s.mu.Unlock()
	if c == nil {
		return nil, send.ErrNotConnected
	}
	return executeAutoWith(ctx, c, command, args)
}

// Connected reports whether the monitor is connected now.
func (s *Session) Connected() bool { return s.State().Conn == qmp.StateReady }
