package views

import "github.com/qmpdash/qmpdash/keymap"

// commandsController performs the command log's own action; moving in it
// is the lists' business.
type commandsController struct{ d *Dashboard }

func (commandsController) context() keymap.Context { return keymap.Commands }

func (c commandsController) handlers() handlers {
	return handlers{keymap.CommandLatency: c.d.latencyOfSelected}
}

// latencyController performs the latency overlay's own actions; Esc is
// the overlays' close.
type latencyController struct{ d *Dashboard }

func (latencyController) context() keymap.Context { return keymap.LatencyOverlay }

func (c latencyController) handlers() handlers {
	// The keys of this context reach it only while the overlay is in
	// front, so it exists.
	step := func(by int) func() { return func() { c.d.latency.step(by) } }
	return handlers{keymap.LatencyNext: step(1), keymap.LatencyPrev: step(-1)}
}
