package headless

import (
	"fmt"
	"io"
	"strings"
	"sync"
	"time"

	"github.com/qmpdash/qmpdash/app/termtext"
	"github.com/qmpdash/qmpdash/qmp"
)

// problemInterval is the least time between two problem reports.
const problemInterval = time.Second

// ProblemReport tells the user of a headless command, on stderr, what the
// connection skipped: messages that break the protocol (garbage, over-size
// or too deeply nested messages, replies nobody asked for), replies that
// came after their command gave up, and events that were dropped. A flood
// of them makes at most one line a second, each with the running totals
// and the latest problem escaped; Close prints what the last line missed.
// Methods are safe for concurrent use.
type ProblemReport struct {
	mu      sync.Mutex
	w       io.Writer
	bad     uint64 // messages that break the protocol
	late    uint64 // replies after their command gave up
	dropped uint64 // events lost
	latest  string
	dirty   bool // counted but not printed yet
	printed time.Time
	timer   *time.Timer
}

// NewProblemReport reports to w (a command's stderr).
func NewProblemReport(w io.Writer) *ProblemReport { return &ProblemReport{w: w} }

// SetOutput makes the lines from now on go to w: the interactive shell's
// line editor, which keeps its prompt intact around them, once it is up.
func (r *ProblemReport) SetOutput(w io.Writer) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.w = w
}

// Watch returns opts with the report told of protocol errors and late
// replies.
func (r *ProblemReport) Watch(opts qmp.Options) qmp.Options {
	opts.OnProtocolError = r.protocolError
	opts.OnLateReply = r.lateReply
	return opts
}

func (r *ProblemReport) protocolError(err error) {
	detail := err.Error()
	if pe, ok := err.(*qmp.ProtocolError); ok && len(pe.Raw) > 0 {
		detail += ": " + string(clipText(pe.Raw, 80))
	}
	r.add(func() { r.bad++; r.latest = detail })
}

func (r *ProblemReport) lateReply(resp *qmp.Response, _ error) {
	r.add(func() { r.late++; r.latest = "a late reply: " + string(clipText(resp.Raw, 80)) })
}

// DroppedEvents counts events lost before they could be printed.
func (r *ProblemReport) DroppedEvents(n uint64) {
	r.add(func() { r.dropped += n })
}

// add counts a problem and prints the totals now, or once a second has
// passed since the last line.
func (r *ProblemReport) add(count func()) {
	r.mu.Lock()
	defer r.mu.Unlock()
	count()
	r.dirty = true
	wait := problemInterval - time.Since(r.printed)
	switch {
	case wait <= 0:
		r.printLocked()
	case r.timer == nil:
		r.timer = time.AfterFunc(wait, r.flush)
	}
}

func (r *ProblemReport) flush() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.timer = nil
	r.printLocked()
}

// Close prints the totals if the last line does not have them yet.
func (r *ProblemReport) Close() {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.timer != nil {
		r.timer.Stop()
		r.timer = nil
	}
	r.printLocked()
}

func (r *ProblemReport) printLocked() {
	if !r.dirty {
		return
	}
	r.dirty, r.printed = false, time.Now()
	var parts []string
	if r.bad > 0 {
		parts = append(parts, plural(r.bad, "message")+" that broke the protocol skipped")
	}
	if r.late > 0 {
		parts = append(parts, plural(r.late, "late reply", "late replies")+" ignored")
	}
	if r.dropped > 0 {
		parts = append(parts, plural(r.dropped, "event")+" dropped")
	}
	line := "qmpdash: so far " + strings.Join(parts, ", ")
	if r.latest != "" && r.bad+r.late > 0 {
		line += "; latest: " + termtext.EscapeControls(r.latest)
	}
	fmt.Fprintln(r.w, line)
}

// plural renders "1 message" or "3 messages"; forms may give the singular
// and the plural when adding "s" is wrong.
func plural(n uint64, forms ...string) string {
	word := forms[0] + "s"
	if len(forms) > 1 {
		word = forms[1]
	}
	if n == 1 {
		word = forms[0]
	}
	return fmt.Sprintf("%d %s", n, word)
}

// clipText bounds how much of a hostile message a report repeats.
func clipText(b []byte, n int) []byte {
	if len(b) > n {
		return append(b[:n:n], "…"...)
	}
	return b
}
