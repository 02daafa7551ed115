package session

// The session's side of its log, besides the wire messages its tap passes
// on: the markers it writes when a connection comes and goes.

// mark writes a marker record to the log, if there is one, and shows it
// to the Mark observer.
func (s *Session) mark(mark, detail string) {
	if s.cfg.Log != nil {
		s.cfg.Log.Mark(mark, detail)
	}
	if s.cfg.Mark != nil {
		s.cfg.Mark(mark, detail)
	}
}
