package store

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/qmpdash/qmpdash/qmp"
)

// bigEvent is an event whose message is size bytes long.
func bigEvent(seq, size int) qmp.Event {
	head := fmt.Sprintf(`{"event": "BIG", "data": {"n": %d, "blob": "`, seq)
	tail := `"}}`
	raw := []byte(head + strings.Repeat("x", size-len(head)-len(tail)) + tail)
	return qmp.Event{Name: "BIG", Raw: raw, Data: raw[len(`{"event": "BIG", "data": `) : len(raw)-1]}
}

func TestEventLogEvictsByBytes(t *testing.T) {
	const size, bound = 1 << 20, 10 << 20
	l := NewEventLog(Limits{Bytes: bound})
	for i := range 50 {
		l.Append(bigEvent(i, size))
		if u := l.Usage(); u.Bytes > bound {
			t.Fatalf("after %d events of 1 MiB the log holds %d bytes, over its bound of %d", i+1, u.Bytes, bound)
		}
	}
	u := l.Usage()
	if u.Entries != 10 || u.Evicted != 40 || u.EvictedBytes != 40*size || u.Bytes != 10*size {
		t.Fatalf("usage = %+v, want 10 entries of 1 MiB kept and 40 evicted", u)
	}
	got := l.Visible(0, 100, nil)
	if len(got) != 10 || got[0].Seq != 41 || got[9].Seq != 50 || l.VisibleLen() != 10 {
		t.Fatalf("visible: %d entries from #%d", len(got), got[0].Seq)
	}
	// The log is full to the byte: a small event takes one big one's place.
	l.Append(qmp.Event{Name: "SMALL", Raw: []byte(`{"event": "SMALL"}`)})
	if u := l.Usage(); u.Entries != 10 || u.Evicted != 41 || u.Bytes > bound {
		t.Fatalf("after a small event: %+v", u)
	}
	if got := l.Visible(0, 100, nil); got[0].Seq != 42 || got[9].Name != "SMALL" {
		t.Fatalf("visible from #%d to %s", got[0].Seq, got[9].Name)
	}
}

func TestEventLogKeepsAHugeEventCut(t *testing.T) {
	l := NewEventLog(Limits{MessageBytes: 64 << 10})
	whole := bigEvent(1, 1<<20)
	l.Append(whole, qmp.Event{Name: "SMALL", Raw: []byte(`{"event": "SMALL"}`)})
	got := l.Visible(0, 2, nil)
	if got[0].FullSize != 1<<20 || len(got[0].Raw) != 64<<10 || got[0].Data != nil || !bytes.HasPrefix(whole.Raw, got[0].Raw) {
		t.Fatalf("huge event kept as %d bytes of %d, data %d bytes", len(got[0].Raw), got[0].FullSize, len(got[0].Data))
	}
	if &got[0].Raw[0] == &whole.Raw[0] {
		t.Fatal("the cut event still holds the whole message's memory")
	}
	if got[1].FullSize != 0 || string(got[1].Raw) != `{"event": "SMALL"}` {
		t.Fatalf("a small event was cut: %+v", got[1])
	}
	if u := l.Usage(); u.Truncated != 1 || u.Bytes != 64<<10+int64(len(got[1].Raw)) {
		t.Fatalf("usage = %+v", u)
	}
}

func TestMergedEventsBoundsTheBytesItHoldsBack(t *testing.T) {
	const size, bound = 1 << 20, 8 << 20
	m := NewMergedEvents(Limits{Bytes: bound}, 0)
	for i := range 40 { // nobody reads: nothing would ever settle
		m.Add("vm1", []qmp.Event{bigEvent(i, size)})
	}
	m.mu.Lock()
	staged := m.stagedBytes
	m.mu.Unlock()
	if u := m.Usage(); staged > bound || u.Bytes > bound || staged+u.Bytes > 2*bound {
		t.Fatalf("merged stream holds %d bytes back and %d stored, bound %d", staged, u.Bytes, bound)
	}
}

func TestCommandLogEvictsByBytes(t *testing.T) {
	const size, bound = 1 << 20, 5 << 20
	l := NewCommandLog(Limits{Bytes: bound})
	reply := []byte(`{"return": "` + strings.Repeat("y", size-14) + `"}`)
	for range 20 {
		seq := l.Start(CommandEntry{Request: []byte(`{"execute": "x-big"}`)})
		l.Finish(seq, &qmp.Response{Raw: reply}, nil)
		if u := l.Usage(); u.Bytes > bound {
			t.Fatalf("the command log holds %d bytes, over its bound of %d", u.Bytes, bound)
		}
	}
	u := l.Usage()
	if u.Entries != 4 || u.Evicted != 16 || u.EvictedBytes != 16*uint64(size+20) || l.Pending() != 0 {
		t.Fatalf("usage = %+v, pending %d", u, l.Pending())
	}
}

func TestCommandLogCountsEvictedPendingCommands(t *testing.T) {
	l := NewCommandLog(Limits{Bytes: 100})
	l.Start(CommandEntry{Request: bytes.Repeat([]byte("a"), 60)})
	l.Start(CommandEntry{Request: bytes.Repeat([]byte("b"), 60)})
	if l.Len() != 1 || l.Pending() != 1 || l.Usage().Evicted != 1 {
		t.Fatalf("len %d, pending %d, usage %+v", l.Len(), l.Pending(), l.Usage())
	}
}

func TestTruncateCutsAtACharacter(t *testing.T) {
	msg := []byte(`"` + strings.Repeat("é", 10) + `"`)
	for max := 1; max < len(msg); max++ {
		kept, full := truncate(msg, max)
		if full != len(msg) || len(kept) > max || !utf8.Valid(kept) || !bytes.HasPrefix(msg, kept) {
			t.Fatalf("max %d: kept %q of %d", max, kept, full)
		}
	}
	if kept, full := truncate(msg, len(msg)); full != 0 || &kept[0] != &msg[0] {
		t.Fatal("a message that fits was copied or marked cut")
	}
}
