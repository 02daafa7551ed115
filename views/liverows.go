package views

import (
	"github.com/gdamore/tcell/v2"
	"github.com/qmpdash/qmpdash/app/live"
	"github.com/qmpdash/qmpdash/views/headless"
	"github.com/qmpdash/qmpdash/views/widget"
	"hash/fnv"
)

// liveGauges draw a live view's bars.
var liveGauges = headless.Gauges{Bar: widget.ProgressBar, Spark: widget.Sparkline}

// liveRows renders a live table's rows, as of the last snapshot, for a
// ListPane: the cells as the headless table writes them, a finished row
// dimmed, a status that failed in the error style.
type liveRows struct {
	table *live.Table
	theme widget.Theme
	rows  []live.Row
}

// snapshot takes the table's rows; UI goroutine.
func (r *liveRows) snapshot() { r.rows = r.table.Rows() }

// Key identifies row i by its VM and row key, so that the cursor stays on
// the same job while others come and go (the pane holds it by key).
func (r *liveRows) Key(i int) (uint64, bool) {
	if i < 0 || i >= len(r.rows) {
		return 0, false
	}
	return rowKey(r.rows[i]), true
}

// Locate finds the row with key, else the first row.
func (r *liveRows) Locate(key uint64) (int, bool) {
	for i, row := range r.rows {
		if rowKey(row) == key {
			return i, true
		}
	}
	return 0, false
}

// Lost says the selected row left.
func (r *liveRows) Lost() string { return "the selected row is gone" }

// rowKey hashes a row's identity.
func rowKey(row live.Row) uint64 {
	h := fnv.New64a()
	h.Write([]byte(row.VM))
	h.Write([]byte{0})
	h.Write([]byte(row.Key))
	return h.Sum64()
}

// Len is the number of rows.
func (r *liveRows) Len() int { return len(r.rows) }

// header names the columns.
func (r *liveRows) header(width int) widget.Line {
	if r.table == nil {
		return nil
	}
	line := widget.Line{}
	for _, c := range r.table.View().Columns {
		line = append(line, widget.Span{Text: pad(c.Name, c.Width+1), Style: r.theme.Title})
	}
	return line
}

// Rows renders rows [from, from+n).
func (r *liveRows) Rows(from, n, width int) []widget.Line {
	cols := r.table.View().Columns
	out := make([]widget.Line, 0, n)
	for i := from; i < from+n && i < len(r.rows); i++ {
		row := r.rows[i]
		texts := headless.LiveText(cols, row, liveGauges)
		line := make(widget.Line, len(cols))
		for j, c := range cols {
			line[j] = widget.Span{Text: pad(texts[j], c.Width+1), Style: r.cellStyle(row, c)}
		}
		out = append(out, line)
	}
	return out
}

// cellStyle is how one cell of row stands out.
func (r *liveRows) cellStyle(row live.Row, c live.Column) tcell.Style {
	th := r.theme
	switch {
	case row.Finished && row.Status != "failed":
		return th.Dim
	case c.Name == "ERROR" || row.Status == "failed":
		return th.Error
	case c.Kind == live.Progress || c.Kind == live.ProgressLeft || c.Kind == live.Trend:
		return th.OK
	}
	return th.Base
}
