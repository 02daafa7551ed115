package app

import "sync"

// HistoryWriter appends lines to a History from its own goroutine, in
// order, so the UI goroutine never waits on the disk. Its queue is small
// and bounded: lines that do not fit are dropped rather than blocking.
type HistoryWriter struct {
	h    History
	ch   chan string
	once sync.Once
	done chan struct{}
}

// historyQueue bounds the lines waiting to be written.
const historyQueue = 64

// NewHistoryWriter starts the writer; Close stops it.
func NewHistoryWriter(h History) *HistoryWriter {
	w := &HistoryWriter{h: h, ch: make(chan string, historyQueue), done: make(chan struct{})}
	go func() {
		defer close(w.done)
		for line := range w.ch {
			w.h.Add(line) // a history that cannot be saved is not worth an error
		}
	}()
	return w
}

// Add queues a line; it never blocks.
func (w *HistoryWriter) Add(line string) {
	select {
	case w.ch <- line:
	default:
	}
}

// Close writes what is queued and stops the writer. Add must not be called
// after Close.
func (w *HistoryWriter) Close() {
	w.once.Do(func() { close(w.ch) })
	<-w.done
}
