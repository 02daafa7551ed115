package shell

import (
	"context"
	"fmt"

	"github.com/qmpdash/qmpdash/qmp"
	"github.com/qmpdash/qmpdash/views/headless"
)

// eventsBefore is how many of events, in arrival order, were read before
// the message numbered seq; gap markers stay with the event after them.
func eventsBefore(events []qmp.Event, seq uint64) int {
	for i, ev := range events {
		if !ev.IsGap() && ev.Seq > seq {
			for i > 0 && events[i-1].IsGap() {
				i--
			}
			return i
		}
	}
	return len(events)
}

// printEvents prints events as they arrive while the shell is idle.
func (sh *shell) printEvents(ctx context.Context) {
	for {
		select {
		case <-sh.sub.Ready():
			sh.mu.Lock()
			sh.flushEventsLocked()
			sh.mu.Unlock()
		case <-sh.client.Done():
			return
		case <-ctx.Done():
			return
		}
	}
}

func (sh *shell) flushEventsLocked() {
	sh.events = sh.sub.Drain(sh.events)
	if sh.busy {
		return
	}
	sh.printEventsLocked(sh.events)
	sh.events = sh.events[:0]
}

func (sh *shell) printEventsLocked(events []qmp.Event) {
	for _, ev := range events {
		if ev.IsGap() {
			fmt.Fprintf(sh.stderr, "(%d events dropped)\n", ev.Dropped)
			continue
		}
		headless.PrintReturn(sh.stdout, ev.Raw, false, sh.opts.Pretty)
	}
}
