package views

import "github.com/qmpdash/qmpdash/keymap"

// listsController moves through whichever list the keys work on: the
// focused event or command pane, the overview grid, or the keys
// overlay's list.
type listsController struct{ d *Dashboard }

// listTarget is a list the list keys move through.
type listTarget interface {
	// Move moves the selection delta rows down (up if negative).
	Move(delta int)
	// Page moves the selection a page in direction (1 down, -1 up).
	Page(direction int)
	// Top selects the first row.
	Top()
	// Bottom selects the last row.
	Bottom()
}

func (listsController) context() keymap.Context { return keymap.Lists }

func (c listsController) handlers() handlers {
	on := func(move func(listTarget)) func() {
		return func() {
			if t := c.d.listTarget(); t != nil {
				move(t)
			}
		}
	}
	return handlers{
		keymap.ListDown:     on(func(t listTarget) { t.Move(1) }),
		keymap.ListUp:       on(func(t listTarget) { t.Move(-1) }),
		keymap.ListPageDown: on(func(t listTarget) { t.Page(1) }),
		keymap.ListPageUp:   on(func(t listTarget) { t.Page(-1) }),
		keymap.ListTop:      on(listTarget.Top),
		keymap.ListBottom:   on(listTarget.Bottom),
	}
}

// listTarget is the list the list keys move now, nil if none has focus.
func (d *Dashboard) listTarget() listTarget {
	switch name, _ := d.pages.GetFrontPage(); name {
	case keysPage:
		return d.keys.list
	case viewsPage:
		return d.viewsList
	case watchesPage:
		return d.watches.list
	}
	switch {
	case d.events.HasFocus():
		return d.events
	case d.commands.HasFocus():
		return d.commands
	case d.overview.HasFocus():
		return overviewRows{d.overview}
	case d.live.list.HasFocus():
		return d.live.list
	}
	return nil
}
