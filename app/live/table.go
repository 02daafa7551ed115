package live

import (
	"cmp"
	"encoding/json"
	"math"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/qmpdash/qmpdash/app/bell"
	"github.com/qmpdash/qmpdash/app/termtext"
	"github.com/tidwall/gjson"
)

// Row is one row of a view: a VM's resource (a job, a migration) as the
// last refresh saw it.
type Row struct {
	// VM and Key identify the row: the VM's name and the row key (the job
	// id; "" for a VM's only row).
	VM, Key string
	// Label and Depth place the row in a tree (Query.Elements); Order is
	// its place in the VM's replies when the view's first query lists a
	// tree, else 0 (the rows sort by key).
	Label        string
	Depth, Order int
	// Data is the row's JSON: {"vm": NAME, AS: element, ...}, one member
	// per query that had an element for the row.
	Data []byte
	// Status is the value at the view's Status path.
	Status string
	// Finished is set for a status in View.Finished and for a row that
	// left the reply; Gone only for the latter.
	Finished, Gone bool
	// Cells are the row's columns, formatted.
	Cells []Cell
}

// Cell is one column's value of a row. Its Text is safe to draw: server
// text has its control characters made visible.
type Cell struct {
	Text string
	// Fraction is a Progress column's share done, 0..1, when HasFraction.
	Fraction    float64
	HasFraction bool
	// Series is a Trend column's rates, oldest first.
	Series []float64
}

// Table is a view's rows over all its VMs, kept by a Poller and read by
// whoever shows the view. It is safe for concurrent use.
type Table struct {
	view    *View
	version bell.Version
	mu      sync.Mutex
	rows    map[rowID]*rowState
	errs    map[string]string
}

type rowID struct{ vm, key string }

// rowState is a row with the counters its rates come from.
type rowState struct {
	Row
	counters map[string]*counter
}

// NewTable returns an empty table for v.
func NewTable(v *View) *Table {
	return &Table{view: v, rows: map[rowID]*rowState{}, errs: map[string]string{}}
}

// View returns the view the table holds rows of.
func (t *Table) View() *View { return t.view }

// Version grows whenever the rows change.
func (t *Table) Version() uint64 { return t.version.Load() }

// bump notes a change (the version rings the bell); t.mu is held.
func (t *Table) bump() { t.version.Bump() }

// Rows returns the rows, ordered by VM, then as the reply listed them
// (a tree's rows; Query.Elements), then by key. The slice is the
// caller's; the rows' Data and Cells must not be changed.
func (t *Table) Rows() []Row {
	t.mu.Lock()
	out := make([]Row, 0, len(t.rows))
	for _, r := range t.rows {
		out = append(out, r.Row)
	}
	t.mu.Unlock()
	slices.SortFunc(out, func(a, b Row) int {
		return cmp.Or(cmp.Compare(a.VM, b.VM), cmp.Compare(a.Order, b.Order), cmp.Compare(a.Key, b.Key))
	})
	return out
}

// Err is why the last refresh of vm failed, "" if it did not.
func (t *Table) Err(vm string) string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.errs[vm]
}

// Update replaces vm's rows with what the view's queries returned at at:
// replies holds one reply per query, nil for an optional one that failed.
// Rows no longer there are dropped, or, when the view keeps them, marked
// gone until Forget.
func (t *Table) Update(vm string, replies []json.RawMessage, at time.Time) {
	parts := map[string][]string{} // row key → `"as":element` members
	var made []Element             // the rows' keys, labels and depths, in order
	for i, q := range t.view.Queries {
		if i >= len(replies) || replies[i] == nil {
			continue
		}
		name, _ := json.Marshal(q.As)
		for _, e := range elements(q, replies[i]) {
			if _, ok := parts[e.Key]; !ok {
				if q.Optional {
					continue
				}
				made = append(made, e)
			}
			parts[e.Key] = append(parts[e.Key], string(name)+":"+e.Raw)
		}
	}
	// A view whose first query lists a tree keeps its rows in the order
	// the replies listed them; any other sorts them by key.
	tree := len(t.view.Queries) > 0 && t.view.Queries[0].Elements != nil
	vmJSON, _ := json.Marshal(vm)
	t.mu.Lock()
	defer t.mu.Unlock()
	delete(t.errs, vm)
	seen := map[string]bool{}
	for order, e := range made {
		key := e.Key
		seen[key] = true
		id := rowID{vm, key}
		r := t.rows[id]
		if r == nil || r.Gone {
			r = &rowState{Row: Row{VM: vm, Key: key}, counters: map[string]*counter{}}
			t.rows[id] = r
		}
		r.Label, r.Depth, r.Order = e.Label, e.Depth, 0
		if tree {
			r.Order = order
		}
		r.Data = []byte(`{"vm":` + string(vmJSON) + "," + strings.Join(parts[key], ",") + "}")
		r.Status = gjson.GetBytes(r.Data, t.view.Status).String()
		r.Finished = slices.Contains(t.view.Finished, r.Status)
		r.Cells = t.cells(r, at)
	}
	for id, r := range t.rows {
		if id.vm != vm || seen[id.key] || r.Gone {
			continue
		}
		if !t.view.Keep {
			delete(t.rows, id)
			continue
		}
		r.Gone, r.Finished = true, true
		r.Cells = stillCells(t.view.Columns, r.Cells)
	}
	t.bump()
}

// Fail notes that vm's refresh failed; its rows stay as they were.
func (t *Table) Fail(vm string, err error) {
	t.mu.Lock()
	t.errs[vm] = termtext.EscapeControls(err.Error())
	t.bump()
	t.mu.Unlock()
}

// Forget removes a row (a finished job the user dismissed).
func (t *Table) Forget(vm, key string) {
	t.mu.Lock()
	delete(t.rows, rowID{vm, key})
	t.bump()
	t.mu.Unlock()
}

// Drop removes every row of vm (a VM that left the dashboard).
func (t *Table) Drop(vm string) {
	t.mu.Lock()
	for id := range t.rows {
		if id.vm == vm {
			delete(t.rows, id)
		}
	}
	delete(t.errs, vm)
	t.bump()
	t.mu.Unlock()
}

// elements lists reply's elements, each with its row key: q.Elements's,
// the elements of an array by q.Key, or the whole reply as the row ""
// when q has neither. A key listed twice keeps its first element.
func elements(q Query, reply json.RawMessage) []Element {
	if q.Elements != nil {
		return firstOfEachKey(q.Elements(gjson.ParseBytes(reply)))
	}
	if q.Key == "" {
		return []Element{{Raw: string(reply)}}
	}
	var out []Element
	gjson.ParseBytes(reply).ForEach(func(_, e gjson.Result) bool {
		if k := e.Get(q.Key); k.Exists() {
			out = append(out, Element{Key: k.String(), Label: k.String(), Raw: e.Raw})
		}
		return true
	})
	return firstOfEachKey(out)
}

// firstOfEachKey drops the elements whose key an earlier one has.
func firstOfEachKey(es []Element) []Element {
	seen := make(map[string]bool, len(es))
	return slices.DeleteFunc(es, func(e Element) bool {
		dup := seen[e.Key]
		seen[e.Key] = true
		return dup
	})
}

// cells formats r's columns, feeding the rate counters the values read at
// at (once per path, however many columns read it).
func (t *Table) cells(r *rowState, at time.Time) []Cell {
	rates := map[string]float64{}
	for _, c := range t.view.Columns {
		if !c.Kind.fromSamples() {
			continue
		}
		if _, done := rates[c.Path]; done {
			continue
		}
		rates[c.Path] = math.NaN()
		v := gjson.GetBytes(r.Data, c.Path)
		if !v.Exists() {
			continue
		}
		cnt := r.counters[c.Path]
		if cnt == nil {
			cnt = &counter{}
			r.counters[c.Path] = cnt
		}
		rates[c.Path] = cnt.add(v.Float(), at)
	}
	cells := make([]Cell, len(t.view.Columns))
	for i, c := range t.view.Columns {
		if c.Kind == Tree {
			cells[i] = Cell{Text: strings.Repeat("  ", r.Depth) + termtext.EscapeControls(r.Label)}
			continue
		}
		cells[i] = cell(c, r.Data, rates[c.Path], r.counters[c.Path])
	}
	return cells
}

// cell formats one column of a row.
func cell(c Column, data []byte, rate float64, cnt *counter) Cell {
	v := gjson.GetBytes(data, c.Path)
	total := gjson.GetBytes(data, c.Total)
	switch c.Kind {
	case Trend:
		if cnt == nil {
			return Cell{}
		}
		return Cell{Series: cnt.rates()}
	case Rate:
		return Cell{Text: perSecond(rate)}
	case CountRate:
		return Cell{Text: countPerSecond(rate)}
	case ETA:
		if left, ok := TimeLeft(v.Float(), total.Float(), rate); ok && v.Exists() {
			return Cell{Text: FormatDuration(left)}
		}
		return Cell{}
	}
	if !v.Exists() || v.Type == gjson.Null {
		return Cell{}
	}
	if c.Format != nil {
		return Cell{Text: termtext.EscapeControls(c.Format(v))}
	}
	switch c.Kind {
	case Progress, ProgressLeft:
		done := v.Float()
		if c.Kind == ProgressLeft {
			done = total.Float() - done
		}
		f, ok := Fraction(done, total.Float())
		if !ok {
			return Cell{}
		}
		return Cell{Text: strconv.Itoa(int(f*100)) + "%", Fraction: f, HasFraction: true}
	case Bytes:
		return Cell{Text: termtext.FormatBytes(v.Uint())}
	case BytesPerSec:
		return Cell{Text: perSecond(v.Float())}
	case PagesPerSec:
		return Cell{Text: perSecond(v.Float() * max(total.Float(), 1))}
	case Millis:
		return Cell{Text: FormatDuration(time.Duration(v.Int()) * time.Millisecond)}
	case Hex:
		return Cell{Text: "0x" + strconv.FormatUint(v.Uint(), 16)}
	}
	return Cell{Text: termtext.EscapeControls(v.String())}
}

// perSecond writes a rate of bytes, "" when there is none.
func perSecond(r float64) string {
	if math.IsNaN(r) || r < 0 {
		return ""
	}
	return termtext.FormatBytes(uint64(r)) + "/s"
}

// countPerSecond writes a rate of a plain count, "" when there is none.
func countPerSecond(r float64) string {
	if math.IsNaN(r) || r < 0 {
		return ""
	}
	if r >= 10 || r == 0 {
		return strconv.FormatFloat(r, 'f', 0, 64) + "/s"
	}
	return strconv.FormatFloat(r, 'f', 1, 64) + "/s"
}

// stillCells are the cells of a row that left the reply: as last seen,
// less the rates and ETAs, which no longer move.
func stillCells(cols []Column, cells []Cell) []Cell {
	out := slices.Clone(cells)
	for i, c := range cols {
		if c.Kind.fromSamples() {
			out[i] = Cell{}
		}
	}
	return out
}
