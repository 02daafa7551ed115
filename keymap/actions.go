package keymap

// Action names a thing the user can do.
type Action string

// Binding ties an action to its keys in a context.
type Binding struct {
	Action      Action
	Context     Context
	Keys        []Key
	Description string
	Group       Group
	// Macro is set on a key → command binding (Action is then
	// MacroAction of its key); nil on the built-in actions.
	Macro *Macro
}

// The actions. Their names are stable: the configuration refers to them.
const (
	Quit          Action = "app.quit"
	FocusInput    Action = "input.focus"
	Help          Action = "help.show"
	Notices       Action = "notices.show"
	RetryNow      Action = "conn.retry"
	GiveUp        Action = "conn.giveup"
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
	KeysShow      Action = "keys.show"
	KeysRebind    Action = "keys.rebind"
	KeysUnbind    Action = "keys.unbind"
	KeysRecord    Action = "keys.record"
	VMNext        Action = "vm.next"
	VMPrev        Action = "vm.prev"
	VMMark        Action = "vm.mark"
	VMMarkAll     Action = "vm.markall"
	VMPin         Action = "vm.pin"
	LayoutCycle   Action = "layout.cycle"
	EventsAll     Action = "events.all"
	OverviewLeft  Action = "overview.left"
	OverviewRight Action = "overview.right"
	OverviewOpen  Action = "overview.open"
	WatchClose    Action = "watch.close"
	WatchView     Action = "watch.view"
	WatchPageDown Action = "watch.pagedown"
	WatchPageUp   Action = "watch.pageup"
	LiveJobs      Action = "live.jobs"
	LiveMigration Action = "live.migration"
	LiveBlock     Action = "live.block"
	LivePCI       Action = "live.pci"
	LiveCPUs      Action = "live.cpus"
	LiveChardev   Action = "live.chardev"
	LiveMemory    Action = "live.memory"
	LiveHotplug   Action = "live.hotplug"
	LiveClose     Action = "live.close"
	JobPause      Action = "job.pause"
	JobResume     Action = "job.resume"
	JobSetSpeed   Action = "job.speed"
	JobCancel     Action = "job.cancel"
	JobComplete   Action = "job.complete"
	JobFinalize   Action = "job.finalize"
	JobDismiss    Action = "job.dismiss"
	BlockResize   Action = "block.resize"
	BlockThrottle Action = "block.throttle"
	BitmapAdd     Action = "block.bitmap-add"
	BitmapClear   Action = "block.bitmap-clear"
	BlockBackup   Action = "block.backup"
	BlockMirror   Action = "block.mirror"
	// CommandLatency opens the latency histogram of the selected command.
	CommandLatency Action = "command.latency"
	LatencyNext    Action = "latency.next"
	LatencyPrev    Action = "latency.prev"
	// QOMShow opens the QOM browser of the focused VM.
	QOMShow     Action = "qom.show"
	QOMDown     Action = "qom.down"
	QOMUp       Action = "qom.up"
	QOMToggle   Action = "qom.toggle"
	QOMExpand   Action = "qom.expand"
	QOMCollapse Action = "qom.collapse"
	QOMFollow   Action = "qom.follow"
	QOMSearch   Action = "qom.search"
	QOMNext     Action = "qom.next"
	QOMEdit     Action = "qom.edit"
	ViewsOpen   Action = "views.open"
)

// Defaults is the built-in table, vim-flavoured. Order is the order of the
// help overlay and of the generated documentation.
func Defaults() []Binding {
	b := func(a Action, c Context, g Group, desc string, keys ...string) Binding {
		return Binding{Action: a, Context: c, Keys: mustParseAll(keys), Description: desc, Group: g}
	}
	return []Binding{
		b(Quit, Global, General, "quit, asking first while a QEMU qmpdash started runs (in the input line Ctrl-C clears the line first)", "q", "ctrl+c"),
		b(FocusInput, Global, General, "go to the input line", ":"),
		b(Help, Global, General, "show this help", "?"),
		b(Notices, Global, General, "show all messages (they fade from the status bar)", "n"),
		b(DocsShow, Global, Documentation, "docs of the selected event or command, else search", "f1"),
		b(PaneNext, Global, Panes, "next pane", "tab"),
		b(PanePrev, Global, Panes, "previous pane", "shift+tab"),
		b(ViewCycle, Global, Panes, "detail view: condensed / expanded / raw", "v"),
		b(VMNext, Global, VMGroup, "next VM", "]"),
		b(VMPrev, Global, VMGroup, "previous VM", "["),
		b(LayoutCycle, Global, VMGroup, "layout: tabs / split (the VM and the pinned ones, up to 4) / overview of all", "L"),
		b(VMMark, Global, VMGroup, "mark or unmark the VM (in the overview: the selected tile) for broadcast", "space"),
		b(VMMarkAll, Global, VMGroup, "mark every VM, or unmark all when all are marked", "*"),
		b(VMPin, Global, VMGroup, "pin or unpin the VM (in the overview: the selected tile) to the split layout", "P"),
		b(EventsAll, Global, VMGroup, "event pane: this VM / all VMs merged (filter vm:NAME)", "a"),
		b(OverviewLeft, Overview, VMGroup, "tile to the left", "h", "left"),
		b(OverviewRight, Overview, VMGroup, "tile to the right", "l", "right"),
		b(OverviewOpen, Overview, VMGroup, "show the selected VM in the tabs layout", "enter"),
		b(LiveJobs, Global, LiveGroup, "live view: every VM's jobs, with progress, rate and ETA (again: back)", "J"),
		b(LiveMigration, Global, LiveGroup, "live view: every VM's migration, both ends (again: back)", "M"),
		b(LiveBlock, Global, LiveGroup, "live view: every VM's block graph, devices to files, with I/O rates (again: back)", "B"),
		b(LivePCI, Global, LiveGroup, "live view: every VM's PCI devices as a bus tree (again: back)", "I"),
		b(LiveCPUs, Global, LiveGroup, "live view: every VM's vCPUs and their host threads (again: back)", "U"),
		b(LiveChardev, Global, LiveGroup, "live view: every VM's character devices (again: back)", "H"),
		b(LiveMemory, Global, LiveGroup, "live view: every VM's memory devices (again: back)", "Y"),
		b(LiveHotplug, Global, LiveGroup, "live view: every VM's hotpluggable CPU slots (again: back)", "T"),
		b(LiveClose, LiveView, LiveGroup, "close the live view", "esc"),
		b(JobPause, LiveView, LiveGroup, "pause the selected job", "p"),
		b(JobResume, LiveView, LiveGroup, "resume the selected job", "u"),
		b(JobSetSpeed, LiveView, LiveGroup, "set the selected block job's speed: the input line, filled in", "s"),
		b(JobCancel, LiveView, LiveGroup, "cancel the selected job (asks first)", "c"),
		b(JobComplete, LiveView, LiveGroup, "complete the selected job (a ready mirror: switch over)", "C"),
		b(JobFinalize, LiveView, LiveGroup, "finalize the selected pending job", "F"),
		b(JobDismiss, LiveView, LiveGroup, "dismiss the selected concluded job; an ended one leaves the list", "D"),
		b(BlockResize, LiveView, LiveGroup, "block view: resize the selected node (block_resize, in the input line)", "R"),
		b(BlockThrottle, LiveView, LiveGroup, "block view: set the selected device's I/O limits (block_set_io_throttle, in the input line)", "t"),
		b(BitmapAdd, LiveView, LiveGroup, "block view: add a dirty bitmap to the selected node (in the input line)", "b"),
		b(BitmapClear, LiveView, LiveGroup, "block view: clear a dirty bitmap of the selected node (in the input line)", "x"),
		b(BlockBackup, LiveView, LiveGroup, "block view: back the selected node up (blockdev-backup, in the input line; the job shows in J)", "w"),
		b(BlockMirror, LiveView, LiveGroup, "block view: mirror the selected node (blockdev-mirror, in the input line; the job shows in J)", "m"),
		b(FilterEdit, Global, EventGroup, "edit the event filter", "/"),
		b(EventsPause, Global, EventGroup, "pause / resume the event view (events are still recorded)", "p"),
		b(EventMute, Events, EventGroup, "mute the selected event's name", "m"),
		b(EventOnly, Events, EventGroup, "show only the selected event's name", "o"),
		b(FilterClear, Events, EventGroup, "clear the event filter", "c"),
		b(EventTime, Events, EventGroup, "show local receive time / QEMU time", "t"),
		b(EventDocs, Events, Documentation, "docs of the selected event", "d"),
		b(CommandLatency, Commands, Panes, "latency histogram of the selected command's name (also :latency NAME)", "l"),
		b(QOMShow, Global, Panes, "QOM browser of the VM: its object tree, property types and values (also :qom [PATH])", "Q"),
		b(RetryNow, Global, Connection, "reconnect now instead of waiting; after giving up, start again; a QEMU qmpdash started that exited: start it again", "r", "alt+r"),
		b(GiveUp, Global, Connection, "stop reconnecting to a monitor that went away", "X", "alt+g"),
		b(ListDown, Lists, ListGroup, "down", "j", "down"),
		b(ListUp, Lists, ListGroup, "up", "k", "up"),
		b(ListPageDown, Lists, ListGroup, "page down", "pgdn", "ctrl+f"),
		b(ListPageUp, Lists, ListGroup, "page up", "pgup", "ctrl+b"),
		b(ListTop, Lists, ListGroup, "first row", "g", "home"),
		b(ListBottom, Lists, ListGroup, "last row, and follow new rows", "G", "end"),
		b(InputSubmit, Input, InputGroup, "send the command", "enter"),
		b(InputComplete, Input, InputGroup, "complete", "tab", "ctrl+space"),
		b(InputPrev, Input, InputGroup, "previous command in history", "up"),
		b(InputNext, Input, InputGroup, "next command in history", "down"),
		b(InputSearch, Input, InputGroup, "search the history", "ctrl+r"),
		b(InputDocs, Input, Documentation, "docs of the command typed (also :doc NAME)", "f1"),
		b(InputClear, Input, InputGroup, "clear the line", "ctrl+c"),
		b(InputLeave, Input, InputGroup, "close the completion popup, else go to the event pane", "esc"),
		b(OverlayClose, Overlay, Overlays, "close", "esc", "q"),
		b(LatencyNext, LatencyOverlay, Overlays, "next command name in the log", "l", "right"),
		b(LatencyPrev, LatencyOverlay, Overlays, "previous command name in the log", "h", "left"),
		b(QOMDown, QOMOverlay, Overlays, "next row", "j", "down"),
		b(QOMUp, QOMOverlay, Overlays, "previous row", "k", "up"),
		b(QOMToggle, QOMOverlay, Overlays, "expand or collapse the object; on a link, go to its target", "enter"),
		b(QOMExpand, QOMOverlay, Overlays, "expand the object (its properties are listed the first time)", "l", "right"),
		b(QOMCollapse, QOMOverlay, Overlays, "collapse the object, or go to the object holding the row", "h", "left"),
		b(QOMFollow, QOMOverlay, Overlays, "go to the object the link points to", "f"),
		b(QOMSearch, QOMOverlay, Overlays, "search the names loaded so far (Enter goes to the first match)", "/"),
		b(QOMNext, QOMOverlay, Overlays, "next match of the search", "n"),
		b(QOMEdit, QOMOverlay, Overlays, "set the property: qom-set with its value, in the input line", "e"),
		b(ViewsOpen, ViewsOverlay, Overlays, "open the selected live view", "enter"),
		b(KeysShow, HelpOverlay, KeyGroup, "list, search and change the keys (also :keys)", "K"),
		b(DocsInsert, Docs, Documentation, "put the first example in the input line", "i"),
		b(DocsSearch, Docs, Documentation, "search commands and events", "/"),
		b(WatchClose, WatchOverlay, WatchGroup, "stop the selected watch and remove it (Esc only hides the overlay; hidden watches send nothing)", "x", "delete"),
		b(WatchView, WatchOverlay, WatchGroup, "reply view: condensed / expanded / raw", "v"),
		b(WatchPageDown, WatchOverlay, WatchGroup, "scroll the reply a page down", "J", "ctrl+d"),
		b(WatchPageUp, WatchOverlay, WatchGroup, "scroll the reply a page up", "K", "ctrl+u"),
		b(KeysRebind, KeysOverlay, KeyGroup, "rebind the selected action: press its new key next", "enter"),
		b(KeysUnbind, KeysOverlay, KeyGroup, "unbind the selected action", "delete"),
		b(KeysRecord, KeysOverlay, KeyGroup, "new macro: the input line's text on a key pressed next", "ctrl+r"),
	}
}

// mustParseAll parses the built-in tables' keys.
func mustParseAll(keys []string) []Key {
	ks := make([]Key, len(keys))
	for i, k := range keys {
		ks[i] = MustParse(k)
	}
	return ks
}
