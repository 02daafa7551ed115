package live

import (
	"time"

	"github.com/tidwall/gjson"
)

// View describes a live resource view as data.
type View struct {
	// Name is the view's short name ("jobs"); Title heads it on screen.
	Name, Title string
	// Queries are sent in order on every refresh; their replies are joined
	// into rows by key (see Query).
	Queries []Query
	// Status is the path of a row's status, which decides the actions it
	// offers and whether it is finished.
	Status string
	// Finished lists the statuses of rows that are over: drawn greyed.
	Finished []string
	// Sampled makes a one-shot print (qmpdash block) wait for a second
	// refresh, so that its rates can be told.
	Sampled bool
	// Keep keeps rows that left the reply, greyed, until dismissed
	// (Table.Forget); otherwise they are dropped.
	Keep bool
	// Columns are the table's columns, in order.
	Columns []Column
	// Interval is the refresh period while the view is shown.
	Interval time.Duration
	// RefreshOn names events that refresh the view at once.
	RefreshOn []string
	// Summarised views feed the VM strip's and the overview tiles'
	// summaries: while hidden, one of their RefreshOn events has the VM
	// polled until nothing is under way. Any other view's poller, and
	// its event watcher, rest while it is hidden.
	Summarised bool
	// Actions are what a row offers, in the order the view lists them.
	Actions []Action
}

// Query is one request of a view's refresh.
type Query struct {
	// Command is the query sent (no arguments).
	Command string
	// As names the reply's part of a row: a column path "job.status"
	// reads member status of this query's element for the row.
	As string
	// Key is the path of the row key inside each element of an array
	// reply; "" means the reply is one object, the VM's only row.
	Key string
	// Optional queries add to rows the earlier queries made but make none
	// of their own; a row is made only by a query that is not optional.
	Optional bool
	// Every, above 1, asks the query at every Every-th periodic refresh
	// only; the refreshes between reuse its last reply. A refresh asked
	// for at once (the first, one on showing the view, one after a
	// RefreshOn event or a row's action) asks it too. For a part that
	// seldom changes, such as a block job's speed limit: each query asked
	// of 64 VMs every second costs about 0.3 % of a core.
	Every int
	// Elements, when set, replaces Key: it turns the reply into keyed
	// elements itself, in the order they are listed, as a tree (a PCI
	// bus's devices under their bridge, a block device's node chain).
	Elements func(reply gjson.Result) []Element
}

// Element is one row's part of a query's reply, as Query.Elements finds
// it.
type Element struct {
	// Key is the row key; Label names the row in a Tree column, indented
	// Depth steps.
	Key, Label string
	Depth      int
	// Raw is the element's JSON.
	Raw string
}

// Kind says how a column's value is computed and shown.
type Kind int

// The column kinds.
const (
	// Text is the value as it is (strings unquoted).
	Text Kind = iota
	// Bytes is a byte count ("256.0 MiB").
	Bytes
	// BytesPerSec is a rate the server reports ("10.0 MiB/s").
	BytesPerSec
	// Millis is a duration in milliseconds ("1m02s").
	Millis
	// Count is a plain number.
	Count
	// Progress is Path done of Total: a bar and a percent (Cell.Fraction).
	Progress
	// ProgressLeft is Progress where Path is what remains of Total (a
	// migration's RAM: zero pages are sent as almost nothing, so what was
	// transferred does not add up to the total).
	ProgressLeft
	// Rate is how fast Path grows, in bytes per second, from successive
	// samples.
	Rate
	// Trend is Rate's samples over the last minute (Cell.Series), for a
	// sparkline.
	Trend
	// ETA is the time left at the current Rate of Path towards Total.
	ETA
	// PagesPerSec is a page rate converted to bytes per second with the
	// page size at Total.
	PagesPerSec
	// CountRate is how fast a plain count at Path grows, per second, from
	// successive samples ("120/s").
	CountRate
	// Tree is the row's label, indented by its depth in the tree its
	// query's Elements made.
	Tree
	// Hex is a number in hexadecimal ("0x1af4").
	Hex
)

// fromSamples reports whether a column of kind k is computed from
// successive samples of its value.
func (k Kind) fromSamples() bool { return k == Rate || k == CountRate || k == Trend || k == ETA }

// Column is one column of a view's table.
type Column struct {
	// Name heads the column.
	Name string
	// Path is the value's path in the row ("job.current-progress"); "vm"
	// is the VM's name.
	Path string
	// Total is the path of the total for Progress and ETA, of the page
	// size for PagesPerSec.
	Total string
	Kind  Kind
	// Format, when set, writes a Text column's value (a block node's
	// cache flags as the mode's name).
	Format func(v gjson.Result) string
	// Width is the column's width in cells (the bar's width for Progress
	// and Trend).
	Width int
}

// TrendWindow is how far back a Trend column's samples reach.
const TrendWindow = time.Minute

// arrayOf is reply's elements when it is an array, else none (gjson would
// make an object its own only element).
func arrayOf(reply gjson.Result) []gjson.Result {
	if !reply.IsArray() {
		return nil
	}
	return reply.Array()
}
