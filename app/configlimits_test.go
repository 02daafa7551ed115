package app

import (
	"strings"
	"testing"
)

func TestConfigLimits(t *testing.T) {
	cfg, err := ParseConfig("c.toml", []byte("[limits]\nevents_bytes = \"64MiB\"\nreplies_bytes = \"1 G\"\nmessage_bytes = \"512k\"\n"))
	if err != nil {
		t.Fatal(err)
	}
	events, commands := cfg.MemoryLimits()
	if events != (Limits{Bytes: 64 << 20, MessageBytes: 512 << 10}) || commands != (Limits{Bytes: 1 << 30, MessageBytes: 512 << 10}) {
		t.Fatalf("limits = %+v, %+v", events, commands)
	}
	if NewEventLog(events).Usage().Limits != (Limits{Count: DefaultEventLogSize, Bytes: 64 << 20, MessageBytes: 512 << 10}) {
		t.Fatal("the event log does not take the configured limits")
	}

	events, commands = (&Config{}).MemoryLimits()
	if events != (Limits{}) || commands != (Limits{}) {
		t.Fatalf("no [limits]: %+v, %+v", events, commands)
	}
	if u := NewCommandLog(commands).Usage(); u.Limits.Bytes != DefaultReplyBytes || u.Limits.MessageBytes != DefaultMessageBytes {
		t.Fatalf("defaults: %+v", u.Limits)
	}
	// A message bound over the history's bound is the history's bound.
	if u := NewEventLog(Limits{Bytes: 100, MessageBytes: 1000}).Usage(); u.Limits.MessageBytes != 100 {
		t.Fatalf("message bound = %d", u.Limits.MessageBytes)
	}
}

func TestConfigLimitsErrorNamesLineAndKey(t *testing.T) {
	_, err := ParseConfig("c.toml", []byte("keymap = \"emacs\"\n[limits]\nevents_bytes = \"256MiB\"\nreplies_bytes = \"lots\"\n"))
	if err == nil || !strings.HasPrefix(err.Error(), `c.toml:4: limits.replies_bytes: "lots" is not a size`) {
		t.Fatalf("err = %v", err)
	}
	if _, err := ParseConfig("c.toml", []byte("[limits]\nevent_bytes = \"1M\"\n")); err == nil || !strings.Contains(err.Error(), "limits.event_bytes: unknown key") {
		t.Fatalf("misspelt key: %v", err)
	}
}

func TestRingPopThenPushAcrossBlocks(t *testing.T) {
	r := newRing[int](3 * ringBlock)
	next, oldest := 0, 0
	push := func(n int) {
		for range n {
			if old, evicted := r.push(next); evicted {
				if old != oldest {
					t.Fatalf("evicted %d, want %d", old, oldest)
				}
				oldest++
			}
			next++
		}
	}
	pop := func(n int) {
		for range n {
			if v := r.pop(); v != oldest {
				t.Fatalf("popped %d, want %d", v, oldest)
			}
			oldest++
		}
	}
	push(ringBlock + 500)
	pop(ringBlock)
	push(3 * ringBlock) // wraps round into the slots popped
	pop(10)
	push(20)
	for i := range r.len() {
		if *r.at(i) != oldest+i {
			t.Fatalf("at(%d) = %d, want %d", i, *r.at(i), oldest+i)
		}
	}
	if r.len() != next-oldest || r.len() > 3*ringBlock {
		t.Fatalf("len %d, want %d", r.len(), next-oldest)
	}
}

func TestNoticeLogBoundsTextAndCountsEvictions(t *testing.T) {
	var l NoticeLog
	l.max = 2
	l.Add(Failure, strings.Repeat("é", 10<<10))
	l.Add(Info, "b")
	l.Add(Info, "c")
	all := l.All()
	if l.Evicted() != 1 || len(all) != 2 || all[0].Text != "b" {
		t.Fatalf("evicted %d, notices %v", l.Evicted(), all)
	}
	l.max = 3
	l.Add(Failure, strings.Repeat("é", 10<<10))
	if n, _ := l.Latest(); len(n.Text) > maxNoticeBytes+len("…") || !strings.HasSuffix(n.Text, "é…") {
		t.Fatalf("a 20 KB notice is kept as %d bytes", len(n.Text))
	}
}
