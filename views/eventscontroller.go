package views

import (
	"github.com/qmpdash/qmpdash/app/store"
	"github.com/qmpdash/qmpdash/keymap"
)

// eventsController performs the event pane's actions on the selected
// event and the event filter.
type eventsController struct{ d *Dashboard }

func (eventsController) context() keymap.Context { return keymap.Events }

func (c eventsController) handlers() handlers {
	d := c.d
	return handlers{
		keymap.EventMute:   func() { d.filterSelected(false) },
		keymap.EventOnly:   func() { d.filterSelected(true) },
		keymap.FilterClear: func() { d.currentEventLog().SetFilter(store.EventFilter{}) },
		keymap.EventTime: func() {
			d.eventSrc.localTime = !d.eventSrc.localTime
			d.mergedSrc.localTime = d.eventSrc.localTime
		},
		keymap.EventDocs: d.eventDocs,
	}
}

// filterSelected mutes the selected event's name, or shows only it.
func (d *Dashboard) filterSelected(only bool) {
	e, ok := d.currentEvents().Entry(d.events.Selected())
	if !ok || e.IsMarker() {
		return
	}
	log := d.currentEventLog()
	f := log.Filter()
	if only {
		f = store.EventFilter{}
		f.AddInclude(e.Name)
	} else {
		f.AddExclude(e.Name)
	}
	log.SetFilter(f)
	d.events.Bottom()
}
