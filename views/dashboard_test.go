package views

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gdamore/tcell/v2"
	"github.com/qmpdash/qmpdash/app/send"
	"github.com/qmpdash/qmpdash/app/session"
	"github.com/qmpdash/qmpdash/app/store"
	"github.com/qmpdash/qmpdash/app/transport"
	"github.com/qmpdash/qmpdash/docs/docstest"
	"github.com/qmpdash/qmpdash/keymap"
	"github.com/qmpdash/qmpdash/qmp/qmptest"
	"github.com/qmpdash/qmpdash/views/screentest"
	"github.com/qmpdash/qmpdash/views/widget"
)

// screenRows is the harness screen's height; tests that need a taller
// detail view change it.
var screenRows = 40

// harness is a dashboard on a simulation screen over one session.
type harness struct {
	t      *testing.T
	d      *Dashboard
	screen tcell.SimulationScreen
	// peer is the fake QEMU's side of the session's connection, nil
	// without a fake.
	peer *qmptest.Peer
	s    *session.Session
	// stopped is closed when the dashboard's Run returns.
	stopped chan struct{}
}

// harnessOptions says what startHarness builds. The zero value is a
// dashboard in the default theme on a 160×screenRows screen over a
// session connected to a fake QEMU that answers from the 7.2 fixture and
// the rest with {}, reading no documentation.
type harnessOptions struct {
	// theme replaces widget.DefaultTheme().
	theme *widget.Theme
	// config is the session's; Addr and Protocol are set here for a
	// fake, and NoDocs when it names no documentation (what the tests
	// see must not depend on the man pages installed).
	config session.Config
	// fake is the fake QEMU the session connects to. Without one, the
	// harness makes one from the 7.2 fixture, unless config.Addr is set:
	// then the session dials that (real QEMU, or a server of the test's
	// own) and there is no fake.
	fake *qmptest.FakeQEMU
	// reply, if set, is the fake's Reply: it answers the commands the
	// fixture does not.
	reply func(qmptest.Request) string
	// options gives the keymap and the history (a fresh file without
	// History.Path); Screen and Theme are set here.
	options Options
	// recording, if set, shows this recording's sessions (the viewer)
	// instead of a live session.
	recording string
	// wide makes the screen 250 columns, room for a whole notice after
	// a temp dir's long socket path.
	wide bool
}

// startHarness runs the dashboard o describes until the test ends. With
// a fake QEMU it returns once the schema (and the documentation, when
// config names some) is loaded.
func startHarness(t *testing.T, o harnessOptions) *harness {
	t.Helper()
	th := widget.DefaultTheme()
	if o.theme != nil {
		th = *o.theme
	}
	if o.options.History.Path == "" {
		o.options.History.Path = filepath.Join(t.TempDir(), "history")
	}
	widget.ApplyTviewStyles(th) // as the command does at start-up
	screen := tcell.NewSimulationScreen("UTF-8")
	if err := screen.Init(); err != nil {
		t.Fatal(err)
	}
	o.options.Screen, o.options.Theme = screen, th
	ctx, cancel := context.WithCancel(context.Background())
	h := &harness{t: t, screen: screen, stopped: make(chan struct{})}
	sessionDone := make(chan struct{})
	if o.recording != "" {
		close(sessionDone)
		var fleet *session.Fleet
		fleet, h.s = recordedFleet(t, o.recording)
		h.d = NewDashboard(fleet, o.options)
	} else {
		h.s = startHarnessSession(t, ctx, &o, sessionDone)
		if o.fake != nil {
			h.peer = o.fake.Accept()
		}
		h.d = New(h.s, o.options)
	}
	go func() { h.d.Run(ctx); close(h.stopped) }()
	t.Cleanup(func() {
		cancel()
		<-h.stopped
		<-sessionDone
	})
	width := 160
	if o.wide {
		width = 250
	}
	// tview initialises the screen in Run, which resets a simulation
	// screen to 80x25: size it once the loop runs.
	h.d.app.QueueUpdateDraw(func() { screen.SetSize(width, screenRows) })
	if o.fake != nil {
		h.waitFor("the schema", func(string) bool { return h.s.Schema() != nil })
		if !o.config.NoDocs {
			h.waitFor("the documentation", func(string) bool { return h.s.Docs() != nil })
		}
	}
	return h
}

// startHarnessSession runs the session o configures (making its fake
// QEMU if it needs one) until ctx ends, then closes done.
func startHarnessSession(t *testing.T, ctx context.Context, o *harnessOptions, done chan struct{}) *session.Session {
	if o.fake == nil && o.config.Addr == "" {
		o.fake = qmptest.NewFakeQEMU(t, docstest.QEMU72)
	}
	if o.fake != nil {
		if o.reply != nil {
			o.fake.Reply = o.reply
		}
		if o.config.Addr == "" {
			o.config.Addr = o.fake.Path
		}
		o.config.Protocol = transport.ProtocolQMP
	}
	d := o.config.Docs
	if d.QAPIDir == "" && len(d.ManPages) == 0 && len(d.HTML) == 0 {
		o.config.NoDocs = true
	}
	s := session.New(o.config)
	go func() { s.Run(ctx); close(done) }()
	return s
}

// text reads the screen on the UI goroutine, where tview draws. It fails
// the test if the dashboard has stopped, which would never draw again.
func (h *harness) text() string {
	got := make(chan string, 1)
	go func() {
		h.d.app.QueueUpdateDraw(func() {})
		h.d.app.QueueUpdate(func() { got <- strings.Join(screentest.Rows(h.screen), "\n") })
	}()
	select {
	case s := <-got:
		return s
	case <-h.stopped:
		h.t.Fatal("the dashboard has stopped")
		return ""
	case <-time.After(10 * time.Second):
		h.t.Fatal("the UI goroutine did not answer")
		return ""
	}
}

func (h *harness) waitFor(what string, cond func(screen string) bool) string {
	h.t.Helper()
	var s string
	ok := false
	defer func() {
		if !ok {
			h.t.Logf("screen:\n%s", s)
		}
	}()
	qmptest.Eventually(h.t, what, func() bool { s = h.text(); ok = cond(s); return ok })
	return s
}

func (h *harness) waitText(text string) string {
	h.t.Helper()
	return h.waitFor(fmt.Sprintf("%q", text), func(s string) bool { return strings.Contains(s, text) })
}

// scrollTo pages the focused pane down until text shows, a page at a
// time, each page waited for; it fails at the pane's end.
func (h *harness) scrollTo(text string) string {
	h.t.Helper()
	for {
		s := h.text()
		if strings.Contains(s, text) {
			return s
		}
		h.key(tcell.KeyPgDn)
		h.waitFor(fmt.Sprintf("the next page, looking for %q", text), func(now string) bool { return now != s })
	}
}

func (h *harness) typeText(s string) {
	for _, r := range s {
		h.screen.InjectKey(tcell.KeyRune, r, tcell.ModNone)
	}
}

func (h *harness) key(k tcell.Key) { h.screen.InjectKey(k, 0, tcell.ModNone) }

// press presses the first key the dashboard's keymap binds to action, so
// that a test says what it does and a rebind does not break it.
func (h *harness) press(action keymap.Action) {
	h.t.Helper()
	keys := make(chan []keymap.Key, 1)
	h.d.app.QueueUpdate(func() { keys <- h.d.km.KeysOf(action) })
	ks := <-keys
	if len(ks) == 0 {
		h.t.Fatalf("no key is bound to %s", action)
	}
	k := ks[0]
	h.screen.InjectKey(k.Code, k.Rune, k.Mod)
}

// paneRows returns the lines of the screen between rows from and to.
func rowsOf(screen string, from, to int) string {
	lines := strings.Split(screen, "\n")
	return strings.Join(lines[from:min(to, len(lines))], "\n")
}

func TestDashboardCommandAndEvent(t *testing.T) {
	h := startHarness(t, harnessOptions{reply: func(r qmptest.Request) string {
		return qmptest.EventLine("STOP", "") + qmptest.ReplyLine(r, "{}")
	}})
	h.typeText("stop")
	h.press(keymap.InputSubmit)
	s := h.waitFor("stop ok and the STOP event", func(s string) bool {
		return strings.Contains(s, "ok ") && strings.Contains(s, "STOP")
	})
	if !strings.Contains(s, "stop") || !strings.Contains(s, "paused") {
		t.Fatalf("screen:\n%s", s)
	}
	// The sent line left the input; it is in the history.
	h.press(keymap.InputPrev)
	h.waitText("> stop")
}

func TestDashboardLiveSyntaxCheckKeepsLine(t *testing.T) {
	h := startHarness(t, harnessOptions{})
	h.typeText(`block_resize device="d0`)
	s := h.waitText("^ unterminated string")
	// The caret stands under the opening quote: prompt (2) + column 21.
	for _, line := range strings.Split(s, "\n") {
		if i := strings.Index(line, "^ unterminated"); i >= 0 && i != 2+20 {
			t.Errorf("caret at cell %d, want 22:\n%s", i, line)
		}
	}
	h.press(keymap.InputSubmit)
	h.waitText(`> block_resize device="d0`)
	if h.s.Commands.Len() != 0 {
		t.Fatal("a line with a syntax error was sent")
	}
}

func TestDashboardValidationKeepsLine(t *testing.T) {
	h := startHarness(t, harnessOptions{})
	h.typeText("block_resize device=d0 size=big")
	h.press(keymap.InputSubmit)
	h.waitText(`size: expected int, got string "big"`)
	h.waitText("> block_resize device=d0 size=big")
}

func TestDashboardCompletionPopup(t *testing.T) {
	h := startHarness(t, harnessOptions{})
	h.typeText("query-sta")
	h.press(keymap.InputComplete)
	// Not "query-status" alone: the input line's placeholder mentions it.
	h.waitText("command · no arguments")
	h.key(tcell.KeyDown) // query-stats → query-status (second)
	h.key(tcell.KeyEnter)
	h.waitFor("the accepted candidate", func(s string) bool {
		return strings.Contains(s, "> query-status") && !strings.Contains(s, "command · no arguments")
	})
}

func TestDashboardFiltersApplyToHistory(t *testing.T) {
	h := startHarness(t, harnessOptions{})
	for _, n := range []string{"STOP", "RTC_CHANGE", "RESUME", "RTC_CHANGE"} {
		h.peer.Write(qmptest.EventLine(n, `{"x": 1}`))
	}
	h.waitFor("four events", func(string) bool { return h.s.Events.Len() == 4 })
	h.press(keymap.InputLeave) // input → event pane, last row selected
	// mute the selected event's name: RTC_CHANGE vanishes from history too
	h.press(keymap.EventMute)
	s := h.waitFor("RTC_CHANGE muted", func(s string) bool { return !strings.Contains(rowsOf(s, 2, 22), "RTC_CHANGE") })
	if !strings.Contains(s, "filter: !RTC_CHANGE") || !strings.Contains(s, "RESUME") {
		t.Fatalf("screen:\n%s", s)
	}
	// show only STOP
	h.press(keymap.ListTop)
	h.press(keymap.EventOnly)
	h.waitFor("only STOP", func(s string) bool {
		e := rowsOf(s, 2, 22)
		return strings.Contains(e, "STOP") && !strings.Contains(e, "RESUME")
	})
	// the filter editor: exclude by glob, with the name counts shown
	h.press(keymap.FilterEdit)
	s = h.waitText("Event filter")
	if !strings.Contains(s, "RTC_CHANGE") || !strings.Contains(s, "COUNT") {
		t.Fatalf("filter overlay lacks the counts:\n%s", s)
	}
	for range len("STOP") {
		h.key(tcell.KeyBackspace2)
	}
	h.typeText("!RTC_*")
	h.key(tcell.KeyEnter)
	s = h.waitFor("RTC_* excluded", func(s string) bool {
		return !strings.Contains(s, "Event filter") && strings.Contains(rowsOf(s, 2, 22), "RESUME")
	})
	if strings.Contains(rowsOf(s, 2, 22), "RTC_CHANGE") {
		t.Fatalf("RTC_CHANGE still shown:\n%s", s)
	}
}

func TestDashboardViewModes(t *testing.T) {
	h := startHarness(t, harnessOptions{})
	h.peer.Write(qmptest.EventLine("BLOCK_JOB_READY", `{"device": "job0", "len": 42}`))
	h.waitText("BLOCK_JOB_READY")
	h.press(keymap.InputLeave)
	h.press(keymap.ListUp) // select it (moving stops following)
	h.waitText("expanded")
	h.waitText(`"device": "job0",`)
	h.press(keymap.ViewCycle)
	h.waitText("raw")
	h.waitText(`"data": {"device": "job0", "len": 42}}`)
	h.press(keymap.ViewCycle)
	h.waitText("condensed")
	h.waitText("data.device=job0 data.len=42")
}

func TestDashboardHelpAndNotices(t *testing.T) {
	h := startHarness(t, harnessOptions{})
	h.press(keymap.InputLeave)
	h.waitText("╔")
	h.press(keymap.Help)
	s := h.waitText("Keys")
	// The help is taller than the screen: page through it to its end.
	for page := s; !strings.Contains(page, "Esc or q closes this help."); {
		h.key(tcell.KeyPgDn)
		prev := page
		page = h.waitFor("the next page of the help", func(screen string) bool { return screen != prev })
		s += page
	}
	// Every binding of the table is listed: the help derives from it.
	for _, b := range h.d.km.Bindings() {
		if !strings.Contains(s, string(b.Action)) {
			t.Errorf("help lacks %s", b.Action)
		}
	}
	h.press(keymap.OverlayClose)
	h.waitFor("help closed", func(s string) bool { return !strings.Contains(s, "help.show") })
	h.press(keymap.Notices)
	h.waitText("Messages")
	h.waitText("connected to " + h.s.State().Addr)
}

func TestDashboardCtrlCClearsThenQuits(t *testing.T) {
	h := startHarness(t, harnessOptions{})
	h.typeText("query-status")
	h.waitText("> query-status")
	h.key(tcell.KeyCtrlC)
	h.waitText("> type a command")
	select {
	case <-h.stopped:
		t.Fatal("the first Ctrl-C quit instead of clearing the line")
	default:
	}
	h.key(tcell.KeyCtrlC)
	select {
	case <-h.stopped:
	case <-time.After(10 * time.Second):
		t.Fatal("Ctrl-C on an empty line did not quit")
	}
}

func TestCommandRowKeepsStatusInNarrowPanes(t *testing.T) {
	th := widget.DefaultTheme()
	r := &commandRows{theme: th}
	e := store.CommandEntry{Name: "block-dirty-bitmap-merge", Summary: "node=n0 target=b0 bitmaps=[a, b]", Status: store.OK,
		Sent: time.Now(), Received: time.Now().Add(12 * time.Millisecond)}
	for _, width := range []int{40, 58, 80, 160} {
		var text string
		for _, sp := range r.row(e, width) {
			text += sp.Text
		}
		if n := len([]rune(text)); n > width {
			t.Errorf("width %d: row is %d cells: %q", width, n, text)
		}
		if !strings.Contains(text, "ok") || !strings.Contains(text, "12ms") {
			t.Errorf("width %d: status or latency cut off: %q", width, text)
		}
	}
}

func TestDashboardKeepsTheLineWhileDisconnected(t *testing.T) {
	h := startHarness(t, harnessOptions{})
	h.peer.Close() // the monitor goes away
	h.waitText("○")
	h.typeText("stop")
	h.press(keymap.InputSubmit)
	h.waitText("not connected: the command was not sent")
	h.waitText("> stop")
	if h.s.Commands.Len() != 0 {
		t.Fatal("a command was logged as sent while disconnected")
	}
}

func TestDashboardConfirmsDestructiveCommands(t *testing.T) {
	sent := make(chan string, 4)
	h := startHarness(t, harnessOptions{config: session.Config{Policy: send.Policy{Confirm: send.DefaultConfirm()}}, reply: func(r qmptest.Request) string { sent <- r.Name(); return qmptest.ReplyLine(r, "{}") }})
	h.typeText("system_reset")
	h.press(keymap.InputSubmit)
	h.waitText("Send system_reset to")
	h.typeText("n")
	h.waitText("not sent")
	h.waitText("> system_reset")
	h.press(keymap.InputSubmit)
	h.waitText("[y/N]")
	h.typeText("y")
	select {
	case name := <-sent:
		if name != "system_reset" {
			t.Fatalf("sent %s", name)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("system_reset was not sent after y")
	}
	h.waitFor("the line cleared", func(s string) bool { return !strings.Contains(s, "> system_reset") })
}

// A line sent after the confirmation dialog's yes is in the history, as
// any other sent line.
func TestDashboardConfirmedCommandGoesToHistory(t *testing.T) {
	h := startHarness(t, harnessOptions{config: session.Config{Policy: send.Policy{Confirm: send.DefaultConfirm()}}})
	h.sent("system_reset")
	h.waitText("[y/N]")
	h.typeText("y")
	h.waitFor("the line cleared", func(s string) bool { return !strings.Contains(s, "> system_reset") })
	h.waitFor("system_reset sent", func(string) bool { return h.s.Commands.Len() == 1 })
	h.press(keymap.InputPrev)
	h.waitText("> system_reset")
}
