package views

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gdamore/tcell/v2"
	"github.com/qmpdash/qmpdash/app/config"
	"github.com/qmpdash/qmpdash/app/store"
	"github.com/qmpdash/qmpdash/keymap"
	"github.com/qmpdash/qmpdash/qmp/qmptest"
)

// userConfig is a configuration file with the user's own comments and
// layout, which saving from the keys overlay must keep.
const userConfig = `# my dashboard
[keys]
# I like my lists this way
"list.up" = ["k", "up"]   # vim
`

// useConfig points the dashboard's saves at a fresh copy of text.
func (h *harness) useConfig(text string) string {
	h.t.Helper()
	path := filepath.Join(h.t.TempDir(), "config.toml")
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		h.t.Fatal(err)
	}
	h.d.app.QueueUpdate(func() { h.d.opts.ConfigPath = path })
	return path
}

// useKeys installs the keys a configuration file gives.
func (h *harness) useKeys(text string) {
	h.t.Helper()
	cfg, err := config.Parse("config.toml", []byte(text))
	if err != nil {
		h.t.Fatal(err)
	}
	km, warnings := cfg.BuildKeymap("")
	if len(warnings) > 0 {
		h.t.Fatal(warnings)
	}
	h.d.app.QueueUpdate(func() { h.d.km.SetBindings(km.Bindings()) })
}

// waitFile waits until the file at path contains text.
func (h *harness) waitFile(path, text string) string {
	h.t.Helper()
	var data []byte
	qmptest.Eventually(h.t, fmt.Sprintf("%q in %s", text, path), func() bool {
		data, _ = os.ReadFile(path)
		return strings.Contains(string(data), text)
	})
	return string(data)
}

func TestKeysOverlayRebindsAndSaves(t *testing.T) {
	h := startHarness(t, harnessOptions{})
	path := h.useConfig(userConfig)
	h.peer.Write(qmptest.EventLine("RESUME", ""))
	h.waitText("RESUME")
	h.key(tcell.KeyEscape)
	h.waitText("╔")
	// From the help, K opens the keys overlay.
	h.typeText("?")
	h.typeText("G") // the help's end, where it says how
	h.waitText("K lists, searches and changes the keys.")
	h.typeText("K")
	h.waitText("Filter:")
	h.typeText("event.mute")
	s := h.waitFor("the list filtered", func(s string) bool {
		return strings.Contains(s, "Filter: event.mute") && !strings.Contains(s, "event.only")
	})
	if !strings.Contains(s, "mute the selected event's name") {
		t.Fatalf("event.mute not listed:\n%s", s)
	}
	// A key another action has there: the conflict shows, nothing saves.
	h.key(tcell.KeyEnter)
	h.waitText("press the new key for event.mute")
	h.typeText("o")
	h.waitText("o is bound to both event.mute and event.only in the event pane")
	h.key(tcell.KeyEnter) // refused: nothing changes
	h.key(tcell.KeyEscape)
	h.waitText("type to filter")
	h.d.app.QueueUpdate(func() {
		if keys := keyNames(h.d.km.KeysOf(keymap.EventMute)); keys != "m" {
			t.Errorf("a conflicting rebinding was applied: event.mute on %s", keys)
		}
	})
	// A free key: shown, confirmed, saved in place.
	h.key(tcell.KeyEnter)
	h.waitText("press the new key for event.mute")
	h.typeText("x")
	h.waitText("event.mute on x · enter saves to config.toml")
	h.key(tcell.KeyEnter)
	saved := h.waitFile(path, `"event.mute" = ["x"]`)
	if !strings.HasPrefix(saved, userConfig) {
		t.Errorf("the user's lines changed:\n%s", saved)
	}
	h.waitText("event.mute on x: saved to config.toml")
	h.key(tcell.KeyEscape)
	h.waitFor("the overlay closed", func(s string) bool { return !strings.Contains(s, "Filter:") })
	// The old key does nothing now; the new one mutes. The messages
	// overlay showing proves the m before it was handled.
	h.typeText("mn")
	h.waitText("Messages")
	if f := h.s.Events.Filter().String(); f != "" {
		t.Fatalf("m still mutes: filter %q", f)
	}
	if data, _ := os.ReadFile(path); strings.Contains(string(data), `"event.mute" = ["o"]`) {
		t.Fatalf("the refused rebinding was saved:\n%s", data)
	}
	h.key(tcell.KeyEscape)
	h.typeText("x")
	h.waitText("filter: !RESUME")
}

func TestKeysOverlayRecordsAMacro(t *testing.T) {
	got := make(chan string, 10)
	h := startHarness(t, harnessOptions{reply: func(r qmptest.Request) string {
		got <- r.Name()
		return qmptest.ReplyLine(r, "{}")
	}})
	path := h.useConfig(userConfig)
	h.typeText("stop")
	h.key(tcell.KeyEnter)
	h.expectSent(got, "stop")
	// :keys replaces the line, so the macro records the last command.
	h.typeText(":keys")
	h.key(tcell.KeyEnter)
	h.waitText("ctrl+r: new macro running stop")
	h.key(tcell.KeyCtrlR)
	h.waitText("press the key for a macro running stop")
	h.key(tcell.KeyF6)
	h.waitText(`f6 runs "stop"`)
	h.key(tcell.KeyEnter)
	saved := h.waitFile(path, "[[macro]]\nkey = \"f6\"\nrun = \"stop\"\n")
	if !strings.HasPrefix(saved, userConfig) {
		t.Errorf("the user's lines changed:\n%s", saved)
	}
	h.typeText("macro")
	h.waitText("macro:f6") // listed
	// A second macro on that key is refused before saving.
	h.key(tcell.KeyCtrlR)
	h.key(tcell.KeyF6)
	h.waitText("f6 has two macros")
	h.key(tcell.KeyEscape)
	h.waitText("type to filter")
	h.key(tcell.KeyEscape)
	h.waitFor("the overlay closed", func(s string) bool { return !strings.Contains(s, "Filter:") })
	h.key(tcell.KeyF6)
	h.expectSent(got, "stop")
}

func TestMacroKeySendsItsCommandsInOrder(t *testing.T) {
	got := make(chan string, 10)
	h := startHarness(t, harnessOptions{reply: func(r qmptest.Request) string {
		got <- r.Name()
		if r.Name() == "cont" {
			return qmptest.ReplyLine(r, "{}")
		}
		time.Sleep(50 * time.Millisecond) // a slow first reply: cont must still come second
		return qmptest.ReplyLine(r, "{}")
	}})
	h.useKeys("[[macro]]\nkey = \"f5\"\nrun = [\"stop\", \"cont\"]\n\n[[macro]]\nkey = \"f7\"\nrun = \"stop\"\ntarget = [\"elsewhere\"]\n\n[[vm]]\nname = \"elsewhere\"\naddress = \"/x\"\n")
	// The help lists the macro with its commands.
	h.key(tcell.KeyEscape)
	h.typeText("?")
	h.waitText("Keys")
	h.scrollTo("run: stop; cont") // the macros follow the global keys
	h.key(tcell.KeyEscape)
	h.waitFor("help closed", func(s string) bool { return !strings.Contains(s, "run: stop; cont") })
	h.typeText(":") // back to the input line: f5 works while typing too
	h.key(tcell.KeyF5)
	h.expectSent(got, "stop")
	h.expectSent(got, "cont")
	h.waitFor("both answered", func(string) bool {
		e, ok := h.s.Commands.Get(2)
		return ok && e.Status == store.OK
	})
	stop, _ := h.s.Commands.Get(1)
	cont, _ := h.s.Commands.Get(2)
	if stop.Name != "stop" || cont.Name != "cont" || cont.Sent.Before(stop.Received) {
		t.Fatalf("cont was sent before stop's reply: %+v then %+v", stop, cont)
	}
	// A macro for another VM does not run here, and says so.
	h.key(tcell.KeyF7)
	h.waitText("macro f7 is for elsewhere")
	select {
	case name := <-got:
		t.Fatalf("%s sent to the wrong VM", name)
	default:
	}
}

// expectSent waits for the fake server to receive the named command.
func (h *harness) expectSent(got <-chan string, want string) {
	h.t.Helper()
	select {
	case name := <-got:
		if name != want {
			h.t.Fatalf("server received %s, want %s", name, want)
		}
	case <-time.After(10 * time.Second):
		var notices []string
		for _, n := range h.s.Notices.All() {
			notices = append(notices, n.Text)
		}
		h.t.Fatalf("server never received %s; messages %q; screen:\n%s", want, notices, h.text())
	}
}
