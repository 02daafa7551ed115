package views

import (
	"fmt"
	"time"

	"github.com/qmpdash/qmpdash/app/jsondiff"
	"github.com/qmpdash/qmpdash/app/termtext"
	"github.com/qmpdash/qmpdash/app/watch"
	"github.com/qmpdash/qmpdash/views/widget"
	"github.com/rivo/tview"
)

// watchesPage names the watches overlay in the dashboard's pages.
const watchesPage = "watches"

// watchOverlay shows a VM's watches (:watch): their list, and under it the
// selected watch's latest reply in the detail view's modes, what changed
// since the refresh before highlighted. Only the selected watch polls
// while the overlay is open; none does while it is closed.
type watchOverlay struct {
	*tview.Flex
	list  *widget.ListPane
	rows  *watchRows
	reply *widget.TextPane
	theme widget.Theme
	mode  widget.ViewMode
	set   *watch.Set
	vm    string
	open  bool
	shown string // what the reply pane shows, to rebuild only on change
}

func newWatchOverlay(th widget.Theme) *watchOverlay {
	o := &watchOverlay{rows: &watchRows{theme: th, now: time.Now}, reply: widget.NewTextPane(), theme: th, mode: widget.Expanded}
	o.list = widget.NewListPane(o.rows, watchHeader(th), th)
	o.list.SetSelectedFunc(func(int, bool) { o.refresh() })
	o.reply.SetBorder(true)
	o.Flex = tview.NewFlex().SetDirection(tview.FlexRow).AddItem(o.list, 0, 1, true).AddItem(o.reply, 0, 3, false)
	return o
}

// show opens the overlay on set's watches, with w (if not nil) selected.
func (o *watchOverlay) show(set *watch.Set, vm string, w *watch.Watch) {
	o.set, o.vm, o.open = set, vm, true
	o.rows.watches = set.List()
	for i, x := range o.rows.watches {
		if x == w {
			o.list.Move(i - o.list.Selected())
		}
	}
	o.refresh()
}

// hide pauses every watch: nothing shows them.
func (o *watchOverlay) hide() {
	o.open = false
	if o.set != nil {
		for _, w := range o.set.List() {
			w.SetVisible(false)
		}
	}
}

// selected is the selected watch, nil if none.
func (o *watchOverlay) selected() *watch.Watch {
	if i := o.list.Selected(); i >= 0 && i < len(o.rows.watches) {
		return o.rows.watches[i]
	}
	return nil
}

// closeSelected stops the selected watch and removes it.
func (o *watchOverlay) closeSelected() {
	if w := o.selected(); w != nil {
		o.set.Close(w)
		o.rows.watches = o.set.List()
		o.list.Move(0) // keeps the selection inside the shorter list
		o.refresh()
	}
}

// cycleMode switches the reply view: condensed → expanded → raw.
func (o *watchOverlay) cycleMode() {
	o.mode = o.mode.Next()
	o.reply.SetWrap(o.mode.Wraps())
	o.refresh()
}

// refresh catches up with the watches: the list, who polls, the reply
// pane and the titles. It runs on the UI goroutine.
func (o *watchOverlay) refresh() {
	if !o.open {
		return
	}
	o.rows.watches = o.set.List()
	sel := o.selected()
	for _, w := range o.rows.watches {
		w.SetVisible(w == sel)
	}
	o.list.SetTitleText(fmt.Sprintf("Watches · %s · %d of %d", o.vm, len(o.rows.watches), watch.MaxWatches))
	if sel == nil {
		o.reply.SetSafeTitle("No watch")
		o.reply.SetSource(widget.LineSlice{{{Text: "Nothing watched on this VM: type :watch [INTERVAL] COMMAND, e.g. :watch 1s query-status", Style: o.theme.Dim}}})
		o.shown = ""
		return
	}
	// The version first: a refresh landing in between then only makes
	// the next frame rebuild what this one built from the newer snapshot.
	version := sel.Version()
	s := sel.Snapshot()
	o.reply.SetSafeTitle(fmt.Sprintf("%s · every %v · %d changed · %s · %s", sel.Spec.Text, sel.Spec.Interval, s.Count, refreshAge(s, time.Now()), o.mode))
	key := fmt.Sprintf("%p/%d/%d", sel, version, o.mode)
	if key == o.shown {
		return
	}
	o.shown = key
	o.reply.SetSource(o.body(s))
}

// body is a refresh as the reply pane shows it: the error of the latest
// poll, the changes, then the reply.
func (o *watchOverlay) body(s watch.Snapshot) widget.LineSource {
	var head widget.LineSlice
	if s.Err != nil {
		head = append(head, widget.Line{{Text: "latest refresh failed: " + s.Err.Error(), Style: o.theme.Error}})
	}
	if s.Reply == nil {
		return append(head, widget.Line{{Text: "waiting for the first reply…", Style: o.theme.Dim}})
	}
	if len(s.Changes) == 0 && !s.LastChange.IsZero() {
		head = append(head, widget.Line{{Text: "no change since the one at " + clock(s.LastChange, false), Style: o.theme.Dim}})
	}
	for _, c := range s.Changes {
		head = append(head, widget.Line{{Text: changeText(c), Style: o.theme.Changed}})
	}
	if more := s.ChangedPaths - len(s.Changes); more > 0 {
		head = append(head, widget.Line{{Text: fmt.Sprintf("… and %d more changes", more), Style: o.theme.Changed}})
	}
	var doc widget.LineSource = widget.NewJSONDoc(s.Reply, o.mode, o.theme)
	if o.mode == widget.Expanded && len(s.Changes) > 0 {
		doc = highlighted{src: doc, lines: changedLines(s.Reply, s.Changes), style: o.theme.Changed}
	}
	if len(head) == 0 {
		return doc
	}
	return concatSource{append(head, widget.Line{}), doc}
}

// changeValueRunes bounds each value a change line shows.
const changeValueRunes = 120

// changeText is one change on a line: "~ .status  running → paused".
func changeText(c jsondiff.Change) string {
	value := func(raw string) string { return termtext.Condense([]byte(raw), changeValueRunes) }
	path := widget.Safe(c.Path)
	switch c.Kind {
	case jsondiff.Added:
		return "+ " + path + "  " + value(c.New)
	case jsondiff.Removed:
		return "- " + path + "  " + value(c.Old)
	}
	return "~ " + path + "  " + value(c.Old) + " → " + value(c.New)
}
