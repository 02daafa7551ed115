package views

import (
	"errors"
	"fmt"

	"github.com/qmpdash/qmpdash/keymap"
	"github.com/qmpdash/qmpdash/views/widget"
	"github.com/rivo/tview"
)

// keysPage names the keys overlay in the dashboard's pages.
const keysPage = "keys"

// keysOverlay lists every action and macro with its keys, filtered by what
// is typed, and walks the user through a change: pick a row, press the new
// key, see the conflicts, confirm. The dashboard routes its keys (see
// keysedit.go) and applies the change; the overlay holds the state and
// shows it.
type keysOverlay struct {
	*tview.Flex
	field *tview.InputField
	notes *widget.TextPane
	list  *keysList
	theme widget.Theme
	km    *keymap.Keymap

	mode    keysMode
	change  *keysChange // the change being made, nil while browsing
	macroOf string      // the command line a new macro would run
}

// keysMode is what the overlay waits for.
type keysMode int

const (
	keysBrowsing   keysMode = iota // typing filters, keys move and pick
	keysCapturing                  // the next key is the new key
	keysConfirming                 // a change is shown with its conflicts
)

// keysChange is a change in the making: a rebinding or unbinding of
// action, or a new macro.
type keysChange struct {
	action keymap.Action // "" for a new macro
	macro  *keymap.Macro
	keys   []keymap.Key
	table  []keymap.Binding // the table with the change made
	// conflicts are those the change brings; a clash blocks it, a shadow
	// is only a warning.
	conflicts []error
}

// blocked reports whether the change clashes with another binding.
func (c *keysChange) blocked() bool {
	for _, err := range c.conflicts {
		var cf *keymap.Conflict
		if errors.As(err, &cf) && !cf.Shadow() {
			return true
		}
	}
	return false
}

// what describes the change for messages and notices.
func (c *keysChange) what() string {
	switch {
	case c.macro != nil:
		return fmt.Sprintf("%s runs %q", c.macro.Key, c.macro.Run[0])
	case len(c.keys) == 0:
		return string(c.action) + " unbound"
	}
	return fmt.Sprintf("%s on %s", c.action, keyNames(c.keys))
}

func newKeysOverlay(th widget.Theme, km *keymap.Keymap) *keysOverlay {
	o := &keysOverlay{field: tview.NewInputField(), notes: widget.NewTextPane(), list: &keysList{Box: tview.NewBox(), theme: th},
		theme: th, km: km}
	o.field.SetLabel("Filter: ").SetLabelStyle(th.Title).SetFieldStyle(th.Base.Underline(true))
	o.field.SetChangedFunc(func(string) { o.refresh() })
	o.notes.SetBorder(false)
	o.Flex = tview.NewFlex().SetDirection(tview.FlexRow).
		AddItem(o.field, 1, 0, true).AddItem(o.notes, 3, 0, false).AddItem(o.list, 0, 1, false)
	o.SetBorder(true).SetTitle(" Keys ")
	return o
}

// open shows the whole table, browsing; macroOf is what a macro recorded
// now would run.
func (o *keysOverlay) open(macroOf string) {
	o.macroOf = macroOf
	o.field.SetText("")
	o.browse()
}

// refresh lists the rows matching the filter.
func (o *keysOverlay) refresh() { o.list.show(o.km.Bindings(), o.field.GetText()) }

// browse goes back to browsing, with the hint showing the keys.
func (o *keysOverlay) browse(notes ...widget.Line) {
	o.mode, o.change = keysBrowsing, nil
	o.refresh()
	hint := fmt.Sprintf("type to filter · %s rebind · %s unbind · %s close",
		o.keyOf(keymap.KeysRebind), o.keyOf(keymap.KeysUnbind), o.keyOf(keymap.OverlayClose))
	record := widget.Line{{Text: "a macro records a command typed in the input line first", Style: o.theme.Dim}}
	if o.macroOf != "" {
		record = widget.Line{{Text: fmt.Sprintf("%s: new macro running ", o.keyOf(keymap.KeysRecord)), Style: o.theme.Dim}, {Text: o.macroOf, Style: o.theme.Base}}
	}
	o.say(append([]widget.Line{{{Text: hint, Style: o.theme.Dim}}, record}, notes...)...)
}

// capture waits for the new key of a change.
func (o *keysOverlay) capture(c *keysChange, prompt string) {
	o.mode, o.change = keysCapturing, c
	o.say(widget.Line{{Text: prompt, Style: o.theme.Title}},
		widget.Line{{Text: o.keyOf(keymap.OverlayClose) + " cancels", Style: o.theme.Dim}})
}

// confirm shows a change with its conflicts and waits for the verdict.
func (o *keysOverlay) confirm(c *keysChange, saveTo string) {
	o.mode, o.change = keysConfirming, c
	var lines []widget.Line
	switch {
	case c.blocked():
		lines = append(lines, widget.Line{{Text: c.what() + ": conflicts; rebind or unbind the other action first · " + o.keyOf(keymap.OverlayClose) + " cancels", Style: o.theme.Error}})
	default:
		lines = append(lines, widget.Line{{Text: fmt.Sprintf("%s · %s saves to %s · %s cancels", c.what(), o.keyOf(keymap.KeysRebind), saveTo, o.keyOf(keymap.OverlayClose)), Style: o.theme.Title}})
	}
	for _, err := range c.conflicts {
		style := o.theme.Error
		var cf *keymap.Conflict
		if errors.As(err, &cf) && cf.Shadow() {
			style = o.theme.Warning
		}
		lines = append(lines, widget.Line{{Text: "  " + err.Error(), Style: style}})
	}
	o.say(lines...)
}

// say shows lines above the list.
func (o *keysOverlay) say(lines ...widget.Line) { o.notes.SetSource(widget.LineSlice(lines)) }

// keyOf is the first key of an action, for hints.
func (o *keysOverlay) keyOf(a keymap.Action) string {
	if keys := o.km.KeysOf(a); len(keys) > 0 {
		return keys[0].String()
	}
	return "(unbound)"
}
