package session

import (
	"context"
	"time"

	"github.com/qmpdash/qmpdash/app/store"
	"github.com/qmpdash/qmpdash/qmp"
)

// A libvirt domain that is not running has no monitor to reconnect to:
// the session says "shut off" (State.ShutOff) and waits for libvirt to
// report the domain started, instead of redialling with backoff.

// waitWhileShutOff waits for the shut off domain to start again (or for
// RetryNow), saying once that it is shut off. When libvirt cannot be
// asked, it waits one backoff delay so that the caller's next dial does.
func (s *Session) waitWhileShutOff(ctx context.Context, cause error) {
	s.update(func(st *State) {
		st.Conn, st.ConnErr, st.RetryAt, st.ShutOff = qmp.StateClosed, cause, time.Time{}, true
	})
	s.mark("shut-off", errText(cause))
	s.Notices.Add(store.Warning, s.cfg.Addr+": domain shut off; it reconnects when the domain starts")
	wctx, cancel := context.WithCancel(ctx)
	defer cancel()
	started := make(chan error, 1)
	go func() { started <- s.cfg.Dialer.WaitStarted(wctx, s.cfg.Addr) }()
	select {
	case err := <-started:
		if err != nil && ctx.Err() == nil {
			s.mark("shut-off", "waiting for the domain: "+err.Error())
			t := time.NewTimer(s.cfg.Backoff.Delay(1))
			select {
			case <-t.C:
			case <-s.link.wake:
			case <-ctx.Done():
			}
			t.Stop()
		}
	case <-s.link.wake:
	case <-ctx.Done():
	}
	s.update(func(st *State) { st.ShutOff = false })
}
