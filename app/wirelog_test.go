package app

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/qmpdash/qmpdash/qmp"
)

func TestWireLogRecords(t *testing.T) {
	path := filepath.Join(t.TempDir(), "session.jsonl")
	l, err := OpenWireLog(path, "vm1", "unix:/x.sock")
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 1, 2, 3, 4, 5, 678901000, time.UTC)
	l.Mark("connected", "")
	l.Tap(qmp.WireMessage{Dir: qmp.Out, Time: at, Data: []byte(`{"execute":"stop","id":1}`)})
	l.Tap(qmp.WireMessage{Dir: qmp.In, Time: at, Data: []byte("\xff{\"return\": 5}")})
	l.Tap(qmp.WireMessage{Dir: qmp.In, Time: at, Data: []byte("garbage\x1b[31m")})
	if err := l.Close(); err != nil || l.Err() != nil {
		t.Fatal(err, l.Err())
	}
	fi, _ := os.Stat(path)
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("mode %v", fi.Mode().Perm())
	}
	data, _ := os.ReadFile(path)
	lines := strings.Split(strings.TrimSuffix(string(data), "\n"), "\n")
	if len(lines) != 4 {
		t.Fatalf("%d lines: %s", len(lines), data)
	}
	type record struct {
		Time, VM, Addr, Dir, Mark string
		Msg                       json.RawMessage
	}
	for i, want := range []string{"mark:connected", `out:{"execute":"stop","id":1}`, `in:{"return": 5}`, `in:"garbage\u001b[31m"`} {
		var rec record
		if err := json.Unmarshal([]byte(lines[i]), &rec); err != nil {
			t.Fatalf("line %d not JSON: %v", i, err)
		}
		got := rec.Dir + ":" + string(rec.Msg)
		if rec.Mark != "" {
			got = "mark:" + rec.Mark
		}
		if got != want || rec.VM != "vm1" || rec.Addr != "unix:/x.sock" {
			t.Errorf("line %d = %s, want %s", i, lines[i], want)
		}
	}
	if !strings.Contains(lines[1], `"time":"2026-01-02T03:04:05.678901Z"`) {
		t.Errorf("time not RFC 3339 with µs: %s", lines[1])
	}
}
