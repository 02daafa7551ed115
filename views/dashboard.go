package views

import (
	"context"
	"sync"
	"time"

	"github.com/gdamore/tcell/v2"
	"github.com/qmpdash/qmpdash/app"
	"github.com/qmpdash/qmpdash/app/cmdline"
	"github.com/qmpdash/qmpdash/app/complete"
	"github.com/qmpdash/qmpdash/docs"
	"github.com/qmpdash/qmpdash/keymap"
	"github.com/rivo/tview"
)

// frameInterval caps redraws at about 30 frames a second, however fast
// events arrive: a ticker redraws only when something changed.
const frameInterval = 34 * time.Millisecond

// Options configure a Dashboard.
type Options struct {
	// Screen is the screen to draw on; nil means the terminal.
	Screen tcell.Screen
	// Mouse enables mouse support (it breaks the terminal's own text
	// selection, so it is opt-in).
	Mouse   bool
	Theme   Theme
	Keymap  *keymap.Keymap
	History app.History
	// ConfigPath is the configuration file the keys overlay saves changes
	// to; empty keeps them for the session only.
	ConfigPath string
}

// Dashboard is the full-screen view of one session: event stream, command
// log, detail view, input line and status bar, with overlays on top.
type Dashboard struct {
	app     *tview.Application
	session *app.Session
	opts    Options
	km      *keymap.Keymap
	theme   Theme

	pages    *tview.Pages
	events   *ListPane
	eventSrc *eventRows
	commands *ListPane
	cmdSrc   *commandRows
	detail   *DetailPane
	input    *InputLine
	status   *StatusBar
	filter   *filterOverlay
	pending  *app.Outgoing // waiting for the user's confirmation
	docs     *docsOverlay
	keys     *keysOverlay
	// lastSave is closed when the latest save of the keys is done; the
	// next waits for it, so saves land in order.
	lastSave chan struct{}
	focus    []tview.Primitive
	// docsReturn has focus again when the documentation overlay closes.
	docsReturn tview.Primitive

	mu         sync.Mutex // guards engine, built off the UI goroutine
	engine     *complete.Engine
	engineFrom any
	lastDraw   uint64
}

// New builds the dashboard for a session.
func New(s *app.Session, opts Options) *Dashboard {
	if opts.Keymap == nil {
		opts.Keymap = keymap.New(keymap.Defaults())
	}
	d := &Dashboard{app: tview.NewApplication(), session: s, opts: opts, km: opts.Keymap, theme: opts.Theme}
	if opts.Screen != nil {
		d.app.SetScreen(opts.Screen)
	}
	d.app.EnableMouse(opts.Mouse)
	d.build()
	return d
}

func (d *Dashboard) build() {
	th := d.theme
	d.eventSrc = &eventRows{log: d.session.Events, theme: th}
	d.events = NewListPane(d.eventSrc, eventHeader(th), th)
	d.events.SetTitleText("Events")
	d.cmdSrc = &commandRows{log: d.session.Commands, theme: th}
	d.commands = NewListPane(d.cmdSrc, commandHeader(th), th)
	d.commands.SetTitleText("Commands")
	d.detail = NewDetailPane(th)
	d.input = NewInputLine(th, d.opts.History, d.completionEngine, d.send)
	d.input.SetMetaFunc(d.runMeta)
	d.status = NewStatusBar(d.session, th, func() bool { return d.eventSrc.paused })
	d.events.SetSelectedFunc(func(int) { d.showSelection(d.events) })
	d.commands.SetSelectedFunc(func(int) { d.showSelection(d.commands) })

	top := tview.NewFlex().AddItem(d.events, 0, 1, false).AddItem(d.commands, 0, 1, false)
	main := tview.NewFlex().SetDirection(tview.FlexRow).
		AddItem(top, 0, 3, false).
		AddItem(d.detail, 0, 2, false).
		AddItem(d.input, 2, 0, true).
		AddItem(d.status, 1, 0, false)
	d.pages = tview.NewPages().AddPage("main", main, true, true)
	d.focus = []tview.Primitive{d.input, d.events, d.commands, d.detail}
	d.app.SetRoot(d.pages, true).SetFocus(d.input)
	d.app.SetInputCapture(d.handleKey)
	d.app.SetAfterDrawFunc(d.drawPopup)
}

// Run shows the dashboard until the user quits or ctx ends.
func (d *Dashboard) Run(ctx context.Context) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
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
	return err
}

// Stop ends Run.
func (d *Dashboard) Stop() { d.app.Stop() }

// redrawLoop asks for a frame when the session changed, at most once a
// tick; it never touches widgets itself.
func (d *Dashboard) redrawLoop(ctx context.Context) {
	t := time.NewTicker(frameInterval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			v := d.session.Version() + d.session.Events.Version() + d.session.Commands.Version()
			st := d.session.State()
			countdown := !st.RetryAt.IsZero()
			if v == d.lastDraw && !countdown && !d.noticeFresh() {
				continue
			}
			d.lastDraw = v
			d.app.QueueUpdateDraw(d.refresh)
		}
	}
}

func (d *Dashboard) noticeFresh() bool {
	n, ok := d.session.Notices.Latest()
	return ok && time.Since(n.Time) < noticeLifetime+time.Second
}

// refresh updates what depends on new data; it runs on the UI goroutine.
func (d *Dashboard) refresh() {
	if d.commands.HasFocus() || d.detail.source == d.commands {
		d.showSelection(d.commands)
	}
}

// completionEngine returns an engine for the current schema, building a
// new one when the schema changed (after a reconnect, say) or the
// documentation arrived, whose summaries the popup then shows.
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
	return d.engine
}

// engineSource is what a completion engine was built from.
type engineSource struct {
	schema *docs.Schema
	docs   *docs.Index
}

// send hands a line to the session; errors keep the text in the line.
func (d *Dashboard) send(line *cmdline.Line, text string) error {
	out, err := d.session.Check(line, text)
	if err != nil {
		return err
	}
	if d.session.NeedsConfirm(out) {
		d.askToSend(out)
		return errConfirming
	}
	if _, err := d.session.SendChecked(out); err != nil {
		return err
	}
	d.commands.Bottom()
	d.showSelection(d.commands)
	return nil
}
