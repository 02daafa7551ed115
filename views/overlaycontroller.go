package views

import "github.com/qmpdash/qmpdash/keymap"

// overlayController performs what every overlay does: closing.
type overlayController struct{ d *Dashboard }

func (overlayController) context() keymap.Context { return keymap.Overlay }

func (c overlayController) handlers() handlers {
	return handlers{keymap.OverlayClose: c.d.closeFront}
}

// closeFront closes the overlay in front; the documentation first steps
// back through what was read before.
func (d *Dashboard) closeFront() {
	switch name, _ := d.pages.GetFrontPage(); name {
	case docsPage:
		d.docsBack()
	case qomPage:
		d.closeQOM()
	default:
		d.closeOverlay(name)
	}
}
