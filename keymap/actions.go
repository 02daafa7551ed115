package keymap

// Context is where a binding applies. Global bindings apply everywhere
// except where a more specific context binds the same key.
type Context string

// The contexts of the dashboard.
const (
	Global   Context = "global"
	Input    Context = "input"
	Lists    Context = "lists" // the event pane and the command log
	Events   Context = "events"
	Commands Context = "commands"
	Overlay  Context = "overlay"
	// Docs is the documentation overlay; its Overlay bindings apply too.
	Docs Context = "docs"
)

// Action names a thing the user can do.
type Action string

// Binding ties an action to its keys in a context.
type Binding struct {
	Action      Action
	Context     Context
	Keys        []Key
	Description string
}

// The actions. Their names are stable: the configuration refers to them.
const (
	Quit          Action = "app.quit"
	FocusInput    Action = "input.focus"
	Help          Action = "help.show"
	Notices       Action = "notices.show"
	PaneNext      Action = "pane.next"
	PanePrev      Action = "pane.prev"
	ViewCycle     Action = "view.cycle"
	FilterEdit    Action = "filter.edit"
	EventsPause   Action = "events.pause"
	EventMute     Action = "event.mute"
	EventOnly     Action = "event.only"
	FilterClear   Action = "filter.clear"
	EventTime     Action = "event.time"
	ListDown      Action = "list.down"
	ListUp        Action = "list.up"
	ListPageDown  Action = "list.pagedown"
	ListPageUp    Action = "list.pageup"
	ListTop       Action = "list.top"
	ListBottom    Action = "list.bottom"
	InputSubmit   Action = "input.submit"
	InputComplete Action = "input.complete"
	InputPrev     Action = "input.history.prev"
	InputNext     Action = "input.history.next"
	InputSearch   Action = "input.history.search"
	InputClear    Action = "input.clear"
	InputLeave    Action = "input.leave"
	OverlayClose  Action = "overlay.close"
	DocsShow      Action = "docs.show"
	EventDocs     Action = "event.docs"
	InputDocs     Action = "input.docs"
	DocsInsert    Action = "docs.insert"
	DocsSearch    Action = "docs.search"
)

// Defaults is the built-in table, vim-flavoured. Order is the order of the
// help overlay.
func Defaults() []Binding {
	b := func(a Action, c Context, desc string, keys ...string) Binding {
		ks := make([]Key, len(keys))
		for i, k := range keys {
			ks[i] = MustParse(k)
		}
		return Binding{Action: a, Context: c, Keys: ks, Description: desc}
	}
	return []Binding{
		b(Quit, Global, "quit (in the input line Ctrl-C clears the line first)", "q", "ctrl+c"),
		b(FocusInput, Global, "go to the input line", ":"),
		b(Help, Global, "show this help", "?"),
		b(Notices, Global, "show all messages (they fade from the status bar)", "n"),
		b(DocsShow, Global, "docs of the selected event or command, else search", "f1"),
		b(PaneNext, Global, "next pane", "tab"),
		b(PanePrev, Global, "previous pane", "shift+tab"),
		b(ViewCycle, Global, "detail view: condensed / expanded / raw", "v"),
		b(FilterEdit, Global, "edit the event filter", "/"),
		b(EventsPause, Global, "pause / resume the event view (events are still recorded)", "p"),
		b(EventMute, Events, "mute the selected event's name", "m"),
		b(EventOnly, Events, "show only the selected event's name", "o"),
		b(FilterClear, Events, "clear the event filter", "c"),
		b(EventTime, Events, "show local receive time / QEMU time", "t"),
		b(EventDocs, Events, "docs of the selected event", "d"),
		b(ListDown, Lists, "down", "j", "down"),
		b(ListUp, Lists, "up", "k", "up"),
		b(ListPageDown, Lists, "page down", "pgdn", "ctrl+f"),
		b(ListPageUp, Lists, "page up", "pgup", "ctrl+b"),
		b(ListTop, Lists, "first row", "g", "home"),
		b(ListBottom, Lists, "last row, and follow new rows", "G", "end"),
		b(InputSubmit, Input, "send the command", "enter"),
		b(InputComplete, Input, "complete", "tab", "ctrl+space"),
		b(InputPrev, Input, "previous command in history", "up"),
		b(InputNext, Input, "next command in history", "down"),
		b(InputSearch, Input, "search the history", "ctrl+r"),
		b(InputDocs, Input, "docs of the command typed (also :doc NAME)", "f1"),
		b(InputClear, Input, "clear the line", "ctrl+c"),
		b(InputLeave, Input, "close the completion popup, else go to the event pane", "esc"),
		b(OverlayClose, Overlay, "close", "esc", "q"),
		b(DocsInsert, Docs, "put the first example in the input line", "i"),
		b(DocsSearch, Docs, "search commands and events", "/"),
	}
}

// Keymap answers which action a key triggers in a context.
type Keymap struct {
	bindings []Binding
	index    map[Context]map[Key]Action
}

// New builds a keymap from bindings.
func New(bindings []Binding) *Keymap {
	km := &Keymap{bindings: bindings, index: map[Context]map[Key]Action{}}
	for _, b := range bindings {
		if km.index[b.Context] == nil {
			km.index[b.Context] = map[Key]Action{}
		}
		for _, k := range b.Keys {
			km.index[b.Context][k] = b.Action
		}
	}
	return km
}

// Lookup finds the action for k, trying contexts in order (most specific
// first) and Global last.
func (km *Keymap) Lookup(k Key, contexts ...Context) (Action, bool) {
	for _, c := range append(contexts, Global) {
		if a, ok := km.index[c][k]; ok {
			return a, true
		}
	}
	return "", false
}

// Bindings returns the table, in order.
func (km *Keymap) Bindings() []Binding { return km.bindings }

// KeysOf returns the keys bound to an action, for hints.
func (km *Keymap) KeysOf(a Action) []Key {
	for _, b := range km.bindings {
		if b.Action == a {
			return b.Keys
		}
	}
	return nil
}
