package session

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/qmpdash/qmpdash/app/cmdline"
	"github.com/qmpdash/qmpdash/app/store"
	"github.com/qmpdash/qmpdash/app/wirelog"
	"github.com/qmpdash/qmpdash/qmp/qmptest"
)

// A reply over the message bound is kept cut in the command log, and the
// session log still has it whole.
func TestSessionKeepsAHugeReplyCutAndLogsItWhole(t *testing.T) {
	path := filepath.Join(t.TempDir(), "session.jsonl")
	log, err := wirelog.Open(path, "vm1", "unused", 0)
	if err != nil {
		t.Fatal(err)
	}
	s, _, p := readySession(t, Config{Log: log, CommandLimits: store.Limits{MessageBytes: 64 << 10}})
	line, _ := cmdline.Parse("query-status")
	seq, err := s.Send(line, "query-status")
	if err != nil {
		t.Fatal(err)
	}
	ret := `{"status": "running", "blob": "` + strings.Repeat("z", 3<<20) + `"}`
	reply := qmptest.ReplyLine(p.Expect("query-status"), ret)
	p.Write(reply)
	qmptest.Eventually(t, "the reply", func() bool { e, _ := s.Commands.Get(seq); return e.Status == store.OK })
	e, _ := s.Commands.Get(seq)
	want := strings.TrimRight(reply, "\r\n")
	if e.ReplyFullSize != len(want) || len(e.Reply) != 64<<10 || !strings.HasPrefix(want, string(e.Reply)) {
		t.Fatalf("reply kept as %d bytes, full size %d; want 65536 of %d", len(e.Reply), e.ReplyFullSize, len(want))
	}
	if err := log.Close(); err != nil {
		t.Fatal(err)
	}
	recs, err := wirelog.Read(path, func(err error) { t.Error(err) })
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range recs {
		if len(r.Msg) == len(want) && string(r.Msg) == want {
			return
		}
	}
	t.Fatal("the session log does not have the reply whole")
}

func TestSessionEventLogStaysWithinItsByteBound(t *testing.T) {
	const size, bound = 1 << 20, 8 << 20
	s, _, p := readySession(t, Config{EventLimits: store.Limits{Bytes: bound}})
	head, tail := `{"event": "BIG", "data": {"n": 0, "blob": "`, `"}}`
	ev := head + strings.Repeat("x", size-len(head)-len(tail)) + tail + "\r\n"
	for range 30 {
		p.Write(ev)
	}
	qmptest.Eventually(t, "30 events", func() bool { u := s.Events.Usage(); return uint64(u.Entries)+u.Evicted == 30 })
	if u := s.Events.Usage(); u.Bytes > bound || u.Entries != 8 || u.Evicted != 22 {
		t.Fatalf("usage = %+v", u)
	}
}
