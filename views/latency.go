package views

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gdamore/tcell/v2"
	"github.com/qmpdash/qmpdash/app/store"
	"github.com/qmpdash/qmpdash/views/widget"
	"github.com/rivo/tview"
)

// latencyPage names the latency histogram overlay in the dashboard's pages.
const latencyPage = "latency"

// latencyOverlay shows how long a VM took to answer one command name: the
// count and percentiles, and a horizontal bar per log-scale bucket. It
// reads the command log at every draw, so a command run again while it is
// open shows at the next frame.
type latencyOverlay struct {
	*tview.Box
	log   *store.CommandLog
	name  string
	theme widget.Theme
}

func newLatencyOverlay(log *store.CommandLog, name string, th widget.Theme) *latencyOverlay {
	o := &latencyOverlay{Box: tview.NewBox(), log: log, name: name, theme: th}
	o.SetBorder(true)
	return o
}

// step shows the command name by places after (or before) the current
// one among those the log holds replies to, wrapping around.
func (o *latencyOverlay) step(by int) {
	names := o.log.LatencyNames()
	if len(names) == 0 {
		return
	}
	i, found := slices.BinarySearch(names, o.name)
	if !found && by > 0 {
		i-- // the next name is the one at i
	}
	o.name = names[((i+by)%len(names)+len(names))%len(names)]
}

// Draw renders the histogram of the current name.
func (o *latencyOverlay) Draw(screen tcell.Screen) {
	o.SetTitle(" Latency · " + tview.Escape(widget.Safe(o.name)) + " ")
	o.Box.DrawForSubclass(screen, o)
	x, y, w, h := o.GetInnerRect()
	for i, l := range o.lines(w) {
		if i >= h {
			break
		}
		widget.DrawLine(screen, x, y+i, w, l, 0)
	}
}

// lines lays the histogram out in width cells.
func (o *latencyOverlay) lines(width int) []widget.Line {
	th := o.theme
	hint := widget.Line{{Text: "h/l or ←/→: other commands · Esc closes", Style: th.Dim}}
	hist := o.log.Latency(o.name)
	if hist.Count == 0 {
		return []widget.Line{{{Text: "No reply to " + widget.Safe(o.name) + " in the command log.", Style: th.Dim}}, {}, hint}
	}
	stat := func(label string, d time.Duration) widget.Span {
		return widget.Span{Text: label + " " + shortDuration(d) + "   ", Style: th.Base}
	}
	out := []widget.Line{
		{{Text: "replies " + strconv.Itoa(hist.Count) + "   ", Style: th.Base.Bold(true)},
			stat("min", hist.Min), stat("p50", hist.P50), stat("p90", hist.P90), stat("p99", hist.P99), stat("max", hist.Max)},
		{},
	}
	most := 0
	for _, b := range hist.Buckets {
		most = max(most, b.Count)
	}
	countW := len(strconv.Itoa(most))
	bar := max(width-latencyLabelWidth-countW-2, 1)
	for _, b := range hist.Buckets {
		out = append(out, widget.Line{
			{Text: fmt.Sprintf("%*s ", latencyLabelWidth-1, bucketLabel(b.Upper)), Style: th.Dim},
			{Text: widget.ProgressBar(float64(b.Count)/float64(most), bar), Style: th.Key},
			{Text: fmt.Sprintf(" %*d", countW, b.Count), Style: th.Base},
		})
	}
	return append(out, widget.Line{}, hint)
}

// latencyLabelWidth is the cells of a bucket's label and its gutter:
// "≤500µs ".
const latencyLabelWidth = 8

// bucketLabel names a bucket by its upper bound.
func bucketLabel(upper time.Duration) string {
	if upper == math.MaxInt64 {
		return ">100s"
	}
	return "≤" + shortDuration(upper)
}

// shortDuration writes d in a few cells with a unit suited to its size:
// 850µs, 2.5ms, 4ms, 120ms, 1.5s.
func shortDuration(d time.Duration) string {
	switch {
	case d < time.Millisecond:
		return strconv.FormatInt(d.Microseconds(), 10) + "µs"
	case d < 10*time.Millisecond:
		return tenths(float64(d)/float64(time.Millisecond)) + "ms"
	case d < time.Second:
		return strconv.FormatInt(d.Milliseconds(), 10) + "ms"
	}
	return tenths(d.Seconds()) + "s"
}

// tenths writes v to a tenth, without a trailing ".0".
func tenths(v float64) string {
	return strings.TrimSuffix(strconv.FormatFloat(v, 'f', 1, 64), ".0")
}

// showLatency opens the latency histogram of the commands named name in
// the focused VM's log.
func (d *Dashboard) showLatency(name string) {
	d.latency = newLatencyOverlay(d.session.Commands, name, d.theme)
	d.pages.AddPage(latencyPage, centered(d.latency, 90, 24), true, true)
	d.app.SetFocus(d.latency)
}

// latencyOfSelected opens the histogram of the selected command's name.
func (d *Dashboard) latencyOfSelected() {
	if e, ok := d.cmdSrc.Entry(d.commands.Selected()); ok && e.Name != "" {
		d.showLatency(e.Name)
	}
}

// metaLatency is :latency NAME.
func (d *Dashboard) metaLatency(arg string) error {
	if arg == "" {
		return fmt.Errorf(":latency NAME shows how long the commands NAME took; Tab completes the names in the log")
	}
	d.showLatency(arg)
	return nil
}
