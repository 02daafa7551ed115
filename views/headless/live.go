package headless

import (
	"encoding/json"
	"io"
	"strings"

	"github.com/qmpdash/qmpdash/app/live"
	"github.com/rivo/uniseg"
)

// Gauges draw a live view's bars as text; the caller passes the
// dashboard's own (views/widget's ProgressBar and Sparkline), so the
// headless tables match the screen without this package importing tview.
type Gauges struct {
	Bar   func(done float64, width int) string
	Spark func(values []float64, width int) string
}

// LiveText is a row's cells as the headless table and the dashboard show
// them: a Progress cell is its bar and percent, a Trend cell its
// sparkline, any other its text.
func LiveText(cols []live.Column, r live.Row, g Gauges) []string {
	out := make([]string, len(cols))
	for i, c := range cols {
		cell := r.Cells[i]
		switch {
		case (c.Kind == live.Progress || c.Kind == live.ProgressLeft) && cell.HasFraction:
			out[i] = g.Bar(cell.Fraction, c.Width-5) + " " + padLeft(cell.Text, 4)
		case c.Kind == live.Trend:
			out[i] = g.Spark(cell.Series, c.Width)
		case c.Kind == live.Text && c.Path == "job.status" && r.Gone:
			out[i] = "ended"
		default:
			out[i] = cell.Text
		}
	}
	return out
}

// PrintLive writes a view's rows as a table under a header, one line a
// row, each column cut or padded to its width, then a line for each VM
// whose last refresh failed; "(none)" when there are no rows. It makes one
// Write.
func PrintLive(w io.Writer, t *live.Table, vms []string, g Gauges) error {
	v := t.View()
	var b strings.Builder
	header := make([]string, len(v.Columns))
	for i, c := range v.Columns {
		header[i] = c.Name
	}
	writeRow(&b, v.Columns, header)
	rows := t.Rows()
	for _, r := range rows {
		writeRow(&b, v.Columns, LiveText(v.Columns, r, g))
	}
	if len(rows) == 0 {
		b.WriteString("(none)\n")
	}
	for _, vm := range vms {
		if err := t.Err(vm); err != "" {
			b.WriteString(vm + ": " + err + "\n")
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// writeRow writes one line of cells, each fitted to its column.
func writeRow(b *strings.Builder, cols []live.Column, cells []string) {
	parts := make([]string, len(cells))
	for i, s := range cells {
		parts[i] = fit(s, cols[i].Width)
	}
	b.WriteString(strings.TrimRight(strings.Join(parts, " "), " ") + "\n")
}

// padLeft right-aligns s in n cells.
func padLeft(s string, n int) string {
	return strings.Repeat(" ", max(n-uniseg.StringWidth(s), 0)) + s
}

// fit cuts s to n cells (ending in "…" when cut) or pads it with spaces.
func fit(s string, n int) string {
	if uniseg.StringWidth(s) <= n {
		return s + strings.Repeat(" ", n-uniseg.StringWidth(s))
	}
	var b strings.Builder
	w := 0
	g := uniseg.NewGraphemes(s)
	for g.Next() && w+g.Width() <= n-1 {
		b.WriteString(g.Str())
		w += g.Width()
	}
	return b.String() + "…" + strings.Repeat(" ", n-1-w)
}

// liveRecord is one row in PrintLiveJSON's output.
type liveRecord struct {
	VM       string            `json:"vm"`
	Key      string            `json:"key"`
	Label    string            `json:"label,omitempty"`
	Depth    int               `json:"depth,omitempty"`
	Status   string            `json:"status"`
	Finished bool              `json:"finished"`
	Gone     bool              `json:"gone"`
	Progress *float64          `json:"progress,omitempty"`
	Columns  map[string]string `json:"columns"`
	Data     json.RawMessage   `json:"data"`
}

// liveDocument is what PrintLiveJSON writes for one refresh.
type liveDocument struct {
	View   string            `json:"view"`
	Rows   []liveRecord      `json:"rows"`
	Errors map[string]string `json:"errors,omitempty"`
}

// PrintLiveJSON writes a view's rows as one line of JSON: the view's name,
// each row with its place in a tree (label, depth), its status, its formatted columns, its share done (of its
// first Progress column) and the server's data, and the VMs whose last
// refresh failed. Server text stays as JSON escapes, so it cannot steer a
// terminal.
func PrintLiveJSON(w io.Writer, t *live.Table, vms []string) error {
	v := t.View()
	doc := liveDocument{View: v.Name, Rows: []liveRecord{}}
	for _, r := range t.Rows() {
		rec := liveRecord{VM: r.VM, Key: r.Key, Label: r.Label, Depth: r.Depth, Status: r.Status, Finished: r.Finished, Gone: r.Gone,
			Columns: map[string]string{}, Data: r.Data}
		for i, c := range v.Columns {
			cell := r.Cells[i]
			if (c.Kind == live.Progress || c.Kind == live.ProgressLeft) && cell.HasFraction && rec.Progress == nil {
				f := cell.Fraction
				rec.Progress = &f
			}
			if c.Kind != live.Trend && cell.Text != "" {
				rec.Columns[c.Name] = cell.Text
			}
		}
		doc.Rows = append(doc.Rows, rec)
	}
	for _, vm := range vms {
		if err := t.Err(vm); err != "" {
			if doc.Errors == nil {
				doc.Errors = map[string]string{}
			}
			doc.Errors[vm] = err
		}
	}
	out, err := json.Marshal(doc)
	if err != nil {
		return err
	}
	_, err = w.Write(append(out, '\n'))
	return err
}
