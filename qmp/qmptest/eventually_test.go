//go:build linux

package qmptest

import (
	"strings"
	"testing"
	"time"
)

func TestEventuallyReturnsOnceTheConditionHolds(t *testing.T) {
	calls := 0
	Eventually(t, "the third call", func() bool { calls++; return calls == 3 })
	if calls != 3 {
		t.Errorf("cond called %d times, want 3", calls)
	}
}

func TestEventuallyFailsNamingWhatItWaitedFor(t *testing.T) {
	ft := &fatalTB{TB: t}
	done := make(chan struct{})
	go func() {
		defer close(done)
		EventuallyWithin(ft, 20*time.Millisecond, "the moon", func() bool { return false })
	}()
	<-done
	if !ft.fatal || !strings.Contains(ft.msg, "the moon") {
		t.Errorf("fatal=%v msg=%q, want a failure naming the moon", ft.fatal, ft.msg)
	}
}
