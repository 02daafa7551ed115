package views

import (
	"context"
	"sync"
	"sync/atomic"

	"github.com/gdamore/tcell/v2"
	"github.com/qmpdash/qmpdash/app/cmdline"
	"github.com/qmpdash/qmpdash/app/complete"
	"github.com/qmpdash/qmpdash/app/history"
	"github.com/qmpdash/qmpdash/app/qom"
	"github.com/qmpdash/qmpdash/app/send"
	"github.com/qmpdash/qmpdash/app/session"
	"github.com/qmpdash/qmpdash/app/store"
	"github.com/qmpdash/qmpdash/docs"
	"github.com/qmpdash/qmpdash/keymap"
	"github.com/qmpdash/qmpdash/views/widget"
	"github.com/rivo/tview"
)

// Options configure a Dashboard.
type Options struct {
	// Screen is the screen to draw on; nil means the terminal.
	Screen tcell.Screen
	// Mouse enables mouse support (it breaks the terminal's own text
	// selection, so it is opt-in).
	Mouse   bool
	Theme   widget.Theme
	Keymap  *keymap.Keymap
	History history.File
	// ConfigPath is the configuration file the keys overlay saves changes
	// to; empty keeps them for the session only.
	ConfigPath string
}

// Dashboard is the full-screen view of a fleet of VMs: a VM strip, the
// focused VM's event stream, command log and detail view in one of three
// layouts (tabs, split, overview), the input line and the status bar,
// with overlays on top.
type Dashboard struct {
	app   *tview.Application
	fleet *session.Fleet
	// session is the focused VM: the input line sends to it (or to the
	// marked VMs), and the panes of the tabs layout show it.
	session *session.Session
	opts    Options
	km      *keymap.Keymap
	// handlers are the controllers' handlers by context, for dispatch.
	handlers map[keymap.Context]handlers
	theme    widget.Theme

	pages   *tview.Pages
	main    *tview.Flex
	vmStrip *vmStrip
	body    *tview.Flex
	stderr  *stderrPane
	// stderrRows is the stderr pane's height in the layout (0: left out).
	stderrRows int
	layout     layout
	overview   *overviewGrid
	// pinned are the VMs the split layout shows beside the focused one.
	pinned map[*session.Session]bool
	// allEvents makes the event pane show every VM's events merged.
	allEvents bool
	mergedSrc *eventRows
	// seenFailures is each VM's failure count when the user last had it
	// in front; the strip shows what came since as unread errors.
	seenFailures map[*session.Session]uint64
	fleetSeen    uint64 // the fleet version syncFleet last caught up with
	events       *widget.ListPane
	eventSrc     *eventRows
	commands     *widget.ListPane
	cmdSrc       *commandRows
	detail       *DetailPane
	input        *InputLine
	status       *StatusBar
	filter       *filterOverlay
	latency      *latencyOverlay // the latency histogram last opened
	// qom is the QOM browser last opened, over qomModel, the tree of the
	// VM qomOf; qomStop ends the model's worker. qomLive is the model
	// while the browser is open, for the redraw loop.
	qom       *qomBrowser
	qomModel  *qom.Model
	qomOf     *session.Session
	qomStop   context.CancelFunc
	qomLive   atomic.Pointer[qom.Model]
	viewsList *widget.ListPane // the live views list (:views) last opened
	// question is what the confirmation dialog asks, nil if none is open.
	question *question
	docs     *docsOverlay
	keys     *keysOverlay
	watches  *watchOverlay
	// watchesOpen is set while the watches overlay shows, whose ages
	// must be redrawn every second.
	watchesOpen atomic.Bool
	// live shows the live resource views (jobs, migration, block, devices).
	live *liveScreen
	// lastSave is closed when the latest save of the keys is done; the
	// next waits for it, so saves land in order.
	lastSave chan struct{}
	focus    []tview.Primitive
	// docsReturn has focus again when the documentation overlay closes.
	docsReturn tview.Primitive

	mu         sync.Mutex // guards engine, built off the UI goroutine
	engine     *complete.Engine
	engineFrom any
	// liveValues is each VM's live values for completion; liveValuesSeen
	// is their version when the input line last heard of new ones.
	liveValues     liveCaches
	liveValuesSeen uint64
}

// New builds the dashboard for one session, which the caller runs.
func New(s *session.Session, opts Options) *Dashboard {
	f := session.NewFleet(context.Background(), session.FleetConfig{})
	f.Adopt(s) // a fresh fleet takes any name
	return NewDashboard(f, opts)
}

// NewDashboard builds the dashboard for a fleet with at least one VM; the
// first VM has the focus.
func NewDashboard(f *session.Fleet, opts Options) *Dashboard {
	if opts.Keymap == nil {
		opts.Keymap = keymap.New(keymap.Defaults())
	}
	d := &Dashboard{app: tview.NewApplication(), fleet: f, session: f.Sessions()[0], opts: opts, km: opts.Keymap, theme: opts.Theme,
		seenFailures: map[*session.Session]uint64{}, pinned: map[*session.Session]bool{}}
	if opts.Screen != nil {
		d.app.SetScreen(&diffScreen{Screen: opts.Screen})
	}
	d.app.EnableMouse(opts.Mouse)
	d.build()
	return d
}

func (d *Dashboard) build() {
	th := d.theme
	d.eventSrc = &eventRows{log: d.session.Events, theme: th}
	d.mergedSrc = &eventRows{log: d.fleet.Merged, theme: th, showVM: true}
	d.events = widget.NewListPane(d.eventSrc, d.eventSrc.header, th)
	d.events.SetTitleText("Events")
	d.cmdSrc = &commandRows{log: d.session.Commands, theme: th}
	d.commands = widget.NewListPane(d.cmdSrc, commandHeader(th), th)
	d.commands.SetTitleText("Commands")
	d.detail = NewDetailPane(th)
	d.input = NewInputLine(th, d.opts.History, d.completionEngine, d.send)
	d.input.SetMetaFunc(d.runMeta)
	d.input.SetLoggedNames(func() []string { return d.session.Commands.LatencyNames() })
	d.status = NewStatusBar(d.session, th, func() bool { return d.currentEvents().paused })
	d.status.marked = func() int { return len(d.fleet.Marked()) }
	d.status.filter = func() store.EventFilter { return d.currentEventLog().Filter() }
	d.events.SetSelectedFunc(func(_ int, byUser bool) { d.followSelection(d.events, byUser) })
	d.commands.SetSelectedFunc(func(_ int, byUser bool) { d.followSelection(d.commands, byUser) })
	d.vmStrip = newVMStrip(d, th)
	d.stderr = newStderrPane(th)
	d.overview = newOverviewGrid(d, th)
	d.watches = newWatchOverlay(th)
	d.live = newLiveScreen(d)
	d.body = tview.NewFlex().SetDirection(tview.FlexRow)

	d.main = tview.NewFlex().SetDirection(tview.FlexRow).
		AddItem(d.vmStrip, 0, 0, false).
		AddItem(d.body, 0, 1, false).
		AddItem(d.input, 2, 0, true).
		AddItem(d.status, 1, 0, false)
	d.pages = tview.NewPages().AddPage("main", d.main, true, true)
	d.arrange()
	d.titlePanes()
	d.app.SetRoot(d.pages, true).SetFocus(d.input)
	d.buildHandlers()
	d.app.SetInputCapture(d.handleKey)
	d.app.SetAfterDrawFunc(d.drawPopup)
}

// Run shows the dashboard until the user quits or ctx ends.
func (d *Dashboard) Run(ctx context.Context) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	defer d.live.stop()
	if d.opts.Screen == nil { // the terminal, set up only now
		screen, err := tcell.NewScreen()
		if err != nil {
			return err
		}
		bs := &diffScreen{Screen: screen}
		if d.app.SetScreen(bs); bs.initErr != nil { // SetScreen drops Init's error
			return bs.initErr
		}
	}
	go d.redrawLoop(ctx)
	ran := make(chan struct{})
	go func() {
		select {
		case <-ctx.Done():
			d.app.Stop()
		case <-ran: // Run failed or the user quit: nothing to stop
		}
	}()
	err := d.app.Run()
	close(ran)
	d.input.Close()
	d.closeWatches()
	return err
}

// Stop ends Run.
func (d *Dashboard) Stop() { d.app.Stop() }

// refresh updates what depends on new data; it runs on the UI goroutine.
func (d *Dashboard) refresh() {
	d.syncFleet()
	d.watches.refresh()
	d.live.refresh()
	d.input.SetPrompt(d.prompt())
	if v := d.liveValues.version(); v != d.liveValuesSeen {
		d.liveValuesSeen = v
		d.input.liveValuesArrived()
	}
	if d.commands.HasFocus() || d.detail.source == d.commands {
		d.showSelection(d.commands)
	}
	proc := d.fleet.Process(d.session.Name())
	d.stderr.refresh(proc)
	if d.stderr.rows(proc) != d.stderrRows && d.layout != overviewLayout && !d.live.shown() {
		d.arrange()
	}
}

// completionEngine returns an engine for the current schema, building a
// new one when the schema changed (after a reconnect, say) or the
// documentation arrived, whose summaries the popup then shows. It
// completes live values from the focused VM's cache.
func (d *Dashboard) completionEngine() *complete.Engine {
	s := d.session.Schema()
	if s == nil {
		return nil
	}
	ix := d.session.Docs()
	d.mu.Lock()
	defer d.mu.Unlock()
	if from := (engineSource{s, ix}); d.engineFrom != any(from) {
		var sum complete.Summaries
		if ix != nil {
			sum = docSummaries{ix}
		}
		d.engine, d.engineFrom = complete.New(s, sum), from
	}
	return d.engine.WithLive(d.liveValues.of(d.session))
}

// engineSource is what a completion engine was built from.
type engineSource struct {
	schema *docs.Schema
	docs   *docs.Index
}

// send hands a line to the focused session, or to the marked VMs; errors
// keep the text in the line.
func (d *Dashboard) send(line *cmdline.Line, text string) error {
	if marked := d.fleet.Marked(); len(marked) > 0 {
		return d.broadcast(marked, line, text)
	}
	out, err := d.session.Check(line, text)
	if err != nil {
		return err
	}
	if d.session.NeedsConfirm(out) {
		d.askToSend(d.session, out, d.input, func(*send.Sent) {
			d.commands.Bottom()
			d.showSelection(d.commands)
			d.clearSentLine()
		})
		return errConfirming
	}
	if _, err := d.session.SendChecked(out); err != nil {
		return err
	}
	d.commands.Bottom()
	d.showSelection(d.commands)
	return nil
}
