package store

import (
	"fmt"
	"unicode/utf8"
)

// Default memory bounds, sized so that a dashboard stays well inside a
// laptop with 2 GB of memory however large the messages a VM sends.
const (
	// DefaultEventBytes bounds the message bytes an event history keeps.
	DefaultEventBytes = 256 << 20
	// DefaultReplyBytes bounds the request and reply bytes a command
	// history keeps.
	DefaultReplyBytes = 256 << 20
	// DefaultMessageBytes is the longest message a history keeps whole;
	// 4 MiB holds any schema and is as much as libvirt passes through.
	DefaultMessageBytes = 4 << 20
)

// Limits bounds what a history (EventLog, CommandLog) keeps in memory: so
// many entries and so many bytes of messages, whichever is reached first,
// the oldest entries going first. A message longer than MessageBytes is
// kept cut to its first MessageBytes bytes, with its full size noted; the
// session log, written before the history sees the message, has it whole.
// The zero value takes every default.
type Limits struct {
	// Count is the most entries kept (0: the history's default count).
	Count int
	// Bytes is the most message bytes kept (0: the history's default).
	Bytes int64
	// MessageBytes is the longest message kept whole (0:
	// DefaultMessageBytes). It is at most Bytes.
	MessageBytes int
}

// ForEventLog is l with an EventLog's defaults filled in: the bounds
// NewEventLog(l) keeps to.
func (l Limits) ForEventLog() Limits { return l.resolve(DefaultEventLogSize, DefaultEventBytes) }

// ForCommandLog is l with a CommandLog's defaults filled in: the bounds
// NewCommandLog(l) keeps to.
func (l Limits) ForCommandLog() Limits { return l.resolve(DefaultCommandLogSize, DefaultReplyBytes) }

// resolve fills in the defaults.
func (l Limits) resolve(count int, bytes int64) Limits {
	if l.Count <= 0 {
		l.Count = count
	}
	if l.Bytes <= 0 {
		l.Bytes = bytes
	}
	if l.MessageBytes <= 0 {
		l.MessageBytes = DefaultMessageBytes
	}
	l.MessageBytes = int(min(int64(l.MessageBytes), l.Bytes))
	return l
}

// TruncatedNote is the marker shown where a message was cut: its full
// size and where to find it whole.
func TruncatedNote(fullSize int) string {
	return fmt.Sprintf("… truncated, full size %d bytes (whole in the session log)", fullSize)
}

// truncate returns msg if it is at most max bytes long, else a copy of its
// first max bytes backed up to the start of a UTF-8 character, and the
// size msg had. The copy lets the whole message's memory go.
func truncate(msg []byte, max int) (kept []byte, fullSize int) {
	if len(msg) <= max {
		return msg, 0
	}
	cut := max
	for k := 0; k < utf8.UTFMax-1 && cut > 0 && !utf8.RuneStart(msg[cut]); k++ {
		cut--
	}
	return append([]byte(nil), msg[:cut]...), len(msg)
}

// Usage is what a history holds against its Limits and what it let go
// since it was created or cleared.
type Usage struct {
	// Entries and Bytes are what is stored now.
	Entries int
	Bytes   int64
	Limits  Limits
	// Evicted counts the entries dropped to make room, by count or by
	// bytes, and EvictedBytes their message bytes.
	Evicted, EvictedBytes uint64
	// Truncated counts the messages kept cut to Limits.MessageBytes.
	Truncated uint64
}

// truncateEvent cuts an entry's message to max bytes, noting its full
// size; it reports whether it did.
func truncateEvent(e *EventEntry, max int) bool {
	if len(e.Raw) <= max {
		return false
	}
	e.Raw, e.FullSize = truncate(e.Raw, max)
	e.Data = nil // it pointed into the whole message
	return true
}
