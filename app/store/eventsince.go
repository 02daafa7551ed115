package store

// Reading the history past the filter: replay waits for events the user
// may have muted, and saving a history may keep what the view hides.

// LastSeq returns the Seq of the newest entry ever appended, 0 if none.
func (l *EventLog) LastSeq() uint64 {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.lastSeq
}

// Since appends to dst every stored entry, visible or not, whose Seq is
// greater than seq, oldest first, and returns the extended slice.
func (l *EventLog) Since(seq uint64, dst []EventEntry) []EventEntry {
	l.mu.Lock()
	defer l.mu.Unlock()
	n := l.ring.len()
	if n == 0 {
		return dst
	}
	first := l.ring.at(0).Seq
	from := 0
	if seq >= first {
		from = int(seq - first + 1)
	}
	for i := from; i < n; i++ {
		dst = append(dst, l.ring.at(i).EventEntry)
	}
	return dst
}
