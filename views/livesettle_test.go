package views

import (
	"errors"
	"testing"
	"time"

	"github.com/qmpdash/qmpdash/app/live"
)

func TestTableSettlerBatchesARoundOfRefreshesIntoOneFrame(t *testing.T) {
	table := live.NewTable(live.JobsView())
	var s tableSettler
	t0 := time.Unix(1000, 0)
	first, again := s.take(table, t0)
	if !again.IsZero() {
		t.Fatalf("a table just shown holds something back until %v", again)
	}
	change := func() { table.Fail("vm", errors.New("x")) }

	// A round: three VMs' refreshes 10 ms apart.
	for i := range 3 {
		change()
		at := t0.Add(time.Duration(i*10) * time.Millisecond)
		v, again := s.take(table, at)
		if v != first {
			t.Fatalf("change %d let through at once", i)
		}
		if want := at.Add(liveSettle); !again.Equal(want) {
			t.Fatalf("change %d: look again at %v, want %v", i, again, want)
		}
	}
	quietAt := t0.Add(20*time.Millisecond + liveSettle)
	if v, _ := s.take(table, quietAt.Add(-time.Millisecond)); v != first {
		t.Fatal("the round let through before the table was quiet for liveSettle")
	}
	v, again := s.take(table, quietAt)
	if v != table.Version() || !again.IsZero() {
		t.Fatalf("quiet for liveSettle: %d (want %d), again %v", v, table.Version(), again)
	}

	// A table that never stays quiet still makes a frame per liveFrames.
	start := quietAt.Add(time.Second)
	var let int
	for ms := 0; ms <= 1000; ms += 20 {
		change()
		if v, _ := s.take(table, start.Add(time.Duration(ms)*time.Millisecond)); v == table.Version() {
			let++
		}
	}
	if want := int(time.Second / liveFrames); let < want-1 || let > want {
		t.Errorf("a change every 20 ms for a second made %d frames, want about %d", let, want)
	}

	// Another view's table is shown as it is.
	other := live.NewTable(live.MigrationView())
	other.Fail("vm", errors.New("x"))
	if v, again := s.take(other, start.Add(2*time.Second)); v != other.Version() || !again.IsZero() {
		t.Errorf("another table: %d, again %v; want its version %d at once", v, again, other.Version())
	}
}
