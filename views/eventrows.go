package views

import (
	"fmt"
	"time"

	"github.com/qmpdash/qmpdash/app"
)

// eventSource is what eventRows reads: one VM's EventLog or the fleet's
// merged stream.
type eventSource interface {
	VisibleLen() int
	Visible(from, n int, dst []app.EventEntry) []app.EventEntry
	Usage() app.Usage
}

// eventRows renders an event log's visible entries as rows, with a VM
// column for the merged stream. While paused it keeps showing the rows it
// had; the log keeps recording.
type eventRows struct {
	log       eventSource
	theme     Theme
	showVM    bool
	localTime bool
	paused    bool
	frozenLen int
	buf       []app.EventEntry
	// data caches the DATA column of the rows last drawn, by Seq, for
	// dataWidth: condensing a large event takes milliseconds, and the
	// same rows are drawn at every frame.
	data      map[uint64]string
	dataWidth int
}

const (
	eventTimeWidth = 13
	eventNameWidth = 26
	eventVMWidth   = 14
)

func eventHeader(th Theme, showVM bool) Line {
	vm := ""
	if showVM {
		vm = pad("VM", eventVMWidth)
	}
	return Line{{Text: pad("TIME", eventTimeWidth) + vm + pad("EVENT", eventNameWidth) + "DATA", Style: th.Title}}
}

// Usage is the log's, for the pane's title.
func (r *eventRows) Usage() app.Usage { return r.log.Usage() }

// Len is the number of visible (filtered) rows.
func (r *eventRows) Len() int {
	if r.paused {
		return min(r.frozenLen, r.log.VisibleLen())
	}
	return r.log.VisibleLen()
}

// SetPaused freezes or releases the view.
func (r *eventRows) SetPaused(p bool) {
	r.paused, r.frozenLen = p, r.log.VisibleLen()
}

// Entry returns the visible entry at position i.
func (r *eventRows) Entry(i int) (app.EventEntry, bool) {
	if i < 0 {
		return app.EventEntry{}, false
	}
	got := r.log.Visible(i, 1, nil)
	if len(got) == 0 {
		return app.EventEntry{}, false
	}
	return got[0], true
}

// Rows renders [from, from+n).
func (r *eventRows) Rows(from, n, width int) []Line {
	r.buf = r.log.Visible(from, n, r.buf[:0])
	if width != r.dataWidth {
		r.data, r.dataWidth = nil, width
	}
	drawn := make(map[uint64]string, len(r.buf))
	lines := make([]Line, len(r.buf))
	for i, e := range r.buf {
		lines[i] = r.row(e, width, drawn)
	}
	r.data = drawn
	return lines
}

// row renders one entry, recording its DATA text in drawn.
func (r *eventRows) row(e app.EventEntry, width int, drawn map[uint64]string) Line {
	vm := ""
	if r.showVM {
		vm = Safe(e.VM) + ": "
	}
	switch {
	case e.Outage != nil:
		return Line{{Text: "── " + vm + e.Outage.String() + ": events of that time are lost ──", Style: r.theme.Warning.Reverse(true)}}
	case e.IsGap():
		return Line{{Text: fmt.Sprintf("── %s%d events dropped here: the display could not keep up ──", vm, e.Dropped), Style: r.theme.Warning}}
	}
	t := e.Timestamp
	if r.localTime || t.IsZero() {
		t = e.Received
	}
	line := Line{{Text: pad(clock(t, true), eventTimeWidth), Style: r.theme.Dim}}
	used := eventTimeWidth + eventNameWidth
	if r.showVM {
		line = append(line, Span{Text: pad(e.VM, eventVMWidth), Style: r.theme.Title})
		used += eventVMWidth
	}
	line = append(line, Span{Text: pad(e.Name, eventNameWidth), Style: r.theme.Key})
	if e.FullSize > 0 {
		return append(line, Span{Text: app.TruncatedNote(e.FullSize), Style: r.theme.Warning})
	}
	data, ok := r.data[e.Seq]
	if !ok {
		data = app.Condense(e.Data, max(width-used, 1))
	}
	drawn[e.Seq] = data
	return append(line, Span{Text: data, Style: r.theme.Base})
}

// clock formats a local time of day, with milliseconds if asked.
func clock(t time.Time, millis bool) string {
	if t.IsZero() {
		return "--:--:--"
	}
	if millis {
		return t.Local().Format("15:04:05.000")
	}
	return t.Local().Format("15:04:05")
}

// pad cuts or pads s to width cells, leaving one space of gutter.
func pad(s string, width int) string {
	r := []rune(Safe(s))
	switch {
	case width <= 0:
		return ""
	case len(r) >= width && width < 3:
		return spaces(width)
	case len(r) >= width:
		return string(r[:width-2]) + "… "
	}
	return string(r) + spaces(width-len(r))
}

func spaces(n int) string {
	b := make([]byte, max(n, 0))
	for i := range b {
		b[i] = ' '
	}
	return string(b)
}
