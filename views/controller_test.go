package views

import (
	"slices"
	"testing"

	"github.com/gdamore/tcell/v2"
	"github.com/qmpdash/qmpdash/app/session"
	"github.com/qmpdash/qmpdash/keymap"
	"github.com/qmpdash/qmpdash/views/widget"
)

// unrunDashboard is a dashboard built over a session that never connects:
// enough to read its controllers.
func unrunDashboard(t *testing.T) *Dashboard {
	t.Helper()
	screen := tcell.NewSimulationScreen("UTF-8")
	if err := screen.Init(); err != nil {
		t.Fatal(err)
	}
	return New(session.New(session.Config{NoDocs: true}), Options{Screen: screen, Theme: widget.DefaultTheme()})
}

// TestEveryActionHasExactlyOneHandler proves that each built-in binding
// does something: in its own context and in every context that lies
// within it, exactly one controller on the way handles its action, and
// dispatch finds that handler.
func TestEveryActionHasExactlyOneHandler(t *testing.T) {
	d := unrunDashboard(t)
	controllers := d.controllers()
	for _, ci := range keymap.Contexts() {
		chain := ci.Context.Chain()
		for _, b := range keymap.Defaults() {
			if !slices.Contains(chain, b.Context) {
				continue // not bound where ci.Context reaches
			}
			var by []keymap.Context
			for _, c := range controllers {
				if _, ok := c.handlers()[b.Action]; ok && slices.Contains(chain, c.context()) {
					by = append(by, c.context())
				}
			}
			if len(by) != 1 {
				t.Errorf("%s (bound %s) in context %s: want one handler, have %d (%v)", b.Action, b.Context, ci.Context, len(by), by)
				continue
			}
			if d.handlerIn(ci.Context, b.Action) == nil {
				t.Errorf("%s in context %s: dispatch finds no handler", b.Action, ci.Context)
			}
		}
	}
}

// TestEveryHandlerIsBound finds dead handlers: each handles an action the
// keymap binds in the handler's own context, and each context has one
// controller at most.
func TestEveryHandlerIsBound(t *testing.T) {
	boundIn := map[keymap.Action]keymap.Context{}
	for _, b := range keymap.Defaults() {
		boundIn[b.Action] = b.Context
	}
	seen := map[keymap.Context]bool{}
	for _, c := range unrunDashboard(t).controllers() {
		ctx := c.context()
		if seen[ctx] {
			t.Errorf("context %s has two controllers", ctx)
		}
		seen[ctx] = true
		for a := range c.handlers() {
			switch in, ok := boundIn[a]; {
			case !ok:
				t.Errorf("context %s handles %s, which the keymap does not have", ctx, a)
			case in != ctx:
				t.Errorf("context %s handles %s, which the keymap binds in %s", ctx, a, in)
			}
		}
	}
}
