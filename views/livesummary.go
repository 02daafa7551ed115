package views

import (
	"strconv"

	"github.com/qmpdash/qmpdash/views/widget"
)

// summaryBarWidth is the width in cells of the progress bar a VM's tab
// and tile show while a job or migration of the VM runs.
const summaryBarWidth = 5

// summary is the mini progress bar of what the VM called name has under
// way — its first live view's (jobs, then migration) first running row —
// such as "▕██▌··▏42%"; "" when nothing runs. It reads the views' tables,
// which their pollers keep while a view is shown or, hidden, while the
// VM's events say something runs (live.Poller.Active).
func (l *liveScreen) summary(name string) string {
	for _, v := range l.views {
		s := v.poller.Table.Summary(name)
		if !s.Active {
			continue
		}
		if !s.HasFraction {
			return "▕" + widget.ProgressBar(0, summaryBarWidth) + "▏…"
		}
		return "▕" + widget.ProgressBar(s.Fraction, summaryBarWidth) + "▏" + strconv.Itoa(int(s.Fraction*100)) + "%"
	}
	return ""
}

// summaryVersion grows when a table the summaries read changes; the
// redraw loop mixes it in, off the UI goroutine. The shown view's table is
// left to version, which paces its frames.
func (l *liveScreen) summaryVersion() uint64 {
	shown := l.shownTable.Load()
	var v uint64
	for _, lv := range l.views {
		if t := lv.poller.Table; t != shown {
			v += t.Version()
		}
	}
	return v
}
