package views

import (
	"github.com/qmpdash/qmpdash/app/session"
	"github.com/qmpdash/qmpdash/views/widget"
	"github.com/rivo/tview"
)

// layout is how the VMs share the screen.
type layout int

const (
	// tabsLayout shows the focused VM full-screen; the strip names the
	// others.
	tabsLayout layout = iota
	// splitLayout shows up to maxSplit VMs side by side, each with its own
	// event stream and command log.
	splitLayout
	// overviewLayout tiles every VM: state, counts, last events.
	overviewLayout
)

// maxSplit is how many VMs the split layout shows at once.
const maxSplit = 4

// String names the layout for the status line.
func (l layout) String() string {
	return [...]string{"tabs", "split", "overview"}[l]
}

// cycleLayout switches tabs → split → overview → tabs.
func (d *Dashboard) cycleLayout() {
	d.layout = (d.layout + 1) % 3
	d.arrange()
	switch {
	case d.layout == overviewLayout:
		d.overview.selectVM(d.session)
		d.app.SetFocus(d.overview)
	case d.overview.HasFocus():
		d.app.SetFocus(d.events)
	}
}

// stripRows is the VM strip's height: 1 once there is more than one VM
// or a layout other than the tabs.
func (d *Dashboard) stripRows() int {
	if d.fleet.Len() > 1 || d.layout != tabsLayout {
		return 1
	}
	return 0
}

// arrange fills the body for the current layout and focused VM; the VM
// strip shows once there is more than one VM.
func (d *Dashboard) arrange() {
	d.main.ResizeItem(d.vmStrip, d.stripRows(), 0)
	d.body.Clear()
	d.stderrRows = 0
	d.focus = []tview.Primitive{d.input, d.events, d.commands, d.detail}
	switch {
	case d.live.shown():
		d.body.AddItem(d.live.bar, 1, 0, false).AddItem(d.live.list, 0, 3, false).AddItem(d.detail, 0, 2, false)
		d.focus = []tview.Primitive{d.input, d.live.list, d.detail}
		return
	case d.layout == overviewLayout:
		d.body.AddItem(d.overview, 0, 1, false)
		d.focus = []tview.Primitive{d.input, d.overview}
		return
	case d.layout == splitLayout:
		d.body.AddItem(d.splitRow(), 0, 3, false)
	default:
		top := tview.NewFlex().AddItem(d.events, 0, 1, false).AddItem(d.commands, 0, 1, false)
		d.body.AddItem(top, 0, 3, false)
	}
	d.body.AddItem(d.detail, 0, 2, false)
	proc := d.fleet.Process(d.session.Name())
	d.stderr.refresh(proc)
	if d.stderrRows = d.stderr.rows(proc); d.stderrRows > 0 {
		d.body.AddItem(d.stderr, d.stderrRows, 0, false)
	}
}

// splitRow puts the focused VM's panes beside those of up to three more:
// the pinned VMs if any, else the VMs after the focused one in fleet order.
func (d *Dashboard) splitRow() *tview.Flex {
	row := tview.NewFlex()
	for _, s := range d.splitVMs() {
		if s == d.session {
			col := tview.NewFlex().SetDirection(tview.FlexRow).
				AddItem(d.events, 0, 1, false).AddItem(d.commands, 0, 1, false)
			row.AddItem(col, 0, 1, false)
			continue
		}
		row.AddItem(vmColumn(s, d.theme), 0, 1, false)
	}
	return row
}

// splitVMs chooses the split layout's VMs, the focused one included: it
// and the pinned ones in fleet order, the first maxSplit; with nothing
// pinned, it and the ones after it. Marks for broadcast play no part.
func (d *Dashboard) splitVMs() []*session.Session {
	all := d.fleet.Sessions()
	if len(d.pinned) > 0 {
		out := []*session.Session{d.session}
		for _, s := range all {
			if d.pinned[s] && s != d.session && len(out) < maxSplit {
				out = append(out, s)
			}
		}
		return out
	}
	start := 0
	for i, s := range all {
		if s == d.session {
			start = i
		}
	}
	var out []*session.Session
	for i := 0; i < min(len(all), maxSplit); i++ {
		out = append(out, all[(start+i)%len(all)])
	}
	return out
}

// vmColumn is one VM's events over its commands, in the split layout. Its
// lists follow the newest rows; the focused VM's column is the dashboard's
// own interactive panes.
func vmColumn(s *session.Session, th widget.Theme) *tview.Flex {
	rows := &eventRows{log: s.Events, theme: th}
	events := widget.NewListPane(rows, rows.header, th)
	events.SetTitleText("Events · " + s.Name())
	commands := widget.NewListPane(&commandRows{log: s.Commands, theme: th}, commandHeader(th), th)
	commands.SetTitleText("Commands · " + s.Name())
	return tview.NewFlex().SetDirection(tview.FlexRow).AddItem(events, 0, 1, false).AddItem(commands, 0, 1, false)
}
