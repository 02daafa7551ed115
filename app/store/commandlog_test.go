package store

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/qmpdash/qmpdash/qmp"
)

var cmdT0 = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)

// clockedCommandLog returns a log whose clock reads cmdT0.
func clockedCommandLog(capacity int) *CommandLog {
	l := NewCommandLog(Limits{Count: capacity})
	l.clock = func() time.Time { return cmdT0 }
	return l
}

// reply is a Response as qmp.Client.Do returns it, 30 ms after sending.
func reply(raw string) *qmp.Response {
	return &qmp.Response{
		Raw:      []byte(raw),
		Request:  []byte(`{"execute":"stop","id":1}`),
		Sent:     cmdT0.Add(time.Millisecond),
		Received: cmdT0.Add(31 * time.Millisecond),
	}
}

func TestCommandLogOutcomes(t *testing.T) {
	errReply := `{"error": {"class": "GenericError", "desc": "no such device"}, "id": 1}`
	tests := []struct {
		name       string
		resp       *qmp.Response
		err        error
		status     CommandStatus
		class      string
		desc       string
		hasReply   bool
		wantLatent time.Duration
	}{
		{"ok", reply(`{"return": {}, "id": 1}`), nil, OK, "", "", true, 30 * time.Millisecond},
		{"qmp error", reply(errReply), &qmp.Error{Class: "GenericError", Desc: "no such device"},
			Failed, "GenericError", "no such device", true, 30 * time.Millisecond},
		{"interrupted", nil, fmt.Errorf("%w: %w", qmp.ErrInterrupted, io.ErrUnexpectedEOF),
			Interrupted, "", qmp.ErrInterrupted.Error() + ": unexpected EOF", false, 0},
		{"timed out", nil, context.DeadlineExceeded, TimedOut, "", "context deadline exceeded", false, 0},
		{"cancelled", nil, context.Canceled, Failed, "", "context canceled", false, 0},
		{"not ready", nil, qmp.ErrNotReady, Failed, "", qmp.ErrNotReady.Error(), false, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := clockedCommandLog(10)
			seq := l.Start(CommandEntry{Text: "stop", Name: "stop", VM: "vm1"})
			if l.Pending() != 1 {
				t.Fatalf("Pending %d after Start, want 1", l.Pending())
			}
			l.Finish(seq, tt.resp, tt.err)
			e, ok := l.Get(seq)
			if !ok {
				t.Fatal("entry lost")
			}
			if e.Status != tt.status || e.ErrClass != tt.class || e.ErrDesc != tt.desc {
				t.Errorf("got %v %q %q, want %v %q %q", e.Status, e.ErrClass, e.ErrDesc, tt.status, tt.class, tt.desc)
			}
			if (e.Reply != nil) != tt.hasReply || e.Latency() != tt.wantLatent {
				t.Errorf("reply %q latency %v, want reply %v latency %v", e.Reply, e.Latency(), tt.hasReply, tt.wantLatent)
			}
			if tt.hasReply && string(e.Request) != string(tt.resp.Request) {
				t.Errorf("Request %q, want the wire bytes %q", e.Request, tt.resp.Request)
			}
			if l.Pending() != 0 || e.Late || e.VM != "vm1" || e.Text != "stop" {
				t.Errorf("Pending %d, entry %+v", l.Pending(), e)
			}
		})
	}
}

func TestCommandLogLateReply(t *testing.T) {
	tests := []struct {
		name   string
		first  error
		resp   *qmp.Response
		err    error
		status CommandStatus
		class  string
	}{
		{"ok after timeout", context.DeadlineExceeded, reply(`{"return": {}, "id": 1}`), nil, OK, ""},
		{"error after timeout", context.DeadlineExceeded, reply(`{"error": {"class": "DeviceNotFound", "desc": "x"}}`),
			&qmp.Error{Class: "DeviceNotFound", Desc: "x"}, Failed, "DeviceNotFound"},
		{"ok after cancel", context.Canceled, reply(`{"return": {}, "id": 1}`), nil, OK, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := clockedCommandLog(10)
			seq := l.Start(CommandEntry{Name: "stop"})
			l.Finish(seq, nil, tt.first)
			if e, _ := l.Get(seq); e.Latency() != 0 || e.Late {
				t.Errorf("before the late reply: latency %v late %v", e.Latency(), e.Late)
			}
			late := tt.resp
			late.Sent = time.Time{} // OnLateReply's Response lacks the send time
			l.Finish(seq, late, tt.err)
			e, _ := l.Get(seq)
			if !e.Late || e.Status != tt.status || e.ErrClass != tt.class || string(e.Reply) != string(late.Raw) {
				t.Errorf("late reply: %+v", e)
			}
			if e.Latency() != 31*time.Millisecond { // from Start's clock
				t.Errorf("late latency %v, want 31ms", e.Latency())
			}
			v := l.Version()
			l.Finish(seq, reply(`{"return": {"again": 1}}`), nil)
			if l.Version() != v {
				t.Error("a second reply changed the entry")
			}
		})
	}
}

func TestCommandLogIgnoresRepeatedOutcome(t *testing.T) {
	l := clockedCommandLog(10)
	seq := l.Start(CommandEntry{Name: "stop"})
	l.Finish(seq, nil, qmp.ErrInterrupted)
	v := l.Version()
	l.Finish(seq, nil, nil)
	l.Finish(seq+1, reply(`{"return": {}}`), nil)
	if e, _ := l.Get(seq); e.Status != Interrupted || l.Version() != v || l.Pending() != 0 {
		t.Errorf("status %v, version %d→%d, pending %d", e.Status, v, l.Version(), l.Pending())
	}
}

func TestCommandLogEviction(t *testing.T) {
	l := NewCommandLog(Limits{Count: 3})
	var seqs []uint64
	for i := range 5 {
		seqs = append(seqs, l.Start(CommandEntry{Text: fmt.Sprint("cmd", i)}))
	}
	if !slices.Equal(seqs, []uint64{1, 2, 3, 4, 5}) {
		t.Fatalf("Seqs %v", seqs)
	}
	if l.Len() != 3 || l.Evicted() != 2 || l.Pending() != 3 {
		t.Fatalf("Len %d Evicted %d Pending %d, want 3 2 3", l.Len(), l.Evicted(), l.Pending())
	}
	if _, ok := l.Get(2); ok {
		t.Error("Get found an evicted entry")
	}
	if e, ok := l.Get(3); !ok || e.Text != "cmd2" {
		t.Errorf("Get(3) = %+v, %v", e, ok)
	}
	if _, ok := l.Get(6); ok {
		t.Error("Get found an entry not yet started")
	}
	l.Finish(1, nil, nil) // evicted: ignored
	l.Finish(4, nil, nil)
	if l.Pending() != 2 {
		t.Errorf("Pending %d, want 2", l.Pending())
	}
	if NewCommandLog(Limits{Count: -1}).ring.limit != DefaultCommandLogSize {
		t.Error("capacity -1 does not mean DefaultCommandLogSize")
	}
}

func TestCommandLogRange(t *testing.T) {
	l := NewCommandLog(Limits{Count: 4})
	for i := range 6 {
		l.Start(CommandEntry{Text: fmt.Sprint(i)})
	}
	tests := []struct {
		from, n int
		want    []string
	}{
		{0, 2, []string{"2", "3"}},
		{1, 2, []string{"3", "4"}},
		{2, 10, []string{"4", "5"}},
		{4, 1, nil},
		{-1, 2, []string{"2"}},
	}
	for _, tt := range tests {
		var got []string
		for _, e := range l.Range(tt.from, tt.n, nil) {
			got = append(got, e.Text)
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("Range(%d, %d) = %v, want %v", tt.from, tt.n, got, tt.want)
		}
	}
}

func TestCommandLogSummary(t *testing.T) {
	long := `{"execute":"object-add","arguments":{"qom-type":"memory-backend-ram","id":"` + strings.Repeat("m", 300) + `"}}`
	tests := []struct {
		name        string
		entry       CommandEntry
		wantName    string
		wantSummary string
	}{
		{"from request", CommandEntry{Request: []byte(`{"execute":"block_resize","arguments":{"device":"virtio0","size":1073741824},"id":3}`)},
			"block_resize", "device=virtio0 size=1073741824 (1 GiB)"},
		{"nested and quoted", CommandEntry{Request: []byte(`{"exec-oob":"migrate-pause","arguments":{"a":{"b":"two words"}}}`)},
			"migrate-pause", `a.b="two words"`},
		{"no arguments", CommandEntry{Request: []byte(`{"execute":"stop","id":1}`)}, "stop", ""},
		{"given fields kept", CommandEntry{Name: "quit", Summary: "mine", Request: []byte(`{"execute":"stop"}`)}, "quit", "mine"},
		{"long", CommandEntry{Request: []byte(long)}, "object-add",
			("qom-type=memory-backend-ram id=" + strings.Repeat("m", 300))[:maxSummaryRunes-1] + "…"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := NewCommandLog(Limits{Count: 10})
			e, _ := l.Get(l.Start(tt.entry))
			if e.Name != tt.wantName {
				t.Errorf("Name %q, want %q", e.Name, tt.wantName)
			}
			if e.Summary != tt.wantSummary {
				t.Errorf("Summary %q, want %q", e.Summary, tt.wantSummary)
			}
		})
	}

	// Without the request at Start, the summary comes from the bytes sent.
	l := NewCommandLog(Limits{Count: 10})
	seq := l.Start(CommandEntry{Text: "device_del id=nic0", Name: "device_del"})
	resp := reply(`{"return": {}}`)
	resp.Request = []byte(`{"execute":"device_del","arguments":{"id":"nic0"},"id":7}`)
	l.Finish(seq, resp, nil)
	if e, _ := l.Get(seq); e.Summary != "id=nic0" {
		t.Errorf("summary from the sent request %q, want id=nic0", e.Summary)
	}
}

func TestCommandLogVersionAndStatusNames(t *testing.T) {
	l := NewCommandLog(Limits{Count: 10})
	v0 := l.Version()
	seq := l.Start(CommandEntry{})
	v1 := l.Version()
	l.Range(0, 1, nil)
	l.Get(seq)
	if v1 == v0 || l.Version() != v1 {
		t.Errorf("versions %d %d %d: Start must change it, reads must not", v0, v1, l.Version())
	}
	l.Finish(seq, nil, errors.New("boom"))
	if l.Version() == v1 {
		t.Error("Finish did not change Version")
	}
	names := map[CommandStatus]string{Pending: "pending", OK: "ok", Failed: "failed",
		Interrupted: "interrupted — outcome unknown", TimedOut: "timed out", 42: "unknown"}
	for s, want := range names {
		if s.String() != want {
			t.Errorf("%d.String() = %q, want %q", int(s), s.String(), want)
		}
	}
}
