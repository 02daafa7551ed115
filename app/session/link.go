package session

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/qmpdash/qmpdash/app/send"
	"github.com/qmpdash/qmpdash/app/store"
	"github.com/qmpdash/qmpdash/qmp"
)

// link is the reconnection state of a Session: the user's wishes (retry
// now, give up) and the outage being waited out.
type link struct {
	// wake cuts a backoff wait short; it holds at most one token.
	wake chan struct{}

	mu         sync.Mutex
	gaveUp     bool
	relaunch   bool               // RetryNow asked to start the launched QEMU again
	cancelDial context.CancelFunc // ends the attempt in progress, if any
	down       time.Time          // when the connection was lost; zero if up or never up
	// lastProto and quietProto pace protocol-error notices: one a second,
	// with a count of those not shown.
	lastProto  time.Time
	quietProto int
}

func (l *link) givenUp() bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.gaveUp
}

// takeRelaunch reports whether a relaunch was asked for, and forgets it.
func (l *link) takeRelaunch() bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	asked := l.relaunch
	l.relaunch = false
	return asked
}

func (l *link) poke() {
	select {
	case l.wake <- struct{}{}:
	default:
	}
}

func (l *link) drainWake() {
	select {
	case <-l.wake:
	default:
	}
}

// RetryNow starts the next connection attempt at once instead of waiting
// out the backoff, and resumes the attempts after GiveUp; when the QEMU
// qmpdash launched for the session has exited, it launches it again. It
// reports whether there was anything to retry: not while connected or
// connecting. It never blocks.
func (s *Session) RetryNow() bool {
	if st := s.State(); st.Conn != qmp.StateClosed {
		return false
	}
	exited := s.exitedProcess() != nil
	s.link.mu.Lock()
	s.link.gaveUp = false
	s.link.relaunch = exited
	s.link.mu.Unlock()
	s.update(func(st *State) { st.GaveUp = false })
	if exited {
		s.link.poke() // the run loop relaunches and says so
		return true
	}
	s.mark("retry-now", "")
	s.Notices.Add(store.Info, "retrying "+s.cfg.Addr+" now")
	s.link.poke()
	return true
}

// GiveUp stops the reconnection attempts, ending one in progress, until
// RetryNow. It reports whether there was anything to give up: not while
// connected, nor once a launched QEMU has exited (nothing is tried then).
// It never blocks.
func (s *Session) GiveUp() bool {
	if st := s.State(); st.Conn == qmp.StateReady || st.GaveUp || st.Exited != "" {
		return false
	}
	s.link.mu.Lock()
	s.link.gaveUp = true
	if s.link.cancelDial != nil {
		s.link.cancelDial()
	}
	s.link.mu.Unlock()
	s.update(func(st *State) { st.GaveUp, st.RetryAt = true, time.Time{} })
	s.mark("gave-up", "")
	s.Notices.Add(store.Warning, "stopped reconnecting to "+s.cfg.Addr+"; retry to start again")
	s.link.poke()
	return true
}

// waitWhileGivenUp blocks while the user has given up, until RetryNow; it
// returns false if ctx ended first.
func (s *Session) waitWhileGivenUp(ctx context.Context) bool {
	for s.link.givenUp() {
		s.update(func(st *State) { st.Conn, st.RetryAt, st.GaveUp = qmp.StateClosed, time.Time{}, true })
		select {
		case <-s.link.wake:
		case <-ctx.Done():
			return false
		}
	}
	return ctx.Err() == nil
}

// dial makes one connection attempt, which GiveUp can cut short.
func (s *Session) dial(ctx context.Context) (*qmp.Client, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	s.link.mu.Lock()
	s.link.cancelDial = cancel
	s.link.mu.Unlock()
	defer func() {
		s.link.mu.Lock()
		s.link.cancelDial = nil
		s.link.mu.Unlock()
	}()
	opts := qmp.Options{Tap: s.tap, OnLateReply: s.lateReply, OnProtocolError: s.protocolError}
	return s.cfg.Dialer.Connect(ctx, s.cfg.Addr, s.cfg.Protocol, opts)
}

// markOutageStart tells the user that the connection was lost and starts
// timing the outage (serve has written the log's marker).
func (s *Session) markOutageStart(err error) {
	s.link.mu.Lock()
	s.link.down = time.Now()
	s.link.mu.Unlock()
	s.Notices.Add(store.Failure, fmt.Sprintf("disconnected: %v", err))
}

// markOutageEnd puts the outage, if there was one, in the event stream and
// the log, and notes a change of QEMU version from prev to now.
func (s *Session) markOutageEnd(prev, now qmp.Version) {
	s.link.mu.Lock()
	down := s.link.down
	s.link.down, s.link.gaveUp = time.Time{}, false
	s.link.mu.Unlock()
	s.update(func(st *State) { st.GaveUp = false })
	if down.IsZero() {
		return
	}
	o := store.Outage{Down: down, Up: time.Now()}
	s.Events.AppendOutage(s.cfg.Name, o)
	if m := s.mirror.Load(); m != nil {
		m.AddOutage(s.cfg.Name, o)
	}
	s.mark("reconnected", o.String())
	if prev != now {
		s.Notices.Add(store.Info, fmt.Sprintf("QEMU is now %s (was %s): its schema is read again", now, prev))
	}
}

// protocolError tells the user of a message that broke the protocol, at
// most once a second, and logs every one.
func (s *Session) protocolError(err error) {
	s.mark("protocol-error", err.Error())
	now := time.Now()
	s.link.mu.Lock()
	if now.Sub(s.link.lastProto) < time.Second {
		s.link.quietProto++
		s.link.mu.Unlock()
		return
	}
	quiet := s.link.quietProto
	s.link.lastProto, s.link.quietProto = now, 0
	s.link.mu.Unlock()
	msg := "the monitor sent a bad message, ignored: " + clipText(err.Error(), 200)
	if quiet > 0 {
		msg += fmt.Sprintf(" (and %d more before it)", quiet)
	}
	s.Notices.Add(store.Warning, msg)
}

// noteRequestError tells the user of a command the connection's loss
// interrupted, or that was not sent because its file could not be opened, and logs what the wire tap never saw: a reply too long to
// read.
func (s *Session) noteRequestError(seq uint64, name string, err error) {
	var tooLong *qmp.LineTooLongError
	switch {
	case errors.Is(err, qmp.ErrInterrupted):
		s.Notices.Add(store.Warning, fmt.Sprintf("%s (#%d): interrupted — outcome unknown: the connection was lost after it was sent; it is not sent again", name, seq))
	case errors.As(err, &tooLong):
		s.mark("line-too-long", name+": "+tooLong.Error())
	case errors.Is(err, send.ErrPassFile):
		s.Notices.Add(store.Failure, fmt.Sprintf("%s (#%d) not sent: %v", name, seq, err))
	}
}

func errText(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

// clipText cuts s to about n bytes at a rune boundary.
func clipText(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && s[n]&0xC0 == 0x80 {
		n--
	}
	return s[:n] + "…"
}
