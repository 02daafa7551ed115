package views

import (
	"context"
	"sync/atomic"
	"time"

	"github.com/qmpdash/qmpdash/app/live"
	"github.com/qmpdash/qmpdash/app/session"
	"github.com/qmpdash/qmpdash/keymap"
	"github.com/qmpdash/qmpdash/views/widget"
)

// liveView is one live resource view: the key that opens it and the
// poller that keeps its table, polling every VM of the fleet while shown.
type liveView struct {
	open   keymap.Action
	poller *live.Poller
}

// liveScreen shows one live view at a time in the dashboard's body, in
// place of the layout's panes (see Dashboard.arrange): a view bar naming
// the views and their keys, then the view's table.
type liveScreen struct {
	d     *Dashboard
	views []*liveView
	// cur is the view shown, nil while none is; hide ends its Show.
	cur  *liveView
	hide func()
	bar  *widget.LineView
	list *widget.ListPane
	rows *liveRows
	// atTop keeps the cursor on the first row, as the VMs' rows arrive,
	// until the user moves it: a view opens on its first row, whichever
	// VM answered first, not following the last.
	atTop bool
	// shownTable is cur's table, for the redraw loop off the UI goroutine.
	shownTable atomic.Pointer[live.Table]
	// settle batches the shown table's changes into frames.
	settle tableSettler
	stop   context.CancelFunc
}

// deviceViewKeys are the actions that open the device views, by name.
var deviceViewKeys = map[string]keymap.Action{
	"pci": keymap.LivePCI, "cpus": keymap.LiveCPUs, "chardev": keymap.LiveChardev,
	"memory": keymap.LiveMemory, "hotplug": keymap.LiveHotplug,
}

// newLiveScreen makes the jobs, migration, block and device views; their
// pollers send nothing until one is shown, or, for the jobs and the
// migration, until a VM's events say one runs (for the strip's and the
// tiles' summaries).
func newLiveScreen(d *Dashboard) *liveScreen {
	ctx, stop := context.WithCancel(context.Background())
	l := &liveScreen{d: d, stop: stop, bar: widget.NewLineView()}
	l.views = []*liveView{
		{open: keymap.LiveJobs, poller: live.NewPoller(ctx, live.JobsView())},
		{open: keymap.LiveMigration, poller: live.NewPoller(ctx, live.MigrationView())},
		{open: keymap.LiveBlock, poller: live.NewPoller(ctx, live.BlockView())},
	}
	for _, view := range live.DeviceViews() {
		v := view()
		l.views = append(l.views, &liveView{open: deviceViewKeys[v.Name], poller: live.NewPoller(ctx, v)})
	}
	l.rows = &liveRows{theme: d.theme}
	l.list = widget.NewListPane(l.rows, l.rows.header, d.theme)
	l.list.SetTable()
	l.list.SetSelectedFunc(func(_ int, byUser bool) {
		l.atTop = l.atTop && !byUser
		d.followSelection(l.list, byUser)
	})
	l.sync()
	return l
}

// toggle shows the view that action a opens, or closes it when it is the
// one shown.
func (l *liveScreen) toggle(a keymap.Action) {
	if l.cur != nil && l.cur.open == a {
		l.close()
		return
	}
	for _, v := range l.views {
		if v.open == a {
			l.show(v)
		}
	}
}

// show puts v in front and starts its polling.
func (l *liveScreen) show(v *liveView) {
	if l.hide != nil {
		l.hide()
	}
	l.sync()
	l.cur, l.hide = v, v.poller.Show()
	l.shownTable.Store(v.poller.Table)
	l.rows.table = v.poller.Table
	l.list.SetTitleText(v.poller.View().Title)
	l.atTop = true
	l.d.detail.source = l.list
	l.refresh()
	l.bar.Line = l.viewBar()
	l.d.arrange()
	l.d.app.SetFocus(l.list)
}

// close takes the live view away and stops its polling.
func (l *liveScreen) close() {
	if l.cur == nil {
		return
	}
	l.hide()
	l.cur, l.hide = nil, nil
	l.shownTable.Store(nil)
	l.d.arrange()
	l.d.app.SetFocus(l.d.events)
	l.d.showSelection(l.d.events)
}

// shown reports whether a live view is in front.
func (l *liveScreen) shown() bool { return l.cur != nil }

// sync makes every view poll exactly the fleet's VMs (each poller's loop
// of a VM waits, sending nothing, while the view is hidden and the VM has
// nothing running).
func (l *liveScreen) sync() {
	all := l.d.fleet.Sessions()
	names := map[string]bool{}
	for _, s := range all {
		names[s.Name()] = true
	}
	for _, v := range l.views {
		for _, s := range all {
			v.poller.Add(live.SessionTarget{S: s})
		}
		for _, n := range v.poller.Names() {
			if !names[n] {
				v.poller.Remove(n)
			}
		}
	}
}

// version is the shown view's table version (0 when none shows) as the
// settler lets it through, and when to look again. The redraw loop calls
// it off the UI goroutine.
func (l *liveScreen) version(now time.Time) (uint64, time.Time) {
	t := l.shownTable.Load()
	if t == nil {
		return 0, time.Time{}
	}
	return l.settle.take(t, now)
}

// refresh takes the shown table's new rows; UI goroutine.
func (l *liveScreen) refresh() {
	if l.cur == nil {
		return
	}
	l.rows.snapshot()
	if l.atTop && l.rows.Len() > 0 {
		l.list.Top()
		l.atTop = true // Top is a move as the user's keys make it
	}
	l.d.followSelection(l.list, false)
}

// selected is the row under the cursor.
func (l *liveScreen) selected() (live.Row, bool) {
	i := l.list.Selected()
	if i < 0 || i >= len(l.rows.rows) {
		return live.Row{}, false
	}
	return l.rows.rows[i], true
}

// viewBar names every live view with its key, the shown one standing out,
// k9s-style.
func (l *liveScreen) viewBar() widget.Line {
	th := l.d.theme
	line := widget.Line{{Text: " Live views: ", Style: th.Dim}}
	for _, v := range l.views {
		style := th.Base
		if v == l.cur {
			style = th.Selected
		}
		line = append(line, widget.Span{Text: "<" + keyNames(l.d.km.KeysOf(v.open)) + "> " + v.poller.View().Name, Style: style},
			widget.Span{Text: "  ", Style: th.Base})
	}
	return append(line, widget.Span{Text: "<" + keyNames(l.d.km.KeysOf(keymap.LiveClose)) + "> back   <?> keys", Style: th.Dim})
}

// sessionNamed is the fleet's VM called name, nil if it left.
func (d *Dashboard) sessionNamed(name string) *session.Session {
	for _, s := range d.fleet.Sessions() {
		if s.Name() == name {
			return s
		}
	}
	return nil
}
