package session

import (
	"context"
	"encoding/json"
	"time"

	"github.com/qmpdash/qmpdash/app/send"
)

// Poll sends a query for a live view (see app/live) or for completion's
// live values (app/livevalues), with args (a JSON object, or nil), as
// an automatic request and returns its "return" value;
// send.ErrNotConnected while there is no connection. It waits at most the keepalive period (the command
// timeout when keepalive is off), and silence that long shows the server
// as not responding, as a keepalive probe would: a session that a view
// polls sends no probes of its own meanwhile. Safe for concurrent use.
func (s *Session) Poll(ctx context.Context, command string, args json.RawMessage) (json.RawMessage, error) {
	s.mu.Lock()
	c := s.client
	s.mu.Unlock()
	if c == nil {
		return nil, send.ErrNotConnected
	}
	s.lastPoll.Store(time.Now().UnixNano())
	timeout := s.cfg.Keepalive
	if timeout == 0 {
		timeout = DefaultKeepalive
	}
	if timeout < 0 {
		timeout = s.cfg.CommandTimeout
	}
	return s.watchedRequest(ctx, c, command, args, timeout)
}

// polledWithin reports whether a live view polled the session in the last
// d: its polls then stand in for the keepalive probes.
func (s *Session) polledWithin(d time.Duration) bool {
	return time.Since(time.Unix(0, s.lastPoll.Load())) < d
}
