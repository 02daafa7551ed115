package store

import (
	"sync"
	"time"

	"github.com/qmpdash/qmpdash/app/bell"
)

// Level grades a notice.
type Level int

// Notice levels.
const (
	Info Level = iota
	Warning
	Failure
)

// Notice is a message for the user: a disconnect, an error, a hint. The
// status bar shows the newest for a few seconds; the list keeps them all.
type Notice struct {
	Time  time.Time
	Level Level
	Text  string
}

// NoticeLog is a bounded list of notices, newest last: so many notices of
// so many bytes at most. Safe for concurrent use.
type NoticeLog struct {
	mu       sync.Mutex
	items    []Notice
	max      int
	version  bell.Version
	failures uint64
	evicted  uint64
}

const (
	defaultNoticeLogSize = 500
	// maxNoticeBytes bounds a notice's text, which can quote a server.
	maxNoticeBytes = 4 << 10
)

// Add records a notice, dropping the oldest past the bound. A text longer
// than 4 KiB is cut, ending in "…".
func (l *NoticeLog) Add(level Level, text string) {
	if len(text) > maxNoticeBytes {
		kept, _ := truncate([]byte(text), maxNoticeBytes)
		text = string(kept) + "…"
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	max := l.max
	if max <= 0 {
		max = defaultNoticeLogSize
	}
	if len(l.items) >= max {
		l.items = append(l.items[:0], l.items[1:]...)
		l.evicted++
	}
	l.items = append(l.items, Notice{Time: time.Now(), Level: level, Text: text})
	l.version.Bump()
	if level == Failure {
		l.failures++
	}
}

// Failures counts the Failure notices ever added.
func (l *NoticeLog) Failures() uint64 {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.failures
}

// Evicted counts the notices dropped to make room.
func (l *NoticeLog) Evicted() uint64 {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.evicted
}

// All returns a copy of the notices, oldest first.
func (l *NoticeLog) All() []Notice {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]Notice(nil), l.items...)
}

// Latest returns the newest notice, if any.
func (l *NoticeLog) Latest() (Notice, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.items) == 0 {
		return Notice{}, false
	}
	return l.items[len(l.items)-1], true
}

// Version grows with every notice.
func (l *NoticeLog) Version() uint64 { return l.version.Load() }
