package views

import (
	"path/filepath"
	"strings"

	"github.com/gdamore/tcell/v2"
	"github.com/qmpdash/qmpdash/app/config"
	"github.com/qmpdash/qmpdash/app/store"
	"github.com/qmpdash/qmpdash/keymap"
	"github.com/qmpdash/qmpdash/views/widget"
)

// The keys overlay in the dashboard: K in the help or :keys opens it; a
// change applies to the live keymap at once and is saved to the
// configuration file in the background.

// openKeys puts the keys overlay in front, listing the whole table.
func (d *Dashboard) openKeys() {
	if d.keys == nil {
		d.keys = newKeysOverlay(d.theme, d.km)
	}
	d.keys.open(d.recordable())
	d.pages.AddPage(keysPage, nearlyFull(d.keys), true, true)
	d.app.SetFocus(d.keys.field)
}

// metaKeys is :keys [FILTER].
func (d *Dashboard) metaKeys(arg string) error {
	d.openKeys()
	d.keys.field.SetText(arg) // filters through the changed func
	return nil
}

// recordable is the command line a macro recorded now would run: the
// input line's text, else the last command sent (":keys" typed there has
// replaced the text by then).
func (d *Dashboard) recordable() string {
	if text := strings.TrimSpace(d.input.Text()); text != "" && !isMetaLine(text) {
		return text
	}
	if n := len(d.input.history); n > 0 {
		return d.input.history[n-1]
	}
	return ""
}

// keysKey routes a key while the keys overlay is in front: the key being
// captured, or the answer to a proposed change, else the overlay's
// bindings, typing into its filter when none applies.
func (d *Dashboard) keysKey(k keymap.Key, ev *tcell.EventKey) *tcell.EventKey {
	o := d.keys
	a, _ := d.km.LookupIn(k, keymap.KeysOverlay)
	switch o.mode {
	case keysCapturing:
		if a == keymap.OverlayClose {
			o.browse()
		} else {
			d.proposeKey(k)
		}
		return nil
	case keysConfirming:
		switch {
		case a == keymap.OverlayClose:
			o.browse()
		case a == keymap.KeysRebind && !o.change.blocked():
			d.applyKeys(o.change)
		}
		return nil
	}
	if d.dispatch(k, keymap.KeysOverlay) {
		return nil
	}
	return ev // typed into the filter
}

// recordMacro begins recording a macro of the input line's text: the key
// pressed next runs it.
func (d *Dashboard) recordMacro() {
	o := d.keys
	if o.macroOf == "" {
		o.browse(widget.Line{{Text: "type the command in the input line first, then open this list", Style: d.theme.Warning}})
		return
	}
	o.capture(&keysChange{macro: &keymap.Macro{Run: []string{o.macroOf}}}, "press the key for a macro running "+o.macroOf)
}

// startKeysChange begins rebinding (or unbinding) the selected action.
func (d *Dashboard) startKeysChange(unbind bool) {
	o := d.keys
	b, ok := o.list.current()
	switch {
	case !ok:
		return
	case unbind && b.Action == keymap.OverlayClose:
		o.browse(widget.Line{{Text: "overlay.close needs a key, or no overlay could be closed: rebind it instead", Style: d.theme.Warning}})
	case b.Macro != nil:
		o.browse(widget.Line{{Text: "a macro's key is what names it: record a new one, and remove the old from " + d.configName(), Style: d.theme.Warning}})
	case unbind:
		d.keys.confirm(d.proposeChange(b.Action, nil, nil), d.configName())
	default:
		o.capture(&keysChange{action: b.Action}, "press the new key for "+string(b.Action))
	}
}

// proposeKey makes the change being captured with key k and shows it.
func (d *Dashboard) proposeKey(k keymap.Key) {
	c := d.keys.change
	if c.macro != nil {
		m := *c.macro
		m.Key = k
		c = d.proposeChange("", []keymap.Key{k}, &m)
	} else {
		c = d.proposeChange(c.action, []keymap.Key{k}, nil)
	}
	d.keys.confirm(c, d.configName())
}

// proposeChange works out a change: the table after it, and the conflicts it
// brings (none already there is reported again).
func (d *Dashboard) proposeChange(a keymap.Action, keys []keymap.Key, m *keymap.Macro) *keysChange {
	now := d.km.Bindings()
	c := &keysChange{action: a, keys: keys, macro: m}
	if m != nil {
		c.table = append(append([]keymap.Binding(nil), now...), m.Binding())
	} else {
		c.table = keymap.Rebound(now, a, keys)
	}
	c.conflicts = keymap.Check(c.table, now)
	return c
}

// applyKeys puts a change into effect and saves it.
func (d *Dashboard) applyKeys(c *keysChange) {
	d.km.SetBindings(c.table)
	what := c.what()
	if c.macro != nil {
		m := *c.macro
		d.saveKeys(what, func(path string) error { return config.SaveMacro(path, m) })
	} else {
		a, keys := c.action, c.keys
		d.saveKeys(what, func(path string) error { return config.SaveKeyBinding(path, a, keys) })
	}
	d.keys.browse(widget.Line{{Text: what, Style: d.theme.OK}})
}

// saveKeys runs a save in the background, after any earlier one, and
// reports the outcome as a notice: the UI goroutine does no file I/O.
func (d *Dashboard) saveKeys(what string, save func(path string) error) {
	path := d.opts.ConfigPath
	if path == "" {
		d.session.Notices.Add(store.Info, what+" (for this session: there is no configuration file to save to)")
		return
	}
	name := d.configName()
	prev, done := d.lastSave, make(chan struct{})
	d.lastSave = done
	go func() {
		defer close(done)
		if prev != nil {
			<-prev
		}
		if err := save(path); err != nil {
			d.session.Notices.Add(store.Failure, what+": "+err.Error())
			return
		}
		d.session.Notices.Add(store.Info, what+": saved to "+name)
	}()
}

// configName names the file changes go to, in hints.
func (d *Dashboard) configName() string {
	if d.opts.ConfigPath == "" {
		return "nowhere (this session only)"
	}
	return filepath.Base(d.opts.ConfigPath)
}
