package views

import "github.com/qmpdash/qmpdash/keymap"

// docsController performs the documentation overlay's own actions.
type docsController struct{ d *Dashboard }

func (docsController) context() keymap.Context { return keymap.Docs }

func (c docsController) handlers() handlers {
	return handlers{
		keymap.DocsInsert: c.d.insertExample,
		keymap.DocsSearch: func() { c.d.openDocsSearch("") },
	}
}
