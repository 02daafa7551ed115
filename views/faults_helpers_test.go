package views

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/qmpdash/qmpdash/app/session"
	"github.com/qmpdash/qmpdash/app/store"
	"github.com/qmpdash/qmpdash/app/wirelog"
	"github.com/qmpdash/qmpdash/keymap"
	"github.com/qmpdash/qmpdash/qmp"
	"github.com/qmpdash/qmpdash/qmp/qmptest"
)

// fastRetry reconnects quickly, so fault tests do not wait on backoff.
var fastRetry = qmp.Backoff{Initial: 20 * time.Millisecond, Max: 100 * time.Millisecond}

// sessionLog is a session log (wirelog.Log) in a temp dir.
type sessionLog struct {
	t    *testing.T
	path string
	log  *wirelog.Log
}

// openSessionLog opens a session log and wires it into cfg as the command
// does: every wire message, and the marks.
func openSessionLog(t *testing.T, cfg *session.Config) *sessionLog {
	t.Helper()
	path := filepath.Join(t.TempDir(), "session.jsonl")
	log, err := wirelog.Open(path, "vm", "sock", 0)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { log.Close() })
	cfg.Log = log
	return &sessionLog{t: t, path: path, log: log}
}

// logRecord is one line of the session log.
type logRecord struct {
	Dir    string          `json:"dir"`
	Msg    json.RawMessage `json:"msg"`
	Mark   string          `json:"mark"`
	Detail string          `json:"detail"`
}

// records reads the log, failing the test on a line that is not JSON.
func (l *sessionLog) records() []logRecord {
	l.t.Helper()
	f, err := os.Open(l.path)
	if err != nil {
		l.t.Fatal(err)
	}
	defer f.Close()
	var recs []logRecord
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 80<<20)
	for sc.Scan() {
		var r logRecord
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			l.t.Fatalf("log line %d is not JSON: %v: %.200q", len(recs)+1, err, sc.Bytes())
		}
		recs = append(recs, r)
	}
	if err := sc.Err(); err != nil {
		l.t.Fatal(err)
	}
	return recs
}

// waitRecord waits until a record satisfies match, and returns it.
func (l *sessionLog) waitRecord(what string, match func(logRecord) bool) logRecord {
	l.t.Helper()
	var found logRecord
	qmptest.Eventually(l.t, "the session log to hold "+what, func() bool {
		for _, r := range l.records() {
			if match(r) {
				found = r
				return true
			}
		}
		return false
	})
	return found
}

// waitMark waits for a mark whose detail contains detail.
func (l *sessionLog) waitMark(mark, detail string) logRecord {
	l.t.Helper()
	return l.waitRecord(fmt.Sprintf("mark %q with %q", mark, detail), func(r logRecord) bool {
		return r.Mark == mark && strings.Contains(r.Detail, detail)
	})
}

// waitIn waits for a received message containing text.
func (l *sessionLog) waitIn(text string) logRecord {
	l.t.Helper()
	return l.waitRecord(fmt.Sprintf("a received message with %q", text), func(r logRecord) bool {
		return r.Dir == "in" && strings.Contains(string(r.Msg), text)
	})
}

var responsiveProbe atomic.Int64

// responsive checks that the UI still takes keys: text typed in the input
// line shows, and Ctrl-C clears it again. The input line must have focus.
func (h *harness) responsive() {
	h.t.Helper()
	word := fmt.Sprintf("probe%d", responsiveProbe.Add(1))
	h.typeText(word)
	h.waitText("> " + word)
	h.press(keymap.InputClear)
	h.waitFor("the probe cleared", func(s string) bool { return !strings.Contains(s, word) })
}

// statusBar is the screen's last row.
func statusBar(screen string) string {
	rows := strings.Split(screen, "\n")
	return rows[len(rows)-1]
}

// waitStatus waits until the status bar holds text.
func (h *harness) waitStatus(text string) string {
	h.t.Helper()
	return h.waitFor(fmt.Sprintf("%q in the status bar", text), func(s string) bool { return strings.Contains(statusBar(s), text) })
}

// waitCommand waits up to a minute (64 MiB replies take a while under the
// race detector on a busy machine) for command seq to reach status.
func (h *harness) waitCommand(seq uint64, status store.CommandStatus) store.CommandEntry {
	h.t.Helper()
	var e store.CommandEntry
	qmptest.EventuallyWithin(h.t, time.Minute, fmt.Sprintf("command #%d to be %s", seq, status), func() bool {
		e, _ = h.s.Commands.Get(seq)
		return e.Status == status
	})
	return e
}

// sent types a command line and sends it.
func (h *harness) sent(line string) {
	h.typeText(line)
	h.press(keymap.InputSubmit)
}
