package app

import (
	"encoding/json"
	"fmt"
	"os"
	"sync"
	"time"

	"github.com/qmpdash/qmpdash/qmp"
)

// WireLog writes every wire message of one connection to a file as JSON
// lines: {"time", "vm", "addr", "dir", "msg"}, with msg the message itself
// as JSON, and marker records {"time", "vm", "addr", "mark", "detail"} for
// connects and disconnects. The file is created 0600 and appended to; each
// record is one write(2), so a killed process loses at most the line being
// written. Methods are safe for concurrent use.
type WireLog struct {
	vm, addr string

	mu  sync.Mutex
	f   *os.File
	err error
}

// timeLayout is RFC 3339 with microseconds.
const timeLayout = "2006-01-02T15:04:05.000000Z07:00"

// OpenWireLog opens (creating 0600) the log file at path for appending.
func OpenWireLog(path, vm, addr string) (*WireLog, error) {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("opening log: %w", err)
	}
	return &WireLog{vm: vm, addr: addr, f: f}, nil
}

// Tap records one wire message; pass it as qmp.Options.Tap.
func (l *WireLog) Tap(m qmp.WireMessage) {
	data := m.Data
	for len(data) > 0 && data[0] == 0xff { // qemu-ga's sync delimiter
		data = data[1:]
	}
	msg := data // spliced in as is, so the log keeps the exact bytes
	if !json.Valid(data) {
		msg, _ = json.Marshal(string(data)) // keep broken input, as a string
	}
	body := append(append([]byte(`{"dir":"`+m.Dir.String()+`","msg":`), msg...), '}')
	l.write(m.Time, body)
}

// Mark records a connection event such as "connected" or "closed".
func (l *WireLog) Mark(mark, detail string) {
	body, _ := json.Marshal(struct {
		Mark   string `json:"mark"`
		Detail string `json:"detail,omitempty"`
	}{mark, detail})
	l.write(time.Now(), body)
}

// Err returns the first write error, after which nothing more is written.
func (l *WireLog) Err() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.err
}

// Close closes the file.
func (l *WireLog) Close() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.f.Close()
}

// write joins the common fields and body (a JSON object) into one line.
func (l *WireLog) write(t time.Time, body []byte) {
	head, _ := json.Marshal(struct {
		Time string `json:"time"`
		VM   string `json:"vm,omitempty"`
		Addr string `json:"addr"`
	}{t.Format(timeLayout), l.vm, l.addr})
	line := append(append(head[:len(head)-1:len(head)-1], ','), body[1:]...)
	line = append(line, '\n')
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.err != nil {
		return
	}
	if _, err := l.f.Write(line); err != nil {
		l.err = fmt.Errorf("writing log: %w", err)
	}
}
