package views

import "github.com/qmpdash/qmpdash/keymap"

// Keys become behaviour in two steps: the keymap names the action a key
// triggers in the focused context (or a context it lies within), then the
// controller of the context that binds the action performs it. Each
// controller returns its handlers as data, so a test can prove that every
// action of the keymap has exactly one. The event filter editor and the
// confirmation dialog are no contexts of the keymap: filterKey and
// confirmKey answer their keys themselves.

// handlers maps a context's actions to what they do.
type handlers map[keymap.Action]func()

// controller performs the actions of one keymap context.
type controller interface {
	// context is the keymap context whose actions the controller performs.
	context() keymap.Context
	// handlers returns what each of the context's actions does.
	handlers() handlers
}

// controllers returns one controller per context that has actions of its
// own.
func (d *Dashboard) controllers() []controller {
	return []controller{
		globalController{d},
		inputController{d},
		listsController{d},
		eventsController{d},
		commandsController{d},
		overviewController{d},
		overlayController{d},
		helpController{d},
		docsController{d},
		keysController{d},
		watchController{d},
		liveController{d},
		latencyController{d},
		qomController{d},
		viewsController{d},
	}
}

// buildHandlers collects the controllers' handlers by context, for
// dispatch.
func (d *Dashboard) buildHandlers() {
	d.handlers = map[keymap.Context]handlers{}
	for _, c := range d.controllers() {
		d.handlers[c.context()] = c.handlers()
	}
}

// dispatch performs the action key k triggers in context ctx: the handler
// of ctx's controller, else that of the contexts ctx lies within, innermost
// first, as the keymap looked the key up; a macro's key runs the macro. It
// reports whether k triggers anything there; a key that does not goes on
// to the focused primitive.
func (d *Dashboard) dispatch(k keymap.Key, ctx keymap.Context) bool {
	a, ok := d.km.LookupIn(k, ctx)
	if !ok {
		return false
	}
	if h := d.handlerIn(ctx, a); h != nil {
		h()
	} else if m := d.km.Macro(a); m != nil {
		d.runMacro(m)
	}
	return true
}

// handlerIn finds what action a does in context ctx, nil if nothing does.
func (d *Dashboard) handlerIn(ctx keymap.Context, a keymap.Action) func() {
	for _, c := range ctx.Chain() {
		if h, ok := d.handlers[c][a]; ok {
			return h
		}
	}
	return nil
}
