package session

// SetBooting says whether the VM's guest is still booting, as only
// whoever started it can tell (the demo watches its guests' consoles for
// their ready line). Views show "booting" instead of "running" meanwhile.
// Safe for concurrent use.
func (s *Session) SetBooting(booting bool) {
	s.update(func(st *State) { st.Booting = booting })
}
