package wirelog

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/qmpdash/qmpdash/qmp"
	"github.com/tidwall/gjson"
)

func TestWireLogRecords(t *testing.T) {
	path := filepath.Join(t.TempDir(), "session.jsonl")
	l, err := Open(path, "vm1", "unix:/x.sock", 0)
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

func TestWireLogPairsRepliesWithRequests(t *testing.T) {
	path := filepath.Join(t.TempDir(), "session.jsonl")
	l, err := Open(path, "vm1", "unix:/x.sock", 0)
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 1, 2, 3, 4, 5, 0, time.Local)
	l.Tap(qmp.WireMessage{Dir: qmp.Out, Time: at, Data: []byte(`{"execute":"stop","id":{"a":1,"b":"x"}}`)})
	l.Tap(qmp.WireMessage{Dir: qmp.Out, Time: at, Data: []byte(`{"execute":"cont"}`)})
	l.Tap(qmp.WireMessage{Dir: qmp.In, Time: at.Add(time.Millisecond), Data: []byte(`{"event":"STOP"}`)})
	// the echo re-spaces and reorders the id; it still pairs
	l.Tap(qmp.WireMessage{Dir: qmp.In, Time: at.Add(1500 * time.Microsecond), Data: []byte(`{"return": {}, "id": {"b": "x", "a": 1}}`)})
	l.Tap(qmp.WireMessage{Dir: qmp.In, Time: at.Add(2 * time.Millisecond), Data: []byte(`{"error": {"class": "GenericError", "desc": "no"}}`)})
	l.Tap(qmp.WireMessage{Dir: qmp.In, Time: at.Add(3 * time.Millisecond), Data: []byte(`{"return": {}, "id": 99}`)})
	l.Close()
	recs, err := Read(path, func(err error) { t.Error(err) })
	if err != nil || len(recs) != 6 {
		t.Fatalf("%d records, %v", len(recs), err)
	}
	for i, want := range []struct {
		id      string
		latency int64
	}{{"", -1}, {"", -1}, {"", -1}, {`{"a":1,"b":"x"}`, 1500}, {"", 2000}, {"", -1}} {
		if string(recs[i].ID) != want.id || recs[i].LatencyUS != want.latency {
			t.Errorf("record %d: id %s latency %d, want %s %d", i, recs[i].ID, recs[i].LatencyUS, want.id, want.latency)
		}
	}
	if !recs[0].Time.Equal(at) {
		t.Errorf("time %v, want %v", recs[0].Time, at)
	}
}

func TestWireLogRotatesAndKeepsThree(t *testing.T) {
	path := filepath.Join(t.TempDir(), "session.jsonl")
	l, err := Open(path, "vm1", "a", 1000)
	if err != nil {
		t.Fatal(err)
	}
	const n = 100 // about 100 bytes each: ten files' worth
	for i := range n {
		l.Tap(qmp.WireMessage{Dir: qmp.In, Time: time.Now(), Data: fmt.Appendf(nil, `{"event":"E","data":{"n":%d}}`, i)})
	}
	if err := l.Close(); err != nil || l.Err() != nil {
		t.Fatal(err, l.Err())
	}
	var last []int
	for _, name := range []string{path + ".3", path + ".2", path + ".1", path} {
		fi, err := os.Stat(name)
		if err != nil {
			t.Fatal(err)
		}
		if fi.Size() > 1000 || fi.Mode().Perm() != 0o600 {
			t.Errorf("%s: %d bytes, mode %v", name, fi.Size(), fi.Mode().Perm())
		}
		recs, _ := Read(name, func(err error) { t.Error(err) })
		for _, r := range recs {
			last = append(last, int(gjson.GetBytes(r.Msg, "data.n").Int()))
		}
	}
	if _, err := os.Stat(path + ".4"); err == nil {
		t.Error("a fourth rotated file was kept")
	}
	// the newest records, in order, end with the last one written
	for i := 1; i < len(last); i++ {
		if last[i] != last[i-1]+1 {
			t.Fatalf("records out of order across files: %v", last)
		}
	}
	if len(last) == 0 || last[len(last)-1] != n-1 {
		t.Fatalf("last record %v", last)
	}
}

func TestWireLogsSharingAFileNeverInterleave(t *testing.T) {
	path := filepath.Join(t.TempDir(), "shared.jsonl")
	const perVM = 2000
	var wg sync.WaitGroup
	for _, vm := range []string{"web1", "web2", "db"} {
		l, err := Open(path, vm, "unix:/"+vm, 0)
		if err != nil {
			t.Fatal(err)
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer l.Close()
			big := `{"event":"X","data":{"pad":"` + strings.Repeat("p", 5000) + `"}}`
			for range perVM {
				l.Tap(qmp.WireMessage{Dir: qmp.In, Time: time.Now(), Data: []byte(big)})
			}
		}()
	}
	wg.Wait()
	count := map[string]int{}
	recs, err := Read(path, func(err error) { t.Error(err) })
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range recs {
		count[r.VM]++
	}
	if count["web1"] != perVM || count["web2"] != perVM || count["db"] != perVM {
		t.Fatalf("records per VM: %v", count)
	}
}

func TestWireLogMarksClientStates(t *testing.T) {
	path := filepath.Join(t.TempDir(), "states.jsonl")
	l, _ := Open(path, "vm1", "a", 0)
	for _, st := range []qmp.Status{{State: qmp.StateConnecting}, {State: qmp.StateNegotiating}, {State: qmp.StateReady},
		{State: qmp.StateClosed, Err: errors.New("qmp: read a: EOF")}} {
		l.OnState(st)
	}
	l.Close()
	recs, _ := Read(path, func(err error) { t.Error(err) })
	if len(recs) != 2 || recs[0].Mark != "connected" || recs[1].Mark != "disconnected" || recs[1].Detail != "qmp: read a: EOF" {
		t.Fatalf("markers %+v", recs)
	}
}
