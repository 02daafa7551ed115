package views

import (
	"fmt"

	"github.com/gdamore/tcell/v2"

	"github.com/qmpdash/qmpdash/app/store"
	"github.com/qmpdash/qmpdash/views/widget"
)

// commandRows renders a CommandLog as rows: time, command, argument
// summary, status and latency, errors standing out.
type commandRows struct {
	log   *store.CommandLog
	theme widget.Theme
	buf   []store.CommandEntry
}

const (
	cmdTimeWidth    = 9
	cmdNameWidth    = 24
	cmdStatusWidth  = 18
	cmdLatencyWidth = 9
)

// Under tinyCommands cells, rows drop the time and latency columns, so
// that a pane of a 4-VM split on 80 columns still shows names and statuses.
const tinyCommands = 30

// commandHeader renders the column titles for a pane's width.
func commandHeader(th widget.Theme) func(width int) widget.Line {
	return func(width int) widget.Line {
		if width < tinyCommands {
			return widget.Line{{Text: "COMMAND", Style: th.Title}}
		}
		// The titles stand over the columns the rows have at this width.
		c := commandColumnsFor(width)
		text := pad("TIME", c.time) + pad("COMMAND", c.name)
		if c.summary > 0 {
			text += "ARGUMENTS"
		}
		return widget.Line{{Text: text, Style: th.Title}}
	}
}

// commandColumns are the widths of a command row's columns.
type commandColumns struct{ time, name, summary, status, latency int }

// commandColumnsFor fits the columns in a pane of width cells. Status and
// latency matter most: in a narrow pane the summary gives way first, then
// the name column.
func commandColumnsFor(width int) commandColumns {
	c := commandColumns{time: cmdTimeWidth, latency: cmdLatencyWidth}
	if width < tinyCommands {
		c.time, c.latency = 0, 0
	}
	rest := max(width-c.time-c.latency, 0)
	c.status = min(cmdStatusWidth, max(rest/2, 4))
	if width < tinyCommands {
		c.status = min(cmdStatusWidth, max(rest/3, 4))
	}
	c.name = min(cmdNameWidth, rest-c.status)
	c.summary = rest - c.status - c.name
	return c
}

// TitleNote says what the log evicted, for the pane's title.
func (r *commandRows) TitleNote() string { return evictionNote(r.log.Usage()) }

// Len is the number of entries held.
func (r *commandRows) Len() int { return r.log.Len() }

// Entry returns the entry at position i.
func (r *commandRows) Entry(i int) (store.CommandEntry, bool) {
	if i < 0 {
		return store.CommandEntry{}, false
	}
	got := r.log.Range(i, 1, nil)
	if len(got) == 0 {
		return store.CommandEntry{}, false
	}
	return got[0], true
}

// Rows renders [from, from+n).
func (r *commandRows) Rows(from, n, width int) []widget.Line {
	r.buf = r.log.Range(from, n, r.buf[:0])
	lines := make([]widget.Line, len(r.buf))
	for i, e := range r.buf {
		lines[i] = r.row(e, width)
	}
	return lines
}

func (r *commandRows) row(e store.CommandEntry, width int) widget.Line {
	c := commandColumnsFor(width)
	status, style := r.status(e)
	latency := ""
	if e.Status != store.Pending {
		latency = fmt.Sprintf("%dms", e.Latency().Milliseconds())
	}
	base := r.theme.Base
	if e.Status == store.Failed {
		base = r.theme.Error
	}
	line := widget.Line{
		{Text: pad(clock(e.Sent, false), c.time), Style: r.theme.Dim},
		{Text: pad(e.Name, c.name), Style: r.theme.Key},
		{Text: pad(summaryFrom(e), c.summary), Style: base},
		{Text: pad(status, c.status), Style: style},
	}
	if c.latency > 0 {
		line = append(line, widget.Span{Text: fmt.Sprintf("%*s", c.latency-1, latency), Style: r.theme.Dim})
	}
	return line
}

// summaryFrom is the arguments column: the summary, after the client the
// command came from in brackets when it was not the dashboard.
func summaryFrom(e store.CommandEntry) string {
	if e.From == "" {
		return e.Summary
	}
	return "[" + e.From + "] " + e.Summary
}

func (r *commandRows) status(e store.CommandEntry) (string, tcell.Style) {
	switch e.Status {
	case store.Pending:
		return "pending", r.theme.Pending
	case store.OK:
		return "ok", r.theme.OK
	case store.Failed:
		if e.ErrClass != "" {
			return e.ErrClass, r.theme.Error
		}
		return "failed", r.theme.Error
	case store.Interrupted:
		return "interrupted", r.theme.Warning // the detail view says the rest
	}
	return e.Status.String(), r.theme.Warning
}
