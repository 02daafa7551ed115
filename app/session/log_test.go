package session

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/qmpdash/qmpdash/app/store"
	"github.com/qmpdash/qmpdash/app/transport"
	"github.com/qmpdash/qmpdash/app/wirelog"
	"github.com/qmpdash/qmpdash/qmp/qmptest"
)

func TestSessionLogFloodKeepsEveryEvent(t *testing.T) {
	const n = 5000
	path := filepath.Join(t.TempDir(), "flood.jsonl")
	l, err := wirelog.Open(path, "vm1", "unused", 0)
	if err != nil {
		t.Fatal(err)
	}
	srv := qmptest.NewServer(t)
	cfg := Config{Log: l, Addr: srv.Path, Protocol: transport.ProtocolQMP, NoDocs: true, Keepalive: -1}
	s := New(cfg)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { s.Run(ctx); close(done) }()
	p := srv.Accept()
	serveSession(p, "running")
	var flood strings.Builder
	for i := range n {
		flood.WriteString(qmptest.EventLine("RTC_CHANGE", `{"offset": `+strconv.Itoa(i)+`}`))
	}
	p.Write(flood.String())
	qmptest.Eventually(t, "every event", func() bool { return s.Events.Len() == n })
	cancel()
	<-done
	if err := l.Close(); err != nil || l.Err() != nil {
		t.Fatal(err, l.Err())
	}

	fi, err := os.Stat(path)
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("stat: %v, mode %v", err, fi.Mode().Perm())
	}
	recs, err := wirelog.Read(path, func(err error) { t.Error(err) })
	if err != nil {
		t.Fatal(err)
	}
	var events, out, replies, greetings int
	var marks []string
	for _, r := range recs {
		switch {
		case r.Mark != "":
			marks = append(marks, r.Mark)
		case r.Dir == "out":
			out++
		case bytes.Contains(r.Msg, []byte(`"event"`)):
			events++
		case bytes.Contains(r.Msg, []byte(`"QMP"`)):
			greetings++
		default:
			replies++
			if r.LatencyUS < 0 || r.ID == nil {
				t.Errorf("reply without id or latency: %+v", r)
			}
		}
	}
	// qmp_capabilities, query-status, query-commands, query-qmp-schema
	if events != n || greetings != 1 || out != 4 || replies != 4 || strings.Join(marks, " ") != "connected disconnected" {
		t.Fatalf("%d events, %d greetings, %d requests, %d replies, marks %v", events, greetings, out, replies, marks)
	}
}

func TestSessionLogWriteFailureIsANotice(t *testing.T) {
	l, err := wirelog.Open("/dev/full", "vm1", "a", 0) // every write fails with ENOSPC
	if err != nil {
		t.Skipf("no /dev/full: %v", err)
	}
	defer l.Close()
	s, _, _ := readySession(t, Config{Log: l})
	qmptest.Eventually(t, "the failure notice", func() bool {
		for _, n := range s.Notices.All() {
			if n.Level == store.Failure && strings.Contains(n.Text, "session log stopped") && strings.Contains(n.Text, "no space") {
				return true
			}
		}
		return false
	})
	if l.Err() == nil {
		t.Fatal("Err is nil after a failed write")
	}
}
