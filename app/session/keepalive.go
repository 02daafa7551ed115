package session

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/qmpdash/qmpdash/app/store"
	"github.com/qmpdash/qmpdash/app/tick"
	"github.com/qmpdash/qmpdash/qmp"
	"github.com/tidwall/gjson"
)

// DefaultKeepalive is how long a connection may stay silent before the
// session checks that the server still answers, and how long that check
// waits for an answer: a hung server shows as not responding within twice
// that and a tick (DefaultKeepalive/4), 9 s, whatever else is in flight.
const DefaultKeepalive = 4 * time.Second

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
		s.update(func(st *State) { st.NotResponding = false })
		s.mark("responding", "")
		s.Notices.Add(store.Info, "responding again")
	}
}

// markStalled flags the server as not answering, once until it answers;
// why says so in the messages, unless the caller already told the user.
func (s *Session) markStalled(why string) {
	if s.stalled.CompareAndSwap(false, true) {
		s.update(func(st *State) { st.NotResponding = true })
		s.mark("not-responding", why)
		if why != "" {
			s.Notices.Add(store.Failure, "not responding: "+why)
		}
	}
}

// keepalive asks a silent server something cheap (query-status, or
// guest-ping for the guest agent) so that a hung QEMU shows as not
// responding even when the user sends nothing; the answer also refreshes
// the run state. It ends with the connection.
//
// The probe goes out whatever is in flight and has its own deadline, the
// keepalive period: a command's own timeout may be minutes, and a server
// that answers nothing at all must show long before that.
func (s *Session) keepalive(ctx context.Context, c *qmp.Client) {
	every := s.cfg.Keepalive
	if every == 0 {
		every = DefaultKeepalive
	}
	if every < 0 {
		return
	}
	s.lastHeard.Store(time.Now().UnixNano())
	// It looks every quarter period, on the ticks of the clock all VMs'
	// keepalives share (app/tick): 64 idle VMs wake the process 4 times a
	// period, not 256.
	t := time.NewTimer(tick.Aligned(time.Now(), every/4, every/4))
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-c.Done():
			return
		case <-t.C:
		}
		t.Reset(tick.Aligned(time.Now(), every/4, every/4))
		if time.Since(s.lastActivity(c)) < every || s.stalled.Load() || s.polledWithin(every) {
			continue
		}
		s.probe(ctx, c, every)
	}
}

// lastActivity is when the server last sent anything: a whole message,
// or bytes of one still arriving (a 64 MiB reply takes seconds to read;
// probing meanwhile would put a second request in flight, and an
// over-size reply could then not be pinned on its command).
func (s *Session) lastActivity(c *qmp.Client) time.Time {
	heard := time.Unix(0, s.lastHeard.Load())
	if r := c.LastRead(); r.After(heard) {
		return r
	}
	return heard
}

// probe sends one keepalive request and waits up to timeout for it.
func (s *Session) probe(ctx context.Context, c *qmp.Client, timeout time.Duration) {
	cmd := "query-status"
	if c.Mode() == qmp.ModeGuestAgent {
		cmd = "guest-ping"
	}
	ret, err := s.watchedRequest(ctx, c, cmd, nil, timeout)
	if err == nil && cmd == "query-status" {
		if status := gjson.GetBytes(ret, "status").String(); status != "" {
			s.setRunState(status)
		}
	}
}

// watchedRequest sends an automatic request (args: a JSON object, or
// nil) and waits up to timeout for
// it; silence that long marks the server not responding. Only silence
// does: anything heard meanwhile (an event, another reply, part of one)
// shows it alive.
func (s *Session) watchedRequest(ctx context.Context, c *qmp.Client, cmd string, args json.RawMessage, timeout time.Duration) (json.RawMessage, error) {
	sent := time.Now()
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	ret, err := executeAutoWith(ctx, c, cmd, args)
	if errors.Is(err, context.DeadlineExceeded) && ctx.Err() != nil && s.lastActivity(c).Before(sent) {
		s.markStalled(fmt.Sprintf("no answer to %s within %v", cmd, timeout))
	}
	return ret, err
}
