package store

import (
	"strings"
	"testing"
)

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
