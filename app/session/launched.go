package session

import (
	"context"
	"time"

	"github.com/qmpdash/qmpdash/app/store"
	"github.com/qmpdash/qmpdash/qmp"
)

// A session whose QEMU qmpdash launched (Fleet.AddLaunched) does not try
// to reconnect to it once it has exited: nothing would ever answer. Its
// state says how QEMU ended and what it last wrote to stderr, and
// RetryNow launches it again with the same arguments and sockets.

// exitedProcess returns the session's launched QEMU if it has exited, nil
// if it runs or qmpdash did not launch it.
func (s *Session) exitedProcess() *QEMUProcess {
	if p := s.process.Load(); p != nil && p.ExitStatus() != "" {
		return p
	}
	return nil
}

// processExited is closed when the launched QEMU's latest run ends; nil
// (never ready) for a session qmpdash did not launch.
func (s *Session) processExited() <-chan struct{} {
	if p := s.process.Load(); p != nil {
		return p.Exited()
	}
	return nil
}

// waitWhileExited blocks while the launched QEMU has exited, showing how
// it ended, until RetryNow asks to relaunch it; it returns false if ctx
// ended first.
func (s *Session) waitWhileExited(ctx context.Context) bool {
	told := false
	for ctx.Err() == nil {
		p := s.exitedProcess()
		if p == nil {
			return true
		}
		if s.link.takeRelaunch() {
			s.update(func(st *State) { st.Conn, st.Exited, st.ExitLine = qmp.StateConnecting, "", "" })
			s.mark("relaunch", "")
			s.Notices.Add(store.Info, "relaunching QEMU")
			if err := p.Relaunch(ctx); err != nil && ctx.Err() == nil {
				s.Notices.Add(store.Failure, "relaunching QEMU: "+clipText(err.Error(), 300))
			}
			told = false
			continue
		}
		status, line := p.ExitStatus(), p.LastStderrLine()
		s.update(func(st *State) {
			st.Conn, st.RetryAt, st.Exited, st.ExitLine = qmp.StateClosed, time.Time{}, status, line
		})
		if !told {
			told = true
			msg := status
			if line != "" {
				msg += ": " + line
			}
			s.mark("exited", msg)
			s.Notices.Add(store.Failure, "QEMU exited: "+msg+" (retry relaunches it)")
		}
		select {
		case <-s.link.wake:
		case <-ctx.Done():
		}
	}
	return false
}
