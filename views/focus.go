package views

import (
	"github.com/qmpdash/qmpdash/app/session"
	"github.com/qmpdash/qmpdash/app/store"
	"github.com/qmpdash/qmpdash/views/widget"
	"github.com/rivo/tview"
)

// focusVM puts another VM in front: the panes, the status bar, the
// filter, completion and documentation follow it.
func (d *Dashboard) focusVM(s *session.Session) {
	if s == nil || s == d.session {
		return
	}
	d.markSeen(d.session)
	d.session = s
	d.eventSrc.log = s.Events
	d.eventSrc.paused = false
	d.cmdSrc.log = s.Commands
	d.status.session = s
	d.filter = nil // made again for the new VM's log when opened
	d.events.Bottom()
	d.commands.Bottom()
	d.detail.shown = ""
	d.detail.SetSource(widget.LineSlice{})
	d.titlePanes()
	d.markSeen(s)
	d.arrange()
}

// stepVM focuses the next (or previous) VM in fleet order.
func (d *Dashboard) stepVM(forward bool) {
	all := d.fleet.Sessions()
	for i, s := range all {
		if s != d.session {
			continue
		}
		step := 1
		if !forward {
			step = len(all) - 1
		}
		d.focusVM(all[(i+step)%len(all)])
		return
	}
}

// titlePanes names the focused VM in the pane titles once there are
// several VMs.
func (d *Dashboard) titlePanes() {
	events, commands := "Events", "Commands"
	switch {
	case d.allEvents:
		events = "Events · all VMs"
	case d.fleet.Len() > 1:
		events += " · " + d.session.Name()
	}
	if d.fleet.Len() > 1 {
		commands += " · " + d.session.Name()
	}
	d.events.SetTitleText(events)
	d.commands.SetTitleText(commands)
}

// currentEvents is the event pane's source: the focused VM's, or all VMs'.
func (d *Dashboard) currentEvents() *eventRows {
	if d.allEvents {
		return d.mergedSrc
	}
	return d.eventSrc
}

// currentEventLog is the log the event filter edits.
func (d *Dashboard) currentEventLog() *store.EventLog {
	if d.allEvents {
		return d.fleet.Merged.EventLog
	}
	return d.session.Events
}

// toggleAllEvents switches the event pane between the focused VM's events
// and every VM's, merged in receive order with a VM column.
func (d *Dashboard) toggleAllEvents() {
	d.allEvents = !d.allEvents
	d.events.SetSource(d.currentEvents(), d.currentEvents().header)
	d.filter = nil
	d.events.Bottom()
	d.titlePanes()
}

// syncFleet catches up with VMs added or removed behind the dashboard's
// back (:close, a fleet closing): the focus moves off a VM that is gone,
// and the layout is redone when the set of VMs changed.
func (d *Dashboard) syncFleet() {
	v := d.fleet.Version()
	if v == d.fleetSeen {
		return
	}
	d.fleetSeen = v
	d.live.sync() // the summaries poll a hidden view's VMs too
	all := d.fleet.Sessions()
	if len(all) == 0 {
		return
	}
	present := false
	live := map[*session.Session]bool{}
	for _, s := range all {
		present = present || s == d.session
		live[s] = true
	}
	for s := range d.seenFailures {
		if !live[s] {
			delete(d.seenFailures, s)
		}
	}
	d.liveValues.keepOnly(live)
	for s := range d.pinned {
		if !live[s] {
			delete(d.pinned, s)
		}
	}
	if !present {
		d.focusVM(all[0])
	}
	d.titlePanes()
	if d.layout != overviewLayout {
		d.arrange()
	}
}

// failures counts what the unread-errors badge counts for a VM: failed
// commands, failure messages and events that mean trouble.
func failures(s *session.Session) uint64 {
	return s.Commands.Failures() + s.Notices.Failures() + s.Events.Troubles()
}

// markSeen records that the user has seen a VM's failures so far.
func (d *Dashboard) markSeen(s *session.Session) { d.seenFailures[s] = failures(s) }

// unread counts a VM's failures the user has not had in front of them.
func (d *Dashboard) unread(s *session.Session) uint64 {
	if s == d.session {
		d.markSeen(s)
		return 0
	}
	return failures(s) - d.seenFailures[s]
}

// homeFocus is where the focus goes back to when an overlay or the input
// line lets go of it: the live view when one shows, else the event pane.
func (d *Dashboard) homeFocus() tview.Primitive {
	if d.live.shown() {
		return d.live.list
	}
	return d.events
}
