package wirelog

import (
	"encoding/json"
	"strconv"
	"sync"
	"time"

	"github.com/qmpdash/qmpdash/qmp"
	"github.com/tidwall/gjson"
)

// Log writes every wire message of one VM's connections to a session
// log as JSON lines. Every record has "time" (local, RFC 3339 with
// microseconds), "vm" and "addr". A wire record adds "dir" ("in" or "out")
// and "msg", the message itself as JSON (kept byte for byte; a message that
// is not JSON is stored as a JSON string). A reply also carries "id", the
// id of the request it answers as that request sent it (absent for a
// request sent without one), and "latency_us", the microseconds from
// sending the request to reading the reply. A marker record has "mark"
// ("connected", "disconnected", "reconnecting", ...) and "detail".
//
// The file is created 0600 and appended to; each record is one write(2), so
// a killed process loses at most the line being written. Several Logs
// may write to the same path: they share one file handle and never
// interleave lines. The first write error stops the log and is reported to
// the OnError handler. Methods are safe for concurrent use.
type Log struct {
	vm, addr string
	file     *logFile

	mu      sync.Mutex
	pending map[string]sentRequest // by qmp.IDKey; "" for an id-less request
	err     error
	onError func(error)
}

// sentRequest is what a reply record needs of its request.
type sentRequest struct {
	id   json.RawMessage
	sent time.Time
}

// maxPendingRequests bounds the requests remembered for their replies; a
// connection that drops leaves some unanswered for ever.
const maxPendingRequests = 4096

// TimeLayout is the layout of a record's "time": RFC 3339 with
// microseconds.
const TimeLayout = "2006-01-02T15:04:05.000000Z07:00"

// Open opens (creating 0600) the session log at path for the VM
// named vm at addr. A file that would grow past maxSize bytes (0: no
// limit) is rotated first: it becomes FILE.1, FILE.1 becomes FILE.2, up to
// RotatedFiles files. Logs sharing a path share the first opener's maxSize.
// The address is recorded as given: pass a local socket's path absolute
// (transport.AbsoluteAddress), so that a replay from another directory finds the
// monitor. The caller closes the log.
func Open(path, vm, addr string, maxSize int64) (*Log, error) {
	f, err := openLogFile(path, maxSize)
	if err != nil {
		return nil, err
	}
	return &Log{vm: vm, addr: addr, file: f, pending: map[string]sentRequest{}}, nil
}

// OnError sets what is told of the write error that stops the log. It is
// called at most once, on the goroutine that failed to write.
func (l *Log) OnError(report func(error)) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.onError = report
}

// Tap records one wire message; pass it as qmp.Options.Tap.
func (l *Log) Tap(m qmp.WireMessage) {
	data := m.Data
	for len(data) > 0 && data[0] == 0xff { // qemu-ga's sync delimiter
		data = data[1:]
	}
	msg := data // spliced in as is, so the log keeps the exact bytes
	valid := json.Valid(data)
	if !valid {
		msg, _ = json.Marshal(string(data)) // keep broken input, as a string
	}
	body := append(append([]byte(`{"dir":"`+m.Dir.String()+`","msg":`), msg...), '}')
	if valid {
		body = l.pair(m.Dir, m.Time, data, body)
	}
	l.write(m.Time, body)
}

// pair remembers a request's id and time, and adds "id" and "latency_us"
// to the body of the reply that answers one.
func (l *Log) pair(dir qmp.Direction, at time.Time, data, body []byte) []byte {
	r := gjson.GetManyBytes(data, "id", "return", "error")
	id := []byte(r[0].Raw)
	key := ""
	if r[0].Exists() {
		key = qmp.IDKey(id)
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if dir == qmp.Out {
		if len(l.pending) >= maxPendingRequests {
			clear(l.pending)
		}
		l.pending[key] = sentRequest{id: id, sent: at}
		return body
	}
	if !r[1].Exists() && !r[2].Exists() {
		return body // a greeting or an event
	}
	req, ok := l.pending[key]
	if !ok {
		return body
	}
	delete(l.pending, key)
	body = body[:len(body)-1]
	if len(req.id) > 0 {
		body = append(append(body, `,"id":`...), req.id...)
	}
	body = append(body, `,"latency_us":`...)
	body = strconv.AppendInt(body, at.Sub(req.sent).Microseconds(), 10)
	return append(body, '}')
}

// Mark records a connection event such as "connected" or "disconnected",
// with detail saying more (the reason, the next attempt). Requests not yet
// answered are forgotten: a new connection starts afresh.
func (l *Log) Mark(mark, detail string) {
	l.mu.Lock()
	clear(l.pending)
	l.mu.Unlock()
	body, _ := json.Marshal(struct {
		Mark   string `json:"mark"`
		Detail string `json:"detail,omitempty"`
	}{mark, detail})
	l.write(time.Now(), body)
}

// OnState writes the markers of a client's state changes, as a session
// does: "connected" when it is ready, "disconnected" with the reason when
// it closes. Pass it as qmp.Options.OnState.
func (l *Log) OnState(st qmp.Status) {
	switch {
	case st.State == qmp.StateReady:
		l.Mark("connected", "")
	case st.State == qmp.StateClosed && st.Err != nil:
		l.Mark("disconnected", st.Err.Error())
	}
}

// Err returns the write error that stopped the log, if any.
func (l *Log) Err() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.err
}

// Close releases the file; the last log sharing it closes it.
func (l *Log) Close() error { return l.file.release() }

// write joins the common fields and body (a JSON object) into one line.
func (l *Log) write(t time.Time, body []byte) {
	head, _ := json.Marshal(struct {
		Time string `json:"time"`
		VM   string `json:"vm,omitempty"`
		Addr string `json:"addr"`
	}{t.Format(TimeLayout), l.vm, l.addr})
	line := append(append(head[:len(head)-1:len(head)-1], ','), body[1:]...)
	line = append(line, '\n')
	if l.Err() != nil {
		return
	}
	err := l.file.writeLine(line)
	if err == nil {
		return
	}
	l.mu.Lock()
	first := l.err == nil
	if first {
		l.err = err
	}
	report := l.onError
	l.mu.Unlock()
	if first && report != nil {
		report(err)
	}
}
