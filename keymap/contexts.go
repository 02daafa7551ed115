package keymap

// Context is where a binding applies: a part of the screen with focus.
// A context also consults the contexts it lies Within, so a key bound
// both in a context and in an outer one does the inner thing there.
type Context string

// The contexts of the dashboard.
const (
	Global   Context = "global"
	Input    Context = "input"
	Lists    Context = "lists" // the event pane and the command log
	Events   Context = "events"
	Commands Context = "commands"
	Overlay  Context = "overlay"
	// HelpOverlay is the help overlay; its Overlay bindings apply too.
	HelpOverlay Context = "help"
	// Docs is the documentation overlay; its Overlay bindings apply too.
	Docs Context = "docs"
	// KeysOverlay is the keys overlay, where typing filters the list.
	KeysOverlay Context = "keys"
	// WatchOverlay is the watches overlay: the list of a VM's watches and
	// the selected one's reply.
	WatchOverlay Context = "watch"
	// Overview is the overview layout's grid of VM tiles.
	Overview Context = "overview"
	// LiveView is a live resource view (jobs, migration, block, devices).
	LiveView Context = "live"
	// LatencyOverlay is the latency histogram of a command name; its
	// Overlay bindings apply too.
	LatencyOverlay Context = "latency"
	// QOMOverlay is the QOM browser; its Overlay bindings apply too.
	QOMOverlay Context = "qom"
	// ViewsOverlay is the list of live views (:views); its Overlay and
	// Lists bindings apply too.
	ViewsOverlay Context = "views"
)

// ContextInfo describes a context.
type ContextInfo struct {
	Context Context
	// Title heads the context's keys in the help overlay.
	Title string
	// Where names the context inside a sentence ("in the event pane").
	Where string
	// Within are the outer contexts consulted after this one, innermost
	// first.
	Within []Context
	// Typing contexts take unmodified printable keys as text: only their
	// own bindings may use such keys, an outer context's do not apply.
	Typing bool
}

// contexts is the context table, in the help overlay's order.
var contexts = []ContextInfo{
	{Global, "Everywhere (outside the input line)", "everywhere", nil, false},
	{Input, "Input line", "in the input line", []Context{Global}, true},
	{Lists, "Event and command lists", "in the lists", []Context{Global}, false},
	{Events, "Event pane", "in the event pane", []Context{Lists, Global}, false},
	{Commands, "Command log", "in the command log", []Context{Lists, Global}, false},
	{Overlay, "Overlays", "in overlays", nil, false},
	{HelpOverlay, "Help", "in the help", []Context{Overlay}, false},
	{Docs, "Documentation", "in the documentation", []Context{Overlay}, false},
	{KeysOverlay, "Keys overlay", "in the keys overlay", []Context{Overlay, Lists}, true},
	{WatchOverlay, "Watches", "in the watches overlay", []Context{Overlay, Lists}, false},
	{Overview, "Overview grid", "in the overview grid", []Context{Lists, Global}, false},
	{LiveView, "Live views", "in a live view", []Context{Lists, Global}, false},
	{LatencyOverlay, "Latency histogram", "in the latency histogram", []Context{Overlay}, false},
	{QOMOverlay, "QOM browser", "in the QOM browser", []Context{Overlay}, false},
	{ViewsOverlay, "Live views list", "in the live views list", []Context{Overlay, Lists}, false},
}

// Contexts returns every context, in the order help lists them.
func Contexts() []ContextInfo { return contexts }

// Info describes c; an unknown context gets its name as title.
func (c Context) Info() ContextInfo {
	for _, ci := range contexts {
		if ci.Context == c {
			return ci
		}
	}
	return ContextInfo{Context: c, Title: string(c), Where: "in " + string(c)}
}

// Chain is c followed by the contexts it lies within, innermost first: the
// order in which LookupIn consults them.
func (c Context) Chain() []Context { return append([]Context{c}, c.Info().Within...) }

// Group gathers related actions in the documentation, whatever their
// context; its value is its title.
type Group string

// The groups, in the documentation's order (see Groups).
const (
	General       Group = "General"
	Panes         Group = "Panes and views"
	VMGroup       Group = "VMs and layouts"
	LiveGroup     Group = "Live views"
	EventGroup    Group = "Events"
	Connection    Group = "Connection"
	ListGroup     Group = "Moving in lists"
	InputGroup    Group = "Input line"
	Documentation Group = "Documentation"
	Overlays      Group = "Overlays"
	WatchGroup    Group = "Watches"
	KeyGroup      Group = "Keys and macros"
	MacroGroup    Group = "Macros"
)

// Groups returns every group in the documentation's order.
func Groups() []Group {
	return []Group{General, Connection, Panes, VMGroup, LiveGroup, EventGroup, ListGroup, InputGroup, Documentation, Overlays, WatchGroup, KeyGroup, MacroGroup}
}
