package app

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/tidwall/gjson"
)

// LogRecord is one line of a session log (see WireLog for the format).
type LogRecord struct {
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
func (r *LogRecord) Name() string {
	if r.VM != "" {
		return r.VM
	}
	return r.Addr
}

// LogLineError is a line of a session log that could not be read.
type LogLineError struct {
	File string
	Line int
	Err  error
}

// Error renders file:line: reason.
func (e *LogLineError) Error() string { return fmt.Sprintf("%s:%d: %v", e.File, e.Line, e.Err) }

// Unwrap returns the reason.
func (e *LogLineError) Unwrap() error { return e.Err }

// maxLogLine bounds one record; query-qmp-schema replies are about 200 KB.
const maxLogLine = 64 << 20

// ReadSessionLog reads the session log at path. A line that is not a
// record (torn by a crash, edited by hand) is passed to bad as a
// *LogLineError and skipped; only a file that cannot be read is an error.
func ReadSessionLog(path string, bad func(error)) ([]LogRecord, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return readSessionLog(f, path, bad)
}

func readSessionLog(r io.Reader, name string, bad func(error)) ([]LogRecord, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64<<10), maxLogLine)
	var recs []LogRecord
	for n := 1; sc.Scan(); n++ {
		line := bytes.TrimSpace(sc.Bytes())
		if len(line) == 0 {
			continue
		}
		rec, err := parseLogRecord(line)
		if err != nil {
			bad(&LogLineError{File: name, Line: n, Err: err})
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

// parseLogRecord decodes one line; encoding/json copies the message out
// of the scanner's reused buffer.
func parseLogRecord(line []byte) (LogRecord, error) {
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
		return LogRecord{}, fmt.Errorf("not a log record: %w", err)
	}
	t, err := time.Parse(time.RFC3339Nano, raw.Time)
	if err != nil {
		return LogRecord{}, fmt.Errorf("bad time: %w", err)
	}
	rec := LogRecord{Time: t, VM: raw.VM, Addr: raw.Addr, Dir: raw.Dir, Msg: raw.Msg,
		ID: raw.ID, LatencyUS: -1, Mark: raw.Mark, Detail: raw.Detail}
	if raw.LatencyUS != nil {
		rec.LatencyUS = *raw.LatencyUS
	}
	switch {
	case raw.Mark != "":
	case raw.Dir != "in" && raw.Dir != "out":
		return LogRecord{}, errors.New(`neither a marker nor "dir": "in" or "out"`)
	case len(raw.Msg) == 0:
		return LogRecord{}, errors.New(`no "msg"`)
	case !gjson.ParseBytes(raw.Msg).IsObject():
		return LogRecord{}, errors.New(`"msg" is not a JSON object`)
	}
	return rec, nil
}
