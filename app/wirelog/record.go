package wirelog

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/qmpdash/qmpdash/qmp"
	"github.com/tidwall/gjson"
)

// Record is one line of a session log (see Log for the format).
type Record struct {
	Time     time.Time
	VM, Addr string
	// Dir is "in" or "out" for a wire record, "" for a marker.
	Dir string
	// Msg is the message as JSON.
	Msg json.RawMessage
	// ID is, on a reply, the id of the request it answers.
	ID json.RawMessage
	// LatencyUS is a reply's latency in microseconds, -1 when not recorded.
	LatencyUS int64
	// Mark and Detail describe a marker record.
	Mark, Detail string
	// Line is the record's 1-based line number in its file.
	Line int
}

// Name is the record's VM: its name, else its address.
func (r *Record) Name() string {
	if r.VM != "" {
		return r.VM
	}
	return r.Addr
}

// RequestKey is the id a record pairs by: a reply's recorded request id,
// else the message's own "id", "" for none (see qmp.IDKey).
func (r *Record) RequestKey() string {
	if r.ID != nil {
		return qmp.IDKey(r.ID)
	}
	if id := gjson.GetBytes(r.Msg, "id"); id.Exists() {
		return qmp.IDKey([]byte(id.Raw))
	}
	return ""
}

// LineError is a line of a session log, or of a replay script, that could
// not be read.
type LineError struct {
	File string
	Line int
	Err  error
}

// Error renders file:line: reason.
func (e *LineError) Error() string { return fmt.Sprintf("%s:%d: %v", e.File, e.Line, e.Err) }

// Unwrap returns the reason.
func (e *LineError) Unwrap() error { return e.Err }

// MaxLine is the longest line Read accepts, in bytes; query-qmp-schema
// replies are about 200 KB.
const MaxLine = 64 << 20

// Read reads the session log at path. A line that is not a
// record (torn by a crash, edited by hand) is passed to bad as a
// *LineError and skipped; only a file that cannot be read is an error.
func Read(path string, bad func(error)) ([]Record, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return readRecords(f, path, bad)
}

func readRecords(r io.Reader, name string, bad func(error)) ([]Record, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64<<10), MaxLine)
	var recs []Record
	for n := 1; sc.Scan(); n++ {
		line := bytes.TrimSpace(sc.Bytes())
		if len(line) == 0 {
			continue
		}
		rec, err := parseRecord(line)
		if err != nil {
			bad(&LineError{File: name, Line: n, Err: err})
			continue
		}
		rec.Line = n
		recs = append(recs, rec)
	}
	if err := sc.Err(); err != nil {
		return recs, fmt.Errorf("reading %s: %w", name, err)
	}
	return recs, nil
}

// parseRecord decodes one line; encoding/json copies the message out
// of the scanner's reused buffer.
func parseRecord(line []byte) (Record, error) {
	var raw struct {
		Time      string          `json:"time"`
		VM        string          `json:"vm"`
		Addr      string          `json:"addr"`
		Dir       string          `json:"dir"`
		Msg       json.RawMessage `json:"msg"`
		ID        json.RawMessage `json:"id"`
		LatencyUS *int64          `json:"latency_us"`
		Mark      string          `json:"mark"`
		Detail    string          `json:"detail"`
	}
	if err := json.Unmarshal(line, &raw); err != nil {
		return Record{}, fmt.Errorf("not a log record: %w", err)
	}
	t, err := time.Parse(time.RFC3339Nano, raw.Time)
	if err != nil {
		return Record{}, fmt.Errorf("bad time: %w", err)
	}
	rec := Record{Time: t, VM: raw.VM, Addr: raw.Addr, Dir: raw.Dir, Msg: raw.Msg,
		ID: raw.ID, LatencyUS: -1, Mark: raw.Mark, Detail: raw.Detail}
	if raw.LatencyUS != nil {
		rec.LatencyUS = *raw.LatencyUS
	}
	switch {
	case raw.Mark != "":
	case raw.Dir != "in" && raw.Dir != "out":
		return Record{}, errors.New(`neither a marker nor "dir": "in" or "out"`)
	case len(raw.Msg) == 0:
		return Record{}, errors.New(`no "msg"`)
	case !gjson.ParseBytes(raw.Msg).IsObject():
		return Record{}, errors.New(`"msg" is not a JSON object`)
	}
	return rec, nil
}
