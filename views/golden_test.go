package views

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/qmpdash/qmpdash/app/send"
	"github.com/qmpdash/qmpdash/app/session"
	"github.com/qmpdash/qmpdash/app/transport"
	"github.com/qmpdash/qmpdash/keymap"
	"github.com/qmpdash/qmpdash/qmp/qmptest"
	"github.com/qmpdash/qmpdash/views/screentest"
)

// Golden screens: one per layout and per overlay, each at the largest and
// the smallest screen the dashboard is meant for, compared with
// testdata/golden/NAME-WxH.txt. `go test ./views -run Golden -update`
// rewrites the files; read the diff before committing it.

// goldenSizes are the screens every golden is drawn on.
var goldenSizes = []struct{ width, height int }{{200, 50}, {80, 24}}

// goldenVMs are the VMs of every golden dashboard, in strip order.
var goldenVMs = []string{"alpha", "beta", "gamma"}

// goldenCase drives a fresh dashboard to the screen its golden holds and
// waits until that screen is drawn.
type goldenCase struct {
	name string
	// docs gives the dashboard the documentation of testdata/docs-72.7,
	// which describes a few names of the 7.2 schema in invented words.
	docs bool
	// confirm makes the VMs ask before destructive commands.
	confirm bool
	show    func(g *goldenDashboard)
}

// goldenCases has no quit confirmation: it shows only while a QEMU that
// qmpdash started runs (TestQuitAsksBeforeStoppingLaunchedQEMU, with real
// QEMU, checks it).
var goldenCases = []goldenCase{
	{name: "tabs", show: func(g *goldenDashboard) {
		g.press(keymap.InputLeave)
		g.waitFocus("the event pane", func() bool { return g.d.events.HasFocus() })
	}},
	{name: "split", show: func(g *goldenDashboard) {
		g.press(keymap.InputLeave)
		g.press(keymap.VMPin)  // alpha
		g.press(keymap.VMNext) // beta
		g.press(keymap.VMNext) // gamma
		g.press(keymap.VMPin)  // gamma
		g.press(keymap.VMNext) // alpha in front
		g.press(keymap.LayoutCycle)
		g.waitFor("alpha in front of the split with gamma", func(s string) bool {
			return strings.Contains(statusBar(s), " alpha ") && strings.Contains(s, "Events · alpha") &&
				strings.Contains(s, "Events · gamma") && !strings.Contains(s, "Events · beta")
		})
	}},
	{name: "overview", show: func(g *goldenDashboard) {
		g.press(keymap.InputLeave)
		g.press(keymap.LayoutCycle)
		g.press(keymap.LayoutCycle)
		g.waitText("overview")
	}},
	{name: "help", show: func(g *goldenDashboard) {
		g.press(keymap.InputLeave)
		g.press(keymap.Help)
		g.waitText("Keys═")
	}},
	{name: "notices", show: func(g *goldenDashboard) {
		g.press(keymap.InputLeave)
		g.press(keymap.Notices)
		g.waitText("Messages")
	}},
	{name: "docs", docs: true, show: func(g *goldenDashboard) {
		g.typeText("block_resize ")
		g.press(keymap.InputDocs)
		g.waitText("Documentation · block_resize")
	}},
	{name: "docs-search", docs: true, show: func(g *goldenDashboard) {
		g.press(keymap.InputLeave)
		g.press(keymap.DocsShow)
		g.waitText("Documentation · RESUME")
		g.press(keymap.DocsSearch)
		g.waitText("Search commands and events")
		g.typeText("block_")
		g.waitText("Search: block_")
	}},
	{name: "filter", show: func(g *goldenDashboard) {
		g.press(keymap.InputLeave)
		g.press(keymap.FilterEdit)
		g.waitText("Event filter")
	}},
	{name: "keys", show: func(g *goldenDashboard) {
		g.press(keymap.InputLeave)
		g.press(keymap.Help)
		g.waitText("Keys═")
		g.press(keymap.KeysShow)
		g.waitText("type to filter")
	}},
	{name: "confirm", confirm: true, show: func(g *goldenDashboard) {
		g.typeText("system_reset")
		g.press(keymap.InputSubmit)
		g.waitText("Send system_reset to alpha?")
	}},
	{name: "watch", show: func(g *goldenDashboard) {
		g.typeText(":watch 1m query-status")
		g.press(keymap.InputSubmit)
		g.waitText("query-status · every 1m0s · 0 changed")
		g.waitText(`"status": "running"`)
	}},
	{name: "jobs", show: func(g *goldenDashboard) {
		slowLive(g.fleetHarness)
		openJobs(g.fleetHarness)
	}},
	{name: "migration", show: func(g *goldenDashboard) {
		slowLive(g.fleetHarness)
		g.press(keymap.InputLeave)
		g.press(keymap.LiveMigration)
		g.waitFor("both ends of the migration", func(s string) bool {
			return strings.Contains(s, "37%") && strings.Contains(s, "beta       active")
		})
	}},
	{name: "block", show: func(g *goldenDashboard) {
		slowLive(g.fleetHarness)
		openBlock(g.fleetHarness)
		g.waitText("block vd0 · alpha")
	}},
	{name: "pci", show: func(g *goldenDashboard) {
		slowLive(g.fleetHarness)
		g.press(keymap.InputLeave)
		g.press(keymap.LivePCI)
		g.waitText("SCSI controller")
		g.waitText("pci bus 0 · alpha")
	}},
	{name: "latency", show: func(g *goldenDashboard) {
		logLatencies(g.fleet.Session("alpha").Commands, "query-status", goldenLatencies)
		g.typeText(":latency query-status")
		g.press(keymap.InputSubmit)
		g.waitText("Latency · query-status")
	}},
	{name: "qom", show: func(g *goldenDashboard) {
		g.typeText(":qom /machine")
		g.press(keymap.InputSubmit)
		g.waitText(`boot-cpu  link<x86_64-cpu> = "/machine/unattached/device[0]"`)
		g.waitText(`smm  OnOffAuto = "auto"`)
		g.waitText(`type  string = "container"`)
	}},
	{name: "views", show: func(g *goldenDashboard) {
		g.typeText(":views")
		g.press(keymap.InputSubmit)
		g.waitText("Live views · Enter opens · Esc closes")
	}},
	{name: "completion", show: func(g *goldenDashboard) {
		g.typeText("query-")
		g.press(keymap.InputComplete)
		g.waitText("query-kvm")
	}},
}

func TestGoldenScreens(t *testing.T) {
	for _, c := range goldenCases {
		for _, size := range goldenSizes {
			name := fmt.Sprintf("%s-%dx%d", c.name, size.width, size.height)
			t.Run(name, func(t *testing.T) {
				g := startGolden(t, c, size.width, size.height)
				c.show(g)
				checkScreenGolden(t, name, g.settledText())
			})
		}
	}
}

// goldenDashboard is a fleet dashboard whose screen depends only on what
// the test does: the VMs have fixed names and fixed socket addresses, the
// fake servers answer the same way every time, and the status bar's
// clock is far enough ahead that no notice is fresh (whether one still
// shows would depend on how long the test took).
type goldenDashboard struct {
	*fleetHarness
}

// startGolden runs the golden dashboard of goldenVMs on a width×height
// screen. Each VM has had a RESUME event and answered a query-name, so
// that the panes are not empty.
func startGolden(t *testing.T, c goldenCase, width, height int) *goldenDashboard {
	t.Helper()
	fh := &fleetHarness{peers: map[string]*qmptest.Peer{}, got: map[string][]string{}}
	var fakes []*qmptest.FakeQEMU
	for _, name := range goldenVMs {
		fakes = append(fakes, fh.fake(t, name)) // the fixture is found from the package directory
	}
	// The sockets are links in the working directory, named after
	// their VM: the status bar shows the address as given.
	t.Chdir(t.TempDir())
	// So is the documentation, which names its source.
	if err := os.Symlink(filepath.Join(goldenTestdata, "docs-72.7"), "docs-72.7"); err != nil {
		t.Fatal(err)
	}
	var sessions []*session.Session
	for i, name := range goldenVMs {
		addr := name + ".sock"
		if err := os.Symlink(fakes[i].Path, addr); err != nil {
			t.Fatal(err)
		}
		cfg := session.Config{Name: name, Addr: addr, Protocol: transport.ProtocolQMP, NoDocs: !c.docs, Keepalive: -1}
		if c.docs {
			cfg.Docs = session.DocSources{ManPages: []string{"docs-72.7"}}
		}
		if c.confirm {
			cfg.Policy = send.Policy{Confirm: send.DefaultConfirm()}
		}
		sessions = append(sessions, session.New(cfg))
	}
	fh.startDashboard(t, sessions, width, height, func(i int) {
		fh.peers[goldenVMs[i]] = fakes[i].Accept()
	})
	g := &goldenDashboard{fleetHarness: fh}
	g.d.app.QueueUpdate(func() {
		g.d.status.now = func() time.Time { return time.Now().Add(noticeLifetime) }
	})
	for _, s := range sessions {
		if c.docs {
			g.waitFor("the documentation of "+s.Name(), func(string) bool { return s.Docs() != nil })
		}
		fh.peers[s.Name()].Event("RESUME", `{"vm": "`+s.Name()+`"}`)
		g.waitFor("the RESUME of "+s.Name(), func(string) bool { return s.Events.Len() == 1 })
	}
	g.waitFor("the merged events", func(string) bool { return fh.fleet.Merged.VisibleLen() == len(goldenVMs) })
	g.typeText("query-name")
	g.press(keymap.InputSubmit)
	// The reply shows in the detail pane on the first frame after it
	// arrived.
	g.waitText("Command query-name · ok")
	g.waitText("> type a command")
	return g
}

// goldenTestdata is the views testdata directory, found before a golden
// test changes its working directory.
var goldenTestdata = func() string {
	dir, err := filepath.Abs("testdata")
	if err != nil {
		panic(err)
	}
	return dir
}()

// settledText is the screen once the dashboard has caught up with the
// data, as the redraw loop makes it do on its next tick after a change.
// Without this, what the detail pane shows after a VM switch would depend
// on whether that tick came (it does while a notice is fresh, for a few
// seconds after connecting).
func (g *goldenDashboard) settledText() string {
	g.d.app.QueueUpdateDraw(g.d.refresh)
	return g.text()
}

// waitFocus waits until focused, read on the UI goroutine, holds.
func (g *goldenDashboard) waitFocus(what string, focused func() bool) {
	g.t.Helper()
	g.waitFor(what+" focused", func(string) bool {
		got := make(chan bool, 1)
		g.d.app.QueueUpdate(func() { got <- focused() })
		return <-got
	})
}

// normalizeScreen masks what varies from run to run however fixed the
// inputs are, keeping every row's width so that columns stay where they
// are. It applies to both sides of a comparison.
func normalizeScreen(screen string) string {
	for _, v := range screenVariables {
		screen = v.re.ReplaceAllStringFunc(screen, v.mask)
	}
	return screen
}

// pciAddress is a PCI device's bus:slot.function, which normalizeScreen
// keeps.
var pciAddress = regexp.MustCompile(`^\d\d:[\da-f]{2}\.[0-7]$`)

// screenVariables are what normalizeScreen masks, each with its mask.
var screenVariables = []struct {
	re   *regexp.Regexp
	mask func(string) string
}{
	// Clock times: receive times, and QEMU's fixed event timestamps shown
	// in the local time zone; also what an overlay leaves of them
	// ("15:04:05.000", "15:04:"), but not a PCI address ("00:1f.2").
	{regexp.MustCompile(`\b\d\d:(?:[\da-f]{2}\.[0-7]\b|[\d:.]*)`), func(m string) string {
		if pciAddress.MatchString(m) {
			return m
		}
		return (strings.Repeat("hh:mm:ss.mmm", 1+len(m)/12))[:len(m)]
	}},
	// Latencies, measured: "0ms", "12 ms". The number becomes one N; the
	// cells it took more move to the padding (the side with more blanks),
	// so that right- and left-aligned columns keep their layout.
	{regexp.MustCompile(`( *)\d+(\.\d+)?( ?(ms|µs|s))\b( *)`), func(m string) string {
		sub := latency.FindStringSubmatch(m)
		lead, digits, unit, trail := sub[1], sub[2], sub[3], sub[4]
		extra := strings.Repeat(" ", len(digits)-1)
		if len(lead) >= len(trail) {
			return lead + extra + "N" + unit + trail
		}
		return lead + "N" + unit + trail + extra
	}},
	// A latency an overlay cuts before its unit: "← reply  1║".
	{regexp.MustCompile(`← reply +\d+`), maskDigits},
	// Event rates, which fall as the events age: "0.1/s" in the VM strip,
	// "0.1 ev/s" in the status bar and the tiles.
	{regexp.MustCompile(`\b\d+\.\d+( ev)?/s\b`), maskDigits},
	// Event-rate sparklines, which slide as seconds pass: a run of the
	// sparkline's blocks holding its lowest one (a progress bar never
	// does) becomes that many lowest blocks.
	{regexp.MustCompile(`[▁▂▃▄▅▆▇█]*▁[▁▂▃▄▅▆▇█]*`), func(m string) string {
		return strings.Repeat("▁", utf8.RuneCountInString(m))
	}},
	// The filter editor's COUNT and RATE/s columns: "1    0.1".
	{regexp.MustCompile(`\b\d+ +\d+\.\d+\b`), func(m string) string {
		i := strings.LastIndex(m, " ") + 1
		return m[:i] + maskDigits(m[i:])
	}},
}

// latency splits a match of the latency mask: blanks, digits, unit, blanks.
var latency = regexp.MustCompile(`^( *)(\d+(?:\.\d+)?)( ?(?:ms|µs|s))( *)$`)

// maskDigits replaces each digit with N.
func maskDigits(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return 'N'
		}
		return r
	}, s)
}

// checkScreenGolden compares the normalised screen, trailing blanks
// trimmed, with testdata/golden/name.txt, or rewrites that file under
// -update.
func checkScreenGolden(t *testing.T, name, screen string) {
	t.Helper()
	screentest.Golden(t, filepath.Join(goldenTestdata, "golden", name+".txt"), screentest.TrimRows(strings.Split(normalizeScreen(screen), "\n")))
}

// The masks make screens that differ only in what varies equal, and keep
// each row's width and what does not vary.
func TestNormalizeScreenMasksWhatVaries(t *testing.T) {
	for _, tt := range []struct{ a, b, want string }{
		{"│22:13:20.000 RESUME", "│09:01:02.345 RESUME", "│hh:mm:ss.mmm RESUME"},
		{"  00:1f.2  SATA", "  00:1f.2  SATA", "  00:1f.2  SATA"},
		{"│22:║docs", "│07:║docs", "│hh:║docs"},
		{"ok        0ms │", "ok       12ms │", "ok        Nms │"},
		{"← reply  0 ms      │", "← reply  105 ms    │", "← reply  N ms      │"},
		{"running 0.1/s │", "running 0.0/s │", "running N.N/s │"},
		{"running  0.1 ev/s", "running  0.3 ev/s", "running  N.N ev/s"},
		{"RESUME   1     0.1   ║", "RESUME   1     0.0   ║", "RESUME   1     N.N   ║"},
		{"beta ● running ▁▁▁▁▁▁▁█ 0.1/s", "beta ● running ▁▁▁▁▁▁▁▁ 0.0/s", "beta ● running ▁▁▁▁▁▁▁▁ N.N/s"},
		{"block ██▍··· 20 ms", "block ██▍··· 20 ms", "block ██▍···  N ms"},
		{"QEMU 7.2.22  since 0.14", "QEMU 7.2.22  since 0.14", "QEMU 7.2.22  since 0.14"},
	} {
		a, b := normalizeScreen(tt.a), normalizeScreen(tt.b)
		if a != tt.want || b != tt.want {
			t.Errorf("normalizeScreen(%q) = %q, normalizeScreen(%q) = %q, want %q", tt.a, a, tt.b, b, tt.want)
		}
	}
}
