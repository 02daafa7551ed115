package views

import (
	"strconv"
	"time"

	"github.com/qmpdash/qmpdash/app/watch"
	"github.com/qmpdash/qmpdash/views/widget"
)

// watchRows lists a VM's watches: the command, its interval, how many
// refreshes changed something, and how old the latest reply is.
type watchRows struct {
	watches []*watch.Watch
	theme   widget.Theme
	now     func() time.Time
}

const (
	watchEveryWidth   = 8
	watchChangedWidth = 9
	watchAgeWidth     = 14
)

// watchHeader renders the column titles for a pane's width.
func watchHeader(th widget.Theme) func(width int) widget.Line {
	return func(width int) widget.Line {
		name := max(width-watchEveryWidth-watchChangedWidth-watchAgeWidth, 8)
		return widget.Line{{Text: pad("COMMAND", name) + pad("EVERY", watchEveryWidth) + pad("CHANGED", watchChangedWidth) + "REFRESHED", Style: th.Title}}
	}
}

// Len is the number of watches.
func (r *watchRows) Len() int { return len(r.watches) }

// Rows renders watches [from, from+n).
func (r *watchRows) Rows(from, n, width int) []widget.Line {
	name := max(width-watchEveryWidth-watchChangedWidth-watchAgeWidth, 8)
	var out []widget.Line
	for i := from; i < min(from+n, len(r.watches)); i++ {
		w := r.watches[i]
		s := w.Snapshot()
		age, style := refreshAge(s, r.now()), r.theme.Base
		if s.Err != nil {
			style = r.theme.Error
		}
		changed := widget.Span{Text: pad(strconv.FormatUint(s.Count, 10), watchChangedWidth), Style: r.theme.Base}
		if s.ChangedPaths > 0 {
			changed.Style = r.theme.Changed
		}
		out = append(out, widget.Line{
			{Text: pad(w.Spec.Text, name), Style: r.theme.Base},
			{Text: pad(w.Spec.Interval.String(), watchEveryWidth), Style: r.theme.Dim},
			changed,
			{Text: age, Style: style},
		})
	}
	return out
}

// refreshAge says how old a watch's reply is ("3s ago"), or why there is
// none.
func refreshAge(s watch.Snapshot, now time.Time) string {
	switch {
	case s.Err != nil && s.Reply == nil:
		return "failing"
	case s.Reply == nil:
		return "waiting…"
	}
	age := now.Sub(s.Refreshed).Truncate(time.Second).String() + " ago"
	if s.Err != nil {
		age += ", failing"
	}
	return age
}
