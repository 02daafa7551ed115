package views

import "github.com/qmpdash/qmpdash/keymap"

// keysController performs the keys overlay's own actions while it lists
// the bindings; while it captures or confirms a key, keysKey answers.
type keysController struct{ d *Dashboard }

func (keysController) context() keymap.Context { return keymap.KeysOverlay }

func (c keysController) handlers() handlers {
	return handlers{
		keymap.KeysRebind: func() { c.d.startKeysChange(false) },
		keymap.KeysUnbind: func() { c.d.startKeysChange(true) },
		keymap.KeysRecord: c.d.recordMacro,
	}
}
