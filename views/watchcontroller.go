package views

import (
	"context"

	"github.com/qmpdash/qmpdash/app/watch"
	"github.com/qmpdash/qmpdash/keymap"
)

// watchController performs the watches overlay's own actions; the list
// keys move its selection and the overlay keys close it.
type watchController struct{ d *Dashboard }

func (watchController) context() keymap.Context { return keymap.WatchOverlay }

func (c watchController) handlers() handlers {
	return handlers{
		keymap.WatchClose:    func() { c.d.watches.closeSelected() },
		keymap.WatchView:     func() { c.d.watches.cycleMode() },
		keymap.WatchPageDown: func() { c.d.watches.reply.Page(1) },
		keymap.WatchPageUp:   func() { c.d.watches.reply.Page(-1) },
	}
}

// metaWatch is :watch [INTERVAL] [COMMAND]: with a command, a new watch
// of the focused VM, shown; without, the overlay listing its watches.
func (d *Dashboard) metaWatch(arg string) error {
	var w *watch.Watch
	if arg != "" {
		spec, err := watch.Parse(arg)
		if err != nil {
			return err
		}
		// The watch polls until it is closed or the dashboard ends (Run
		// closes every watch).
		if w, err = d.session.Watches.Open(context.Background(), spec); err != nil {
			return err
		}
	}
	d.showWatches(w)
	return nil
}

// showWatches opens the watches overlay on the focused VM, w selected.
func (d *Dashboard) showWatches(w *watch.Watch) {
	d.watches.show(d.session.Watches, d.session.Name(), w)
	d.watchesOpen.Store(true)
	d.pages.AddPage(watchesPage, centered(d.watches, 120, 40), true, true)
	d.app.SetFocus(d.watches.list)
}

// closeWatches stops every watch of every VM, once the dashboard ends.
func (d *Dashboard) closeWatches() {
	for _, s := range d.fleet.Sessions() {
		s.Watches.CloseAll()
	}
}
