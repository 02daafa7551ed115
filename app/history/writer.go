package history

import "sync"

// Writer appends lines to a File from its own goroutine, in
// order, so the UI goroutine never waits on the disk. Its queue is small
// and bounded: lines that do not fit are dropped rather than blocking.
type Writer struct {
	h    File
	ch   chan string
	once sync.Once
	done chan struct{}
}

// writerQueue bounds the lines waiting to be written.
const writerQueue = 64

// NewWriter starts the writer; Close stops it.
func NewWriter(h File) *Writer {
	w := &Writer{h: h, ch: make(chan string, writerQueue), done: make(chan struct{})}
	go func() {
		defer close(w.done)
		for line := range w.ch {
			w.h.Add(line) // a history that cannot be saved is not worth an error
		}
	}()
	return w
}

// Add queues a line; it never blocks.
func (w *Writer) Add(line string) {
	select {
	case w.ch <- line:
	default:
	}
}

// Close writes what is queued and stops the writer. Add must not be called
// after Close.
func (w *Writer) Close() {
	w.once.Do(func() { close(w.ch) })
	<-w.done
}
