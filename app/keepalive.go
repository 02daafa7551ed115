package app

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/qmpdash/qmpdash/qmp"
	"github.com/tidwall/gjson"
)

// DefaultKeepalive is how long a connection may stay silent before the
// session checks that the server still answers.
const DefaultKeepalive = 5 * time.Second

// tap sees every wire message: a message from the server means it is
// alive; the configured tap (the session log) gets them all.
func (s *Session) tap(m qmp.WireMessage) {
	if m.Dir == qmp.In {
		s.heard(m.Time)
	}
	if s.cfg.Tap != nil {
		s.cfg.Tap(m)
	}
	if s.cfg.Log != nil {
		s.cfg.Log.Tap(m)
	}
}

// heard notes that the server sent something and clears "not responding".
func (s *Session) heard(at time.Time) {
	s.lastHeard.Store(at.UnixNano())
	if s.stalled.CompareAndSwap(true, false) {
		s.update(func(st *SessionState) { st.NotResponding = false })
		s.mark("responding", "")
		s.Notices.Add(Info, "responding again")
	}
}

// markStalled flags the server as not answering, once until it answers;
// why says so in the messages, unless the caller already told the user.
func (s *Session) markStalled(why string) {
	if s.stalled.CompareAndSwap(false, true) {
		s.update(func(st *SessionState) { st.NotResponding = true })
		s.mark("not-responding", why)
		if why != "" {
			s.Notices.Add(Failure, "not responding: "+why)
		}
	}
}

// keepalive asks a silent server something cheap (query-status, or
// guest-ping for the guest agent) so that a hung QEMU shows as not
// responding even when the user sends nothing; the answer also refreshes
// the run state. It ends with the connection.
func (s *Session) keepalive(ctx context.Context, c *qmp.Client) {
	every := s.cfg.Keepalive
	if every == 0 {
		every = DefaultKeepalive
	}
	if every < 0 {
		return
	}
	s.lastHeard.Store(time.Now().UnixNano())
	t := time.NewTicker(every / 2)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-c.Done():
			return
		case <-t.C:
		}
		// A command in flight has its own deadline to notice a hung
		// server by, and a probe beside it would only make a second
		// request in flight (a reply over the line limit then closes the
		// connection, as its owner cannot be told).
		if time.Since(time.Unix(0, s.lastHeard.Load())) < every || s.stalled.Load() || s.Commands.Pending() > 0 {
			continue
		}
		s.probe(ctx, c)
	}
}

// probe sends one keepalive request and waits for it.
func (s *Session) probe(ctx context.Context, c *qmp.Client) {
	ctx, cancel := context.WithTimeout(ctx, s.cfg.CommandTimeout)
	defer cancel()
	cmd := "query-status"
	if c.Mode() == qmp.ModeGuestAgent {
		cmd = "guest-ping"
	}
	ret, err := executeAuto(ctx, c, cmd)
	switch {
	case errors.Is(err, context.DeadlineExceeded) && ctx.Err() != nil:
		s.markStalled(fmt.Sprintf("no answer to %s within %v", cmd, s.cfg.CommandTimeout))
	case err == nil && cmd == "query-status":
		if status := gjson.GetBytes(ret, "status").String(); status != "" {
			s.update(func(st *SessionState) { st.RunState = status })
		}
	}
}
