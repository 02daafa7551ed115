package views

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gdamore/tcell/v2"
	"github.com/qmpdash/qmpdash/app/config"
	"github.com/qmpdash/qmpdash/app/history"
	"github.com/qmpdash/qmpdash/app/send"
	"github.com/qmpdash/qmpdash/app/session"
	"github.com/qmpdash/qmpdash/app/transport"
	"github.com/qmpdash/qmpdash/docs/docstest"
	"github.com/qmpdash/qmpdash/keymap"
	"github.com/qmpdash/qmpdash/qmp/qmptest"
)

// injection is TESTING.md's injection strings in one piece, labelled with
// the place it is sent to so that the test knows where it shows: tags, a
// region, SGR and OSC 52 escapes, a C1 CSI, NUL and an invalid byte.
func injection(place string) string {
	return "[red]" + place + "[-][::b][\"r\"]\x1b[31m\x1b]52;c;eA==\x07\u009b\x00\xff"
}

// jsonInjection is injection as a JSON string: control characters
// \u-escaped, the invalid byte raw, as a server could send it.
func jsonInjection(place string) string {
	return `"[red]` + place + `[-][::b][\"r\"]\u001b[31m\u001b]52;c;eA==\u0007\u009b\u0000` + "\xff\""
}

// shownInert is what must be on screen for each place: the tags as text.
func shownInert(place string) string { return "[red]" + place + "[-][::b]" }

// hostileServer is a fake QEMU 7.2 with hostile text in its greeting, run
// state, schema (a command name), error replies and replies.
func hostileServer(t *testing.T) *qmptest.FakeQEMU {
	fx := docstest.Load(t, docstest.QEMU72)
	f := qmptest.NewFakeQEMU(t, docstest.QEMU72)
	f.Greeting = `{"QMP": {"version": {"qemu": {"micro": 0, "minor": 2, "major": 7}, "package": ` + jsonInjection("PKG") + `}, "capabilities": []}}`
	f.Answers = map[string]string{
		"query-status": `{"status": ` + jsonInjection("RS") + `, "running": true}`,
		"query-qmp-schema": strings.TrimSuffix(strings.TrimSpace(string(fx.Schema)), "]") +
			`, {"name": "evil-` + strings.Trim(jsonInjection("CMD"), `"`) + `", "meta-type": "command", "arg-type": "0", "ret-type": "0"}]`,
	}
	f.Reply = func(r qmptest.Request) string {
		switch r.Name() {
		case "stop":
			return `{"error": {"class": ` + jsonInjection("ERR") + `, "desc": ` + jsonInjection("DESC") + `}, "id": ` + string(r.ID) + "}\r\n"
		case "query-name":
			return `{"return": {}, "id": "[red]ID[-][::b]` + "\xc2\x9b\xff" + `"}` + "\r\n" + qmptest.ReplyLine(r, hostileObject())
		}
		return qmptest.ReplyLine(r, "{}")
	}
	return f
}

// hostileFiles writes what qmpdash reads from files, hostile: a man page
// documenting query-status, a history file and a configuration with a
// macro. It returns the man page's path, the history and the keymap.
func hostileFiles(t *testing.T) (man string, hist history.File, opts Options) {
	dir := t.TempDir()
	man = filepath.Join(dir, "ref.7")
	page := ".SS \\fBquery\\-status\\fP (Command)\n.sp\n" + injection("DOC") + " says the run state.\n.SS Since\n.sp\n0.14\n"
	hist = history.File{Path: filepath.Join(dir, "history")}
	for _, f := range []struct{ path, text string }{{man, page}, {hist.Path, injection("GONE") + "\n" + shownInert("HIST") + "\n"}} {
		if err := os.WriteFile(f.path, []byte(f.text), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	cfg, err := config.Parse("config.toml", []byte("[[macro]]\nkey = \"f5\"\nrun = \"hmp info [red]MAC[-][::b]\\u001b[31m\\u009b\"\n"))
	if err != nil {
		t.Fatal(err)
	}
	km, warnings := cfg.BuildKeymap("")
	if len(warnings) > 0 {
		t.Fatal(warnings)
	}
	return man, hist, Options{Keymap: km, History: hist}
}

// TestHostileTextIsInertEverywhere pushes the injection strings through
// every place server or file text reaches the screen and checks, place by
// place, that the tags show as text and that no control character reaches
// a cell: the status bar (address, run state, notices), the event pane,
// the command log, the detail view in its three modes and its titles, the
// overlays (messages, filter, help, keys, confirmation, documentation and
// its search), the completion popup and the history.
func TestHostileTextIsInertEverywhere(t *testing.T) {
	screenRows = 120 // the whole hostile reply fits in the detail view
	defer func() { screenRows = 40 }()
	srv := hostileServer(t)
	addr := filepath.Join(filepath.Dir(srv.Path), "[red]SOCK[-][::b]\x1b[31m\xc2\x9b\xff.sock")
	if err := os.Symlink(srv.Path, addr); err != nil {
		t.Fatal(err)
	}
	man, _, opts := hostileFiles(t)
	cfg := session.Config{Name: injection("VM"), Addr: addr, Protocol: transport.ProtocolQMP,
		Policy: send.Policy{Confirm: send.DefaultConfirm()}, Docs: session.DocSources{ManPages: []string{man}}}
	h := startHarness(t, harnessOptions{config: cfg, fake: srv, options: opts, wide: true})
	peer := h.peer
	check := func(place string, wants ...string) string {
		t.Helper()
		var s string
		for _, w := range wants {
			s = h.waitText(w)
		}
		if bad := h.controlCells(); len(bad) > 0 {
			t.Fatalf("%s: control characters reached the screen: %v", place, bad[:min(len(bad), 5)])
		}
		return s
	}
	s := check("status bar", shownInert("SOCK"), shownInert("RS"))
	if !strings.Contains(statusBar(s), shownInert("SOCK")+`\x1b[31m`) {
		t.Errorf("status bar: the address's escape is not shown as text: %s", statusBar(s))
	}

	// The event pane, the detail view in each mode, and its title.
	ev := `{"timestamp": {"seconds": 1, "microseconds": 0}, "event": ` + jsonInjection("EV") + `, "data": ` + hostileObject() + "}\r\n"
	peer.Write(ev)
	check("event pane", shownInert("EV"))
	h.press(keymap.InputLeave)
	h.press(keymap.ListUp)
	check("detail title", "Event "+shownInert("EV"))
	decoded := []string{"[red]x[-]", `[::b]`, `\x1b[31mred`, `\x1b]52;c;aGVsbG8=\x07`, `\u009bc`, `nul\x00byte`, `bad\xffutf8`}
	// Raw mode does not wrap: the event name's escapes come first.
	raw := []string{shownInert("EV"), `\u001b[31m\u001b]52;c;eA==\u0007\u009b\u0000\xff`, "[red]x[-]"}
	for _, mode := range []string{"expanded", "raw", "condensed"} {
		// Expanded puts each member on its own row; condensed wraps, so
		// only the first few are sure to be whole on screen.
		want := decoded
		switch mode {
		case "raw":
			want = raw
		case "condensed":
			want = decoded[:4]
		}
		check(mode+" mode", append([]string{"· " + mode}, want...)...)
		h.press(keymap.ViewCycle)
	}

	// The filter overlay counts the event's name.
	h.press(keymap.FilterEdit)
	check("filter overlay", "Event filter", shownInert("EV"))
	h.press(keymap.OverlayClose)

	// The command log: a server error's class and description; a hostile
	// reply id in the notices.
	h.press(keymap.FocusInput)
	h.sent("stop")
	check("command log", shownInert("ERR"))
	h.sent("query-name")
	h.waitFor("the stray reply's notice", func(string) bool { n, _ := h.s.Notices.Latest(); return strings.Contains(n.Text, "unknown id") })
	h.press(keymap.InputLeave)
	h.press(keymap.Notices) // the status bar is too full to show it whole here
	check("messages overlay", "Messages", "reply for unknown id", shownInert("ID"))
	h.press(keymap.OverlayClose)
	h.press(keymap.PaneNext) // the command log, on query-name
	h.press(keymap.ListUp)   // on stop
	check("error in the detail view", shownInert("DESC"))

	// Help and the keys overlay list the macro's text from the file.
	h.press(keymap.Help)
	h.waitText("Keys")
	h.scrollTo(shownInert("MAC")) // the macros follow the global keys
	check("help", "Keys", shownInert("MAC"))
	h.press(keymap.KeysShow)
	check("keys overlay", shownInert("MAC"))
	h.press(keymap.OverlayClose)

	// Confirmation names the VM.
	h.press(keymap.FocusInput)
	h.sent("system_reset")
	check("confirmation", "Send system_reset to", shownInert("VM"))
	h.typeText("n")
	h.key(tcell.KeyCtrlC)

	// The history file's lines: one with control characters is never
	// loaded, one with tview tags is found with Ctrl-R and shown as text.
	h.key(tcell.KeyCtrlR)
	h.typeText("GONE")
	check("history search of a line left out", "(reverse-search, no match) 'GONE'")
	h.key(tcell.KeyEscape)
	h.key(tcell.KeyCtrlR)
	h.typeText("HIST")
	check("history search", "> "+shownInert("HIST"))
	h.key(tcell.KeyEscape) // the empty line is back

	// The completion popup: a command named by the server, and a summary
	// from the man page.
	h.typeText("evil")
	h.key(tcell.KeyTab)
	check("completion of a server's name", "evil-"+shownInert("CMD"))
	h.key(tcell.KeyEscape)
	h.key(tcell.KeyCtrlC)
	h.typeText("query-sta")
	h.key(tcell.KeyTab)
	check("completion summary", shownInert("DOC"))
	h.key(tcell.KeyEscape)
	h.key(tcell.KeyCtrlC)

	// The documentation overlay, its title and its search.
	h.typeText(":doc query-status")
	h.key(tcell.KeyEnter)
	check("docs overlay", "Documentation · query-status", shownInert("DOC"))
	h.typeText("/")
	h.typeText("evil")
	check("docs search", "evil-"+shownInert("CMD"))
}
