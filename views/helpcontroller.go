package views

import "github.com/qmpdash/qmpdash/keymap"

// helpController performs the help overlay's own action.
type helpController struct{ d *Dashboard }

func (helpController) context() keymap.Context { return keymap.HelpOverlay }

func (c helpController) handlers() handlers {
	return handlers{
		keymap.KeysShow: func() {
			c.d.closeOverlay(helpPage)
			c.d.openKeys()
		},
	}
}
