package app

import "github.com/qmpdash/qmpdash/qmp"

// The session's side of its log: the wire tap it gives each connection and
// the markers it writes when a connection comes and goes.

// tap returns what sees the wire messages: the configured Tap, the log,
// both or neither.
func (s *Session) tap() func(qmp.WireMessage) {
	tap, log := s.cfg.Tap, s.cfg.Log
	switch {
	case log == nil:
		return tap
	case tap == nil:
		return log.Tap
	}
	return func(m qmp.WireMessage) {
		tap(m)
		log.Tap(m)
	}
}

// mark writes a marker record to the log, if there is one.
func (s *Session) mark(mark, detail string) {
	if s.cfg.Log != nil {
		s.cfg.Log.Mark(mark, detail)
	}
}
