package views

import (
	"fmt"
	"github.com/gdamore/tcell/v2"
	"github.com/rivo/uniseg"
	"time"

	"github.com/qmpdash/qmpdash/app/store"
	"github.com/qmpdash/qmpdash/app/termtext"
	"github.com/qmpdash/qmpdash/views/widget"
)

// eventSource is what eventRows reads: one VM's EventLog or the fleet's
// merged stream.
type eventSource interface {
	VisibleLen() int
	Visible(from, n int, dst []store.EventEntry) []store.EventEntry
	Find(seq uint64) (pos int, exact bool)
	Usage() store.Usage
}

// eventRows renders an event log's visible entries as rows, with a VM
// column for the merged stream. While paused it keeps showing the rows it
// had, up to the newest event of the moment it paused, however many
// arrive or are evicted meanwhile; the log keeps recording.
type eventRows struct {
	log       eventSource
	theme     widget.Theme
	showVM    bool
	localTime bool
	paused    bool
	frozenSeq uint64 // the newest visible event's Seq when paused
	buf       []store.EventEntry
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

// Under narrowEvents cells, rows show the time to the second and the name
// column shrinks to each name; under tinyEvents they drop the time too: a
// pane of a 4-VM split on 80 columns still shows names and data.
const (
	narrowEvents = 60
	tinyEvents   = 30
	shortClock   = 9 // "15:04:05 "
)

// header renders the column titles for a pane's width; the time column's
// says which clock it shows.
func (r *eventRows) header(width int) widget.Line {
	th := r.theme
	long, short := "QEMU TIME", "QEMU"
	if r.localTime {
		long, short = "RECEIVED", "RECV"
	}
	switch {
	case width < tinyEvents:
		return widget.Line{{Text: "EVENT DATA", Style: th.Title}}
	case width < narrowEvents:
		return widget.Line{{Text: pad(short, shortClock) + "EVENT DATA", Style: th.Title}}
	}
	vm := ""
	if r.showVM {
		vm = pad("VM", eventVMWidth)
	}
	return widget.Line{{Text: pad(long, eventTimeWidth) + vm + pad("EVENT", eventNameWidth) + "DATA", Style: th.Title}}
}

// TitleNote says what the log evicted, for the pane's title.
func (r *eventRows) TitleNote() string { return evictionNote(r.log.Usage()) }

// Len is the number of visible (filtered) rows; while paused, those up to
// the frozen one.
func (r *eventRows) Len() int {
	if r.paused {
		n, _ := r.log.Find(r.frozenSeq + 1)
		return n
	}
	return r.log.VisibleLen()
}

// SetPaused freezes or releases the view.
func (r *eventRows) SetPaused(p bool) {
	r.paused, r.frozenSeq = p, 0
	if e, ok := r.Entry(r.log.VisibleLen() - 1); ok {
		r.frozenSeq = e.Seq
	}
}

// Entry returns the visible entry at position i.
func (r *eventRows) Entry(i int) (store.EventEntry, bool) {
	if i < 0 {
		return store.EventEntry{}, false
	}
	got := r.log.Visible(i, 1, nil)
	if len(got) == 0 {
		return store.EventEntry{}, false
	}
	return got[0], true
}

// Key is the Seq of the entry at position i: a pane holds its selection by
// it, so that evictions do not slide another event under the cursor.
func (r *eventRows) Key(i int) (uint64, bool) {
	e, ok := r.Entry(i)
	return e.Seq, ok
}

// Locate finds the position of the entry with Seq key, or of the first one
// after it when it is gone.
func (r *eventRows) Locate(key uint64) (pos int, exact bool) { return r.log.Find(key) }

// Lost is what the pane says when its selected entry was evicted.
func (r *eventRows) Lost() string { return "selected event evicted" }

// Rows renders [from, from+n).
func (r *eventRows) Rows(from, n, width int) []widget.Line {
	r.buf = r.log.Visible(from, n, r.buf[:0])
	if width != r.dataWidth {
		r.data, r.dataWidth = nil, width
	}
	drawn := make(map[uint64]string, len(r.buf))
	lines := make([]widget.Line, len(r.buf))
	for i, e := range r.buf {
		lines[i] = r.row(e, width, drawn)
	}
	r.data = drawn
	return lines
}

// row renders one entry, recording its DATA text in drawn.
func (r *eventRows) row(e store.EventEntry, width int, drawn map[uint64]string) widget.Line {
	vm := ""
	if r.showVM {
		vm = widget.Safe(e.VM) + ": "
	}
	switch {
	case e.Outage != nil:
		return widget.Line{{Text: "── " + vm + e.Outage.String() + ": events of that time are lost ──", Style: r.theme.Warning.Reverse(true)}}
	case e.IsGap():
		return widget.Line{{Text: fmt.Sprintf("── %s%d events dropped here: the display could not keep up ──", vm, e.Dropped), Style: r.theme.Warning}}
	}
	t := e.Timestamp
	if r.localTime || t.IsZero() {
		t = e.Received
	}
	nameStyle, dataStyle := r.theme.Key, r.theme.Base
	if e.Trouble {
		nameStyle, dataStyle = r.theme.Error.Bold(true), r.theme.Error
	}
	if width < narrowEvents {
		var line widget.Line
		if width >= tinyEvents {
			line = widget.Line{{Text: pad(clock(t, false), shortClock), Style: r.theme.Dim}}
		}
		if r.showVM {
			line = append(line, widget.Span{Text: pad(e.VM, min(eventVMWidth, len([]rune(e.VM))+1)), Style: r.theme.Title})
		}
		line = append(line, widget.Span{Text: pad(e.Name, min(eventNameWidth, len([]rune(e.Name))+1)), Style: nameStyle})
		return append(line, r.dataSpan(e, max(width-line.Width(), 1), dataStyle, drawn))
	}
	line := widget.Line{{Text: pad(clock(t, true), eventTimeWidth), Style: r.theme.Dim}}
	used := eventTimeWidth + eventNameWidth
	if r.showVM {
		line = append(line, widget.Span{Text: pad(e.VM, eventVMWidth), Style: r.theme.Title})
		used += eventVMWidth
	}
	line = append(line, widget.Span{Text: pad(e.Name, eventNameWidth), Style: nameStyle})
	return append(line, r.dataSpan(e, max(width-used, 1), dataStyle, drawn))
}

// dataSpan is the DATA column of an entry: its condensed data, from the
// cache when the row was drawn at this width before, or the note of a cut
// message. It records the text in drawn.
func (r *eventRows) dataSpan(e store.EventEntry, width int, style tcell.Style, drawn map[uint64]string) widget.Span {
	if e.FullSize > 0 {
		return widget.Span{Text: store.TruncatedNote(e.FullSize), Style: r.theme.Warning}
	}
	data, ok := r.data[e.Seq]
	if !ok {
		data = termtext.Condense(e.Data, width)
	}
	drawn[e.Seq] = data
	return widget.Span{Text: data, Style: style}
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

// pad cuts or pads s to width cells, leaving one space of gutter. Widths
// are counted in cells, cluster by cluster, as DrawLine draws them.
func pad(s string, width int) string {
	s = widget.Safe(s)
	w := widget.TextWidth(s)
	switch {
	case width <= 0:
		return ""
	case w >= width && width < 3:
		return spaces(width)
	case w >= width:
		cut := cutCells(s, width-2)
		return cut + "…" + spaces(width-1-widget.TextWidth(cut))
	}
	return s + spaces(width-w)
}

// cutCells is the longest prefix of s, in whole grapheme clusters, that
// fits in n cells.
func cutCells(s string, n int) string {
	end, col, state, rest := 0, 0, -1, s
	for rest != "" {
		var cluster string
		var w int
		cluster, rest, w, state = uniseg.FirstGraphemeClusterInString(rest, state)
		if col+w > n {
			break
		}
		col += w
		end += len(cluster)
	}
	return s[:end]
}

func spaces(n int) string {
	b := make([]byte, max(n, 0))
	for i := range b {
		b[i] = ' '
	}
	return string(b)
}
