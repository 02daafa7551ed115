package views

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gdamore/tcell/v2"
	"github.com/qmpdash/qmpdash/app/history"
	"github.com/qmpdash/qmpdash/app/send"
	"github.com/qmpdash/qmpdash/app/session"
	"github.com/qmpdash/qmpdash/app/store"
	"github.com/qmpdash/qmpdash/app/transport"
	"github.com/qmpdash/qmpdash/docs/docstest"
	"github.com/qmpdash/qmpdash/qmp/qmptest"
	"github.com/qmpdash/qmpdash/views/screentest"
	"github.com/qmpdash/qmpdash/views/widget"
)

// screenRows is the harness screen's height; tests that need a taller
// detail view change it.
var screenRows = 40

// harness is a dashboard on a simulation screen over a session with a
// fake QEMU that answers start-up queries from the 7.2 fixture.
type harness struct {
	t      *testing.T
	d      *Dashboard
	screen tcell.SimulationScreen
	peer   *qmptest.Peer
	s      *session.Session
	// stopped is closed when the dashboard's Run returns.
	stopped chan struct{}
}

func startHarness(t *testing.T, th widget.Theme, reply func(qmptest.Request) string) *harness {
	t.Helper()
	return startHarnessGreeting(t, th, qmptest.Greeting72, reply)
}

// startHarnessGreeting is startHarness with the server's greeting line.
// The session reads no documentation, so that what the tests see does not
// depend on the man pages installed.
func startHarnessGreeting(t *testing.T, th widget.Theme, greeting string, reply func(qmptest.Request) string) *harness {
	t.Helper()
	return startHarnessConfig(t, th, greeting, session.Config{NoDocs: true}, reply)
}

// startHarnessConfig is startHarnessGreeting with a session configuration;
// its Addr and Protocol are set here.
func startHarnessConfig(t *testing.T, th widget.Theme, greeting string, cfg session.Config, reply func(qmptest.Request) string) *harness {
	t.Helper()
	srv := qmptest.NewServer(t)
	cfg.Addr, cfg.Protocol = srv.Path, transport.ProtocolQMP
	h := startDashboardOn(t, th, session.New(cfg))
	h.peer = serveFixture(t, srv, greeting, reply)
	h.waitFor("the schema", func(string) bool { return h.s.Schema() != nil })
	return h
}

// startDashboardOn runs s and a dashboard on it, on a simulation screen,
// until the test ends.
func startDashboardOn(t *testing.T, th widget.Theme, s *session.Session) *harness {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	runDone := make(chan struct{})
	go func() { s.Run(ctx); close(runDone) }()
	widget.ApplyTviewStyles(th) // as the command does at start-up
	screen := tcell.NewSimulationScreen("UTF-8")
	if err := screen.Init(); err != nil {
		t.Fatal(err)
	}
	d := New(s, Options{Screen: screen, Theme: th, History: history.File{Path: filepath.Join(t.TempDir(), "history")}})
	stopped := make(chan struct{})
	go func() { d.Run(ctx); close(stopped) }()
	t.Cleanup(func() {
		cancel()
		<-stopped
		<-runDone
	})
	h := &harness{t: t, d: d, screen: screen, s: s, stopped: stopped}
	// tview initialises the screen in Run, which resets a simulation
	// screen to 80x25: size it once the loop runs.
	d.app.QueueUpdateDraw(func() { screen.SetSize(160, screenRows) })
	return h
}

// serveFixture accepts the session's connection on srv and answers its
// start-up queries from the 7.2 fixture in the background; reply answers
// the rest ("{}" if nil).
func serveFixture(t *testing.T, srv *qmptest.Server, greeting string, reply func(qmptest.Request) string) *qmptest.Peer {
	return serveLoadedFixture(srv, docstest.Load(t, docstest.QEMU72), greeting, reply)
}

// serveLoadedFixture is serveFixture with the fixture loaded already, for
// tests that leave the package directory, where docstest finds it.
func serveLoadedFixture(srv *qmptest.Server, fx docstest.Fixture, greeting string, reply func(qmptest.Request) string) *qmptest.Peer {
	peer := srv.Accept()
	peer.Write(greeting + "\r\n")
	peer.Reply(peer.Expect("qmp_capabilities"), "{}")
	go peer.Serve(func(r qmptest.Request) string {
		switch r.Name() {
		case "query-status":
			return qmptest.ReplyLine(r, `{"status": "running", "running": true}`)
		case "query-commands":
			return qmptest.ReplyLine(r, string(fx.Commands))
		case "query-qmp-schema":
			return qmptest.ReplyLine(r, string(fx.Schema))
		}
		if reply != nil {
			return reply(r)
		}
		return qmptest.ReplyLine(r, "{}")
	})
	return peer
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
	deadline := time.Now().Add(10 * time.Second)
	for {
		s := h.text()
		if cond(s) {
			return s
		}
		if time.Now().After(deadline) {
			h.t.Fatalf("waiting for %s; screen:\n%s", what, s)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func (h *harness) waitText(text string) string {
	h.t.Helper()
	return h.waitFor(fmt.Sprintf("%q", text), func(s string) bool { return strings.Contains(s, text) })
}

func (h *harness) typeText(s string) {
	for _, r := range s {
		h.screen.InjectKey(tcell.KeyRune, r, tcell.ModNone)
	}
}

func (h *harness) key(k tcell.Key) { h.screen.InjectKey(k, 0, tcell.ModNone) }

// paneRows returns the lines of the screen between rows from and to.
func rowsOf(screen string, from, to int) string {
	lines := strings.Split(screen, "\n")
	return strings.Join(lines[from:min(to, len(lines))], "\n")
}

func TestDashboardCommandAndEvent(t *testing.T) {
	h := startHarness(t, widget.DefaultTheme(), func(r qmptest.Request) string {
		return qmptest.EventLine("STOP", "") + qmptest.ReplyLine(r, "{}")
	})
	h.typeText("stop")
	h.key(tcell.KeyEnter)
	s := h.waitFor("stop ok and the STOP event", func(s string) bool {
		return strings.Contains(s, "ok ") && strings.Contains(s, "STOP")
	})
	if !strings.Contains(s, "stop") || !strings.Contains(s, "paused") {
		t.Fatalf("screen:\n%s", s)
	}
	// The sent line left the input; it is in the history.
	h.key(tcell.KeyUp)
	h.waitText("> stop")
}

func TestDashboardLiveSyntaxCheckKeepsLine(t *testing.T) {
	h := startHarness(t, widget.DefaultTheme(), nil)
	h.typeText(`block_resize device="d0`)
	s := h.waitText("^ unterminated string")
	// The caret stands under the opening quote: prompt (2) + column 21.
	for _, line := range strings.Split(s, "\n") {
		if i := strings.Index(line, "^ unterminated"); i >= 0 && i != 2+20 {
			t.Errorf("caret at cell %d, want 22:\n%s", i, line)
		}
	}
	h.key(tcell.KeyEnter)
	h.waitText(`> block_resize device="d0`)
	if h.s.Commands.Len() != 0 {
		t.Fatal("a line with a syntax error was sent")
	}
}

func TestDashboardValidationKeepsLine(t *testing.T) {
	h := startHarness(t, widget.DefaultTheme(), nil)
	h.typeText("block_resize device=d0 size=big")
	h.key(tcell.KeyEnter)
	h.waitText(`size: expected int, got string "big"`)
	h.waitText("> block_resize device=d0 size=big")
}

func TestDashboardCompletionPopup(t *testing.T) {
	h := startHarness(t, widget.DefaultTheme(), nil)
	h.typeText("query-sta")
	h.key(tcell.KeyTab)
	// Not "query-status" alone: the input line's placeholder mentions it.
	h.waitText("command · no arguments")
	h.key(tcell.KeyDown) // query-stats → query-status (second)
	h.key(tcell.KeyEnter)
	h.waitFor("the accepted candidate", func(s string) bool {
		return strings.Contains(s, "> query-status") && !strings.Contains(s, "command · no arguments")
	})
}

func TestDashboardFiltersApplyToHistory(t *testing.T) {
	h := startHarness(t, widget.DefaultTheme(), nil)
	for _, n := range []string{"STOP", "RTC_CHANGE", "RESUME", "RTC_CHANGE"} {
		h.peer.Write(qmptest.EventLine(n, `{"x": 1}`))
	}
	h.waitFor("four events", func(string) bool { return h.s.Events.Len() == 4 })
	h.key(tcell.KeyEscape) // input → event pane, last row selected
	// mute the selected event's name: RTC_CHANGE vanishes from history too
	h.typeText("m")
	s := h.waitFor("RTC_CHANGE muted", func(s string) bool { return !strings.Contains(rowsOf(s, 2, 22), "RTC_CHANGE") })
	if !strings.Contains(s, "filter: !RTC_CHANGE") || !strings.Contains(s, "RESUME") {
		t.Fatalf("screen:\n%s", s)
	}
	// show only STOP
	h.typeText("g")
	h.typeText("o")
	h.waitFor("only STOP", func(s string) bool {
		e := rowsOf(s, 2, 22)
		return strings.Contains(e, "STOP") && !strings.Contains(e, "RESUME")
	})
	// the filter editor: exclude by glob, with the name counts shown
	h.typeText("/")
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
	h := startHarness(t, widget.DefaultTheme(), nil)
	h.peer.Write(qmptest.EventLine("BLOCK_JOB_READY", `{"device": "job0", "len": 42}`))
	h.waitText("BLOCK_JOB_READY")
	h.key(tcell.KeyEscape)
	h.typeText("k") // select it (moving stops following)
	h.waitText("expanded")
	h.waitText(`"device": "job0",`)
	h.typeText("v")
	h.waitText("raw")
	h.waitText(`"data": {"device": "job0", "len": 42}}`)
	h.typeText("v")
	h.waitText("condensed")
	h.waitText("data.device=job0 data.len=42")
}

func TestDashboardHelpAndNotices(t *testing.T) {
	h := startHarness(t, widget.DefaultTheme(), nil)
	h.key(tcell.KeyEscape)
	h.waitText("╔")
	h.typeText("?")
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
	h.key(tcell.KeyEscape)
	h.waitFor("help closed", func(s string) bool { return !strings.Contains(s, "help.show") })
	h.typeText("n")
	h.waitText("Messages")
	h.waitText("connected to " + h.s.State().Addr)
}

func TestDashboardCtrlCClearsThenQuits(t *testing.T) {
	h := startHarness(t, widget.DefaultTheme(), nil)
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
	h := startHarness(t, widget.DefaultTheme(), nil)
	h.peer.Close() // the monitor goes away
	h.waitText("○")
	h.typeText("stop")
	h.key(tcell.KeyEnter)
	h.waitText("not connected: the command was not sent")
	h.waitText("> stop")
	if h.s.Commands.Len() != 0 {
		t.Fatal("a command was logged as sent while disconnected")
	}
}

func TestDashboardConfirmsDestructiveCommands(t *testing.T) {
	sent := make(chan string, 4)
	h := startHarnessConfig(t, widget.DefaultTheme(), qmptest.Greeting72,
		session.Config{NoDocs: true, Policy: send.Policy{Confirm: send.DefaultConfirm()}},
		func(r qmptest.Request) string { sent <- r.Name(); return qmptest.ReplyLine(r, "{}") })
	h.typeText("system_reset")
	h.key(tcell.KeyEnter)
	h.waitText("Send system_reset to")
	h.typeText("n")
	h.waitText("not sent")
	h.waitText("> system_reset")
	h.key(tcell.KeyEnter)
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
	h := startHarnessConfig(t, widget.DefaultTheme(), qmptest.Greeting72,
		session.Config{NoDocs: true, Policy: send.Policy{Confirm: send.DefaultConfirm()}}, nil)
	h.sent("system_reset")
	h.waitText("[y/N]")
	h.typeText("y")
	h.waitFor("the line cleared", func(s string) bool { return !strings.Contains(s, "> system_reset") })
	h.waitFor("system_reset sent", func(string) bool { return h.s.Commands.Len() == 1 })
	h.key(tcell.KeyUp)
	h.waitText("> system_reset")
}
