package views

import (
	"fmt"

	"github.com/gdamore/tcell/v2"

	"github.com/qmpdash/qmpdash/app"
)

// commandRows renders a CommandLog as rows: time, command, argument
// summary, status and latency, errors standing out.
type commandRows struct {
	log   *app.CommandLog
	theme Theme
	buf   []app.CommandEntry
}

const (
	cmdTimeWidth    = 9
	cmdNameWidth    = 24
	cmdStatusWidth  = 18
	cmdLatencyWidth = 9
)

func commandHeader(th Theme) Line {
	return Line{{Text: pad("TIME", cmdTimeWidth) + pad("COMMAND", cmdNameWidth) + "ARGUMENTS", Style: th.Title}}
}

// Usage is the log's, for the pane's title.
func (r *commandRows) Usage() app.Usage { return r.log.Usage() }

// Len is the number of entries held.
func (r *commandRows) Len() int { return r.log.Len() }

// Entry returns the entry at position i.
func (r *commandRows) Entry(i int) (app.CommandEntry, bool) {
	if i < 0 {
		return app.CommandEntry{}, false
	}
	got := r.log.Range(i, 1, nil)
	if len(got) == 0 {
		return app.CommandEntry{}, false
	}
	return got[0], true
}

// Rows renders [from, from+n).
func (r *commandRows) Rows(from, n, width int) []Line {
	r.buf = r.log.Range(from, n, r.buf[:0])
	lines := make([]Line, len(r.buf))
	for i, e := range r.buf {
		lines[i] = r.row(e, width)
	}
	return lines
}

func (r *commandRows) row(e app.CommandEntry, width int) Line {
	// Status and latency matter most: in a narrow pane the summary gives
	// way first, then the name column.
	rest := max(width-cmdTimeWidth-cmdLatencyWidth, 0)
	statusWidth := min(cmdStatusWidth, max(rest/2, 4))
	nameWidth := min(cmdNameWidth, rest-statusWidth)
	summaryWidth := rest - statusWidth - nameWidth
	status, style := r.status(e)
	latency := ""
	if e.Status != app.Pending {
		latency = fmt.Sprintf("%dms", e.Latency().Milliseconds())
	}
	base := r.theme.Base
	if e.Status == app.Failed {
		base = r.theme.Error
	}
	return Line{
		{Text: pad(clock(e.Sent, false), cmdTimeWidth), Style: r.theme.Dim},
		{Text: pad(e.Name, nameWidth), Style: r.theme.Key},
		{Text: pad(e.Summary, summaryWidth), Style: base},
		{Text: pad(status, statusWidth), Style: style},
		{Text: fmt.Sprintf("%*s", cmdLatencyWidth-1, latency), Style: r.theme.Dim},
	}
}

func (r *commandRows) status(e app.CommandEntry) (string, tcell.Style) {
	switch e.Status {
	case app.Pending:
		return "pending", r.theme.Pending
	case app.OK:
		return "ok", r.theme.OK
	case app.Failed:
		if e.ErrClass != "" {
			return e.ErrClass, r.theme.Error
		}
		return "failed", r.theme.Error
	case app.Interrupted:
		return "interrupted", r.theme.Warning // the detail view says the rest
	}
	return e.Status.String(), r.theme.Warning
}
