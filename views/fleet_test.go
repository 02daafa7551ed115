package views

import (
	"context"
	"fmt"
	"github.com/qmpdash/qmpdash/app/qom/qomtest"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gdamore/tcell/v2"
	"github.com/qmpdash/qmpdash/app/history"
	"github.com/qmpdash/qmpdash/app/send"
	"github.com/qmpdash/qmpdash/app/session"
	"github.com/qmpdash/qmpdash/app/store"
	"github.com/qmpdash/qmpdash/app/transport"
	"github.com/qmpdash/qmpdash/docs/docstest"
	"github.com/qmpdash/qmpdash/keymap"
	"github.com/qmpdash/qmpdash/qmp/qmptest"
	"github.com/qmpdash/qmpdash/views/widget"
)

// fleetHarness is a dashboard over several fake VMs, named as given.
type fleetHarness struct {
	*harness
	fleet *session.Fleet
	peers map[string]*qmptest.Peer
	// got records the commands each VM received, beyond start-up.
	mu  sync.Mutex
	got map[string][]string
	// launched are the QEMUs the test started, by VM name.
	launched map[string]*session.QEMUProcess
}

// startFleet runs a dashboard over fake VMs on a width×height screen;
// policy applies to every VM.
func startFleet(t *testing.T, names []string, width, height int, policy send.Policy) *fleetHarness {
	t.Helper()
	fh := &fleetHarness{peers: map[string]*qmptest.Peer{}, got: map[string][]string{}}
	var sessions []*session.Session
	var fakes []*qmptest.FakeQEMU
	for _, name := range names {
		f := fh.fake(t, name)
		sessions = append(sessions, session.New(session.Config{Name: name, Addr: f.Path, Protocol: transport.ProtocolQMP,
			NoDocs: true, Keepalive: -1, Policy: policy}))
		fakes = append(fakes, f)
	}
	fh.startDashboard(t, sessions, width, height, func(i int) {
		fh.peers[names[i]] = fakes[i].Accept()
	})
	return fh
}

// startDashboard runs a dashboard over a fleet of the sessions on a
// width×height screen; serve(i), if set, answers session i, which starts
// connecting just before: one at a time, so that no session waits for its
// greeting while the test serves the others.
func (fh *fleetHarness) startDashboard(t *testing.T, sessions []*session.Session, width, height int, serve func(i int)) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	f := session.NewFleet(ctx, session.FleetConfig{MergeDelay: 5 * time.Millisecond,
		Template: session.Config{Protocol: transport.ProtocolQMP, NoDocs: true, Keepalive: -1}})
	fh.fleet = f
	for i, s := range sessions {
		add := f.Add
		if p := fh.launched[s.Name()]; p != nil {
			add = func(s *session.Session) error { return f.AddLaunched(s, p) }
		}
		if err := add(s); err != nil {
			t.Fatal(err)
		}
		if serve != nil {
			serve(i)
		}
	}
	screen := tcell.NewSimulationScreen("UTF-8")
	if err := screen.Init(); err != nil {
		t.Fatal(err)
	}
	widget.ApplyTviewStyles(widget.DefaultTheme())
	d := NewDashboard(f, Options{Screen: screen, Theme: widget.DefaultTheme(), History: history.File{Path: filepath.Join(t.TempDir(), "history")}})
	stopped := make(chan struct{})
	go func() { d.Run(ctx); close(stopped) }()
	t.Cleanup(func() {
		cancel()
		<-stopped
		f.Close()
	})
	fh.harness = &harness{t: t, d: d, screen: screen, peer: fh.peers[sessions[0].Name()], s: sessions[0], stopped: stopped}
	d.app.QueueUpdateDraw(func() { screen.SetSize(width, height) })
	for _, s := range sessions {
		fh.waitFor("the schema of "+s.Name(), func(string) bool { return s.Schema() != nil })
	}
}

// fake is a fake QEMU 7.2 for the VM called name, answering with
// recorder.
func (fh *fleetHarness) fake(t *testing.T, name string) *qmptest.FakeQEMU {
	f := qmptest.NewFakeQEMU(t, docstest.QEMU72)
	f.Reply = fh.recorder(name)
	return f
}

// recorder answers a VM's commands with {} and notes their names.
func (fh *fleetHarness) recorder(name string) func(qmptest.Request) string {
	return func(r qmptest.Request) string {
		fh.mu.Lock()
		fh.got[name] = append(fh.got[name], r.Name())
		fh.mu.Unlock()
		if line, ok := qomtest.Reply(r); ok {
			return line
		}
		if ret, ok := liveFixture(name, r.Name()); ok {
			return qmptest.ReplyLine(r, ret)
		}
		if r.Name() == "human-monitor-command" {
			return qmptest.ReplyLine(r, `"`+name+` says hi"`)
		}
		return qmptest.ReplyLine(r, `{"vm": "`+name+`"}`)
	}
}

// received returns the commands a VM received.
func (fh *fleetHarness) received(name string) []string {
	fh.mu.Lock()
	defer fh.mu.Unlock()
	return append([]string(nil), fh.got[name]...)
}

// leaveInput moves the focus out of the input line, as Esc does.
func (fh *fleetHarness) leaveInput() {
	fh.press(keymap.InputLeave)
	fh.waitFor("focus out of the input line", func(string) bool { return !fh.inputFocused() })
}

func (fh *fleetHarness) inputFocused() bool {
	got := make(chan bool, 1)
	fh.d.app.QueueUpdate(func() { got <- fh.d.input.HasFocus() })
	return <-got
}

// statusLine returns the screen's last row.
func statusLine(screen string) string {
	rows := strings.Split(screen, "\n")
	return rows[len(rows)-1]
}

func TestFleetStripShowsEveryVMAndSwitchesFocus(t *testing.T) {
	fh := startFleet(t, []string{"alpha", "beta", "gamma"}, 160, 40, send.Policy{})
	s := fh.waitText("gamma")
	top := strings.Split(s, "\n")[0]
	for i, name := range []string{"alpha", "beta", "gamma"} {
		if !strings.Contains(top, fmt.Sprintf("%d %s ●", i+1, name)) {
			t.Fatalf("strip lacks %s: %q", name, top)
		}
	}
	fh.peers["beta"].Event("BLOCK_IO_ERROR", `{"device": "beta-disk"}`)
	fh.leaveInput()
	fh.press(keymap.VMNext)
	s = fh.waitText("Events · beta")
	if !strings.Contains(s, "beta-disk") || !strings.Contains(statusLine(s), "beta") {
		t.Fatalf("beta not in front after ]:\n%s", s)
	}
	fh.press(keymap.VMPrev)
	s = fh.waitText("Events · alpha")
	if strings.Contains(s, "beta-disk") {
		t.Fatalf("alpha's pane shows beta's event:\n%s", s)
	}
}

func TestFleetStripSaysBootingUntilTheGuestIsUp(t *testing.T) {
	fh := startFleet(t, []string{"vm", "other"}, 160, 40, send.Policy{}) // one VM alone has no strip
	fh.waitText("1 vm ● running")
	s := fh.fleet.Session("vm")
	s.SetBooting(true)
	fh.waitText("1 vm ● booting")
	s.SetBooting(false)
	fh.waitText("1 vm ● running")
	// A stopped guest is stopped, booting or not.
	s.SetBooting(true)
	fh.peers["vm"].Event("STOP", "")
	fh.waitText("1 vm ● paused")
}

func TestFleetUnreadErrorsCountUntilSeen(t *testing.T) {
	fh := startFleet(t, []string{"alpha", "beta"}, 160, 40, send.Policy{})
	beta := fh.fleet.Session("beta")
	seq := beta.Commands.Start(store.CommandEntry{Text: "x", Name: "x"})
	beta.Commands.Finish(seq, nil, fmt.Errorf("boom"))
	fh.waitText("!1")
	fh.leaveInput()
	fh.press(keymap.VMNext)
	fh.waitFor("the badge to clear", func(s string) bool { return !strings.Contains(strings.Split(s, "\n")[0], "!1") })
}

func TestFleetSplitLayoutShowsEachVMOwnPanes(t *testing.T) {
	fh := startFleet(t, []string{"alpha", "beta", "gamma"}, 180, 40, send.Policy{})
	for name, p := range fh.peers {
		p.Event("SPICE_CONNECTED", `{"who": "`+name+`-client"}`)
	}
	fh.leaveInput()
	fh.press(keymap.LayoutCycle)
	s := fh.waitText("Events · gamma")
	rows := strings.Split(s, "\n")
	// Each column's title and event sit in the same band of columns.
	for _, name := range []string{"alpha", "beta", "gamma"} {
		title, event := -1, -1
		for _, r := range rows {
			if i := strings.Index(r, "Events · "+name); i >= 0 && title < 0 {
				title = len([]rune(r[:i]))
			}
			if i := strings.Index(r, name+"-client"); i >= 0 && event < 0 {
				event = len([]rune(r[:i]))
			}
		}
		if title < 0 || event < 0 || event < title-5 || event > title+60 {
			t.Fatalf("%s: title at column %d, its event at %d:\n%s", name, title, event, s)
		}
	}
	if !strings.Contains(rows[0], "split") {
		t.Fatalf("strip does not name the layout: %q", rows[0])
	}
}

func TestFleetOverviewFits64VMsOn200x50(t *testing.T) {
	names := make([]string, 64)
	for i := range names {
		names[i] = fmt.Sprintf("vm%02d", i+1)
	}
	fh := startFleet(t, names, 200, 50, send.Policy{})
	fh.peers["vm37"].Event("WATCHDOG", `{"action": "reset"}`)
	fh.leaveInput()
	fh.press(keymap.LayoutCycle)
	fh.press(keymap.LayoutCycle)
	s := fh.waitText("overview")
	for _, n := range names {
		if !strings.Contains(s, " "+n+" ") {
			t.Fatalf("tile of %s not on the 200×50 screen:\n%s", n, s)
		}
	}
	fh.waitText("WATCHDOG")
	// Enter on a tile puts its VM in front in the tabs layout.
	fh.key(tcell.KeyDown)
	fh.press(keymap.OverviewOpen)
	s = fh.waitText("tabs")
	if want := names[8]; !strings.Contains(s, "Events · "+want) {
		t.Fatalf("Enter on the tile below vm01 (8 per row) did not focus %s:\n%s", want, s)
	}
}

func TestFleetMergedEventsWithVMColumnAndFilter(t *testing.T) {
	fh := startFleet(t, []string{"alpha", "beta"}, 160, 40, send.Policy{})
	fh.peers["alpha"].Event("STOP", "")
	fh.waitFor("alpha's STOP", func(string) bool { return fh.fleet.Merged.VisibleLen() == 1 })
	fh.peers["beta"].Event("RESUME", "")
	fh.waitFor("beta's RESUME", func(string) bool { return fh.fleet.Merged.VisibleLen() == 2 })
	fh.leaveInput()
	fh.press(keymap.EventsAll)
	s := fh.waitText("Events · all VMs")
	stop, resume := strings.Index(s, "alpha         STOP"), strings.Index(s, "beta          RESUME")
	if stop < 0 || resume < 0 || stop > resume {
		t.Fatalf("merged stream lacks the VM column or the order:\n%s", s)
	}
	fh.press(keymap.FilterEdit)
	fh.waitText("Event filter")
	fh.typeText("vm:beta")
	fh.key(tcell.KeyEnter)
	s = fh.waitText("filter: vm:BETA")
	if strings.Contains(s, "alpha         STOP") || !strings.Contains(s, "beta          RESUME") {
		t.Fatalf("vm:beta did not leave beta's events only:\n%s", s)
	}
}

func TestFleetBroadcastToMarkedVMs(t *testing.T) {
	fh := startFleet(t, []string{"alpha", "beta", "gamma"}, 160, 50, send.Policy{Confirm: send.DefaultConfirm()})
	fh.leaveInput()
	fh.press(keymap.VMNext) // mark beta and gamma
	fh.press(keymap.VMMark)
	fh.press(keymap.VMNext)
	fh.press(keymap.VMMark)
	fh.waitText("→ 2 marked VMs")
	fh.press(keymap.FocusInput)
	fh.typeText("query-name")
	fh.press(keymap.InputSubmit)
	fh.waitText("Broadcast query-name · 2 VMs")
	fh.waitFor("one result per VM", func(s string) bool {
		return regexp.MustCompile(`beta +ok +\d+ms +vm=beta`).MatchString(s) && regexp.MustCompile(`gamma +ok +\d+ms +vm=gamma`).MatchString(s)
	})
	if got := fh.received("alpha"); len(got) != 0 {
		t.Fatalf("alpha was not marked but got %v", got)
	}
	// A destructive command asks once, naming both VMs.
	fh.typeText("system_reset")
	fh.press(keymap.InputSubmit)
	fh.waitText("Send system_reset to 2 VMs: beta, gamma?")
	fh.typeText("y")
	fh.waitFor("system_reset at both", func(string) bool {
		return len(fh.received("beta")) == 2 && len(fh.received("gamma")) == 2
	})
	if got := fh.received("alpha"); len(got) != 0 {
		t.Fatalf("alpha got %v", got)
	}
}

func TestFleetOpenAndCloseAtRunTime(t *testing.T) {
	fh := startFleet(t, []string{"alpha"}, 160, 40, send.Policy{})
	srv := qmptest.NewFakeQEMU(t, docstest.QEMU72)
	// Typed at once: the server accepts only for so long, and keys are
	// slow under -race on a loaded machine.
	fh.d.app.QueueUpdateDraw(func() { fh.d.input.SetText(":open " + srv.Path + " as delta") })
	fh.waitText("as delta")
	fh.press(keymap.InputSubmit)
	peer := srv.Accept()
	s := fh.waitText("2 delta")
	if !strings.Contains(s, "Events · delta") {
		t.Fatalf(":open did not focus the new VM:\n%s", s)
	}
	delta := fh.fleet.Session("delta")
	fh.d.liveValues.of(delta) // as completion makes it
	fh.typeText(":close")
	fh.press(keymap.InputSubmit)
	fh.waitFor("delta gone", func(s string) bool { return !strings.Contains(s, "delta") })
	qmptest.Eventually(t, "delta's live values dropped", func() bool {
		fh.d.liveValues.mu.Lock()
		defer fh.d.liveValues.mu.Unlock()
		_, kept := fh.d.liveValues.m[delta]
		return !kept
	})
	if _, err := peer.Next(); err == nil {
		t.Fatal(":close left delta's connection open")
	}
	fh.typeText(":close alpha")
	fh.press(keymap.InputSubmit)
	fh.waitText("this is the last VM")
}

func TestFleetFloodingVMDoesNotHoldUpTheOthers(t *testing.T) {
	fh := startFleet(t, []string{"flood", "calm"}, 160, 40, send.Policy{})
	stop := make(chan struct{})
	flooded := make(chan struct{})
	go func() {
		defer close(flooded)
		line := qmptest.EventLine("RTC_CHANGE", `{"offset": 1}`)
		batch := strings.Repeat(line, 500)
		for {
			select {
			case <-stop:
				return
			default:
				fh.peers["flood"].Write(batch)
			}
		}
	}()
	defer func() { close(stop); <-flooded }()
	fh.waitFor("the flood to be under way", func(string) bool { return fh.fleet.Session("flood").Events.Len() > 10000 })
	fh.leaveInput()
	fh.typeText("]:query-name")
	fh.press(keymap.InputSubmit)
	fh.waitText(`"vm": "calm"`)
	if fh.fleet.Session("calm").Events.Len() != 0 {
		t.Fatal("the flood leaked into the calm VM's log")
	}
}

func TestFleetMouseClicksFocusVMs(t *testing.T) {
	fh := startFleet(t, []string{"alpha", "beta"}, 160, 40, send.Policy{})
	fh.d.app.EnableMouse(true)
	top := strings.Split(fh.waitText("2 beta"), "\n")[0]
	x := len([]rune(top[:strings.Index(top, "2 beta")])) + 2
	fh.screen.InjectMouse(x, 0, tcell.Button1, tcell.ModNone)
	fh.screen.InjectMouse(x, 0, tcell.ButtonNone, tcell.ModNone)
	fh.waitText("Events · beta")
	// In the overview a click selects a tile, a second one opens it.
	fh.leaveInput()
	fh.press(keymap.LayoutCycle)
	fh.press(keymap.LayoutCycle)
	s := fh.waitText("overview")
	rows := strings.Split(s, "\n")
	for y, r := range rows {
		if i := strings.Index(r, " 1 alpha "); i >= 0 {
			x = len([]rune(r[:i])) + 2
			for range 2 {
				fh.screen.InjectMouse(x, y+1, tcell.Button1, tcell.ModNone)
				fh.screen.InjectMouse(x, y+1, tcell.ButtonNone, tcell.ModNone)
			}
			break
		}
	}
	fh.waitText("Events · alpha")
	fh.waitText("tabs")
}

func TestFleetStripNamesTheHostOfRemoteVMs(t *testing.T) {
	fh := startFleet(t, []string{"local"}, 160, 40, send.Policy{})
	fh.typeText(":open 127.0.0.1:1 as far")
	fh.press(keymap.InputSubmit)
	top := strings.Split(fh.waitText("2 far"), "\n")[0]
	if !strings.Contains(top, "2 far @127.0.0.1 ○") || strings.Contains(top, "local @") {
		t.Fatalf("strip = %q", top)
	}
}

func TestStatusBarShortensALongAddressForTheNotice(t *testing.T) {
	s := session.New(session.Config{Name: "web1", Addr: "/var/lib/libvirt/qemu/domain-42-a-very-long-guest-name/monitor.sock"})
	s.Notices.Add(store.Failure, "disconnected: connection reset by peer")
	b := NewStatusBar(s, widget.DefaultTheme(), func() bool { return false })
	var text string
	for _, sp := range b.fit(b.line(), 100) {
		text += sp.Text
	}
	if !strings.Contains(text, "connection reset by peer") || !strings.Contains(text, "…") || !strings.Contains(text, "monitor.sock") {
		t.Fatalf("status = %q", text)
	}
	if w := len([]rune(text)); w > 100 {
		t.Fatalf("status is %d cells, wider than 100: %q", w, text)
	}
}
