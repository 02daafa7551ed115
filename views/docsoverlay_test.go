package views

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gdamore/tcell/v2"
	"github.com/qmpdash/qmpdash/app/session"
	"github.com/qmpdash/qmpdash/keymap"
	"github.com/qmpdash/qmpdash/qmp/qmptest"
	"github.com/qmpdash/qmpdash/views/screentest"
)

// docsConfig gives a session the documentation of testdata/docs-72.7,
// which describes a few names of the 7.2 schema in invented words and
// claims to be for QEMU 9.9.0.
var docsConfig = session.Config{Docs: session.DocSources{ManPages: []string{filepath.Join("testdata", "docs-72.7")}}}

// nestedDocsConfig is docsConfig with testdata/docs-nested.html merged
// after the man page: it documents a command that mentions an event and a
// command, and the types of blockdev-add's nested members.
var nestedDocsConfig = session.Config{Docs: session.DocSources{
	ManPages: []string{filepath.Join("testdata", "docs-72.7")},
	HTML:     []string{filepath.Join("testdata", "docs-nested.html")},
}}

// overlayClosed reports whether no documentation overlay is on screen.
func overlayClosed(s string) bool {
	return !strings.Contains(s, "Documentation ·") && !strings.Contains(s, "Search commands and events")
}

func TestDocsF1InInput(t *testing.T) {
	h := startHarness(t, harnessOptions{config: docsConfig})
	h.typeText("block_resize dev")
	h.press(keymap.InputDocs)
	s := h.waitText("Documentation · block_resize")
	for _, want := range []string{
		"block_resize  command  since 0.14",
		"docs are for QEMU 9.9.0, connected to 7.2.22",
		"Change the size of a disk image under a running guest.",
		"device     str  optional",
		"node-name  str  optional",
		"size       int  required",
		"the new size, in bytes",
		`-> {`, `"execute": "block_resize",`, `<- {`,
		"i insert example · / search · esc back",
	} {
		if !strings.Contains(s, want) {
			t.Errorf("the docs lack %q:\n%s", want, s)
		}
	}
	// The summary is not repeated as the description's first sentence.
	if n := strings.Count(s, "Change the size of a disk image"); n != 1 {
		t.Errorf("summary shown %d times", n)
	}
	h.press(keymap.OverlayClose)
	h.waitFor("the overlay closed", overlayClosed)
	h.typeText("x") // the input line has the keys again
	h.waitText("> block_resize devx")
}

func TestDocsMetaCommandAndHostileText(t *testing.T) {
	h := startHarness(t, harnessOptions{config: docsConfig})
	h.typeText(":doc query-status")
	h.waitText("dashboard command, not sent")
	h.press(keymap.InputSubmit)
	s := h.waitText("Documentation · query-status")
	for _, want := range []string{
		`Hostile text: [red]x[-] ["region"] [::b] \x1b[31mstill plain\x1b[0m and \x07 bell.`,
		"See also STOP, RESUME",
		"Returns object",
		"  a StatusInfo",
	} {
		if !strings.Contains(s, want) {
			t.Errorf("the docs lack %q:\n%s", want, s)
		}
	}
	if strings.ContainsAny(s, "\x1b\x07") {
		t.Error("a control character reached the screen")
	}
	h.press(keymap.OverlayClose)
	s = h.waitFor("the overlay closed", overlayClosed)
	if strings.Contains(s, "> :doc") {
		t.Errorf("the :doc line stayed in the input:\n%s", s)
	}
	if h.s.Commands.Len() != 0 {
		t.Error(":doc was sent to the monitor")
	}
	h.typeText(":nope x")
	h.press(keymap.InputSubmit)
	h.waitText(`unknown dashboard command ":nope"`)
	h.waitText("> :nope x")
}

func TestDocsEventRow(t *testing.T) {
	h := startHarness(t, harnessOptions{config: docsConfig})
	h.peer.Write(qmptest.EventLine("STOP", ""))
	h.waitFor("the event", func(string) bool { return h.s.Events.Len() == 1 })
	h.press(keymap.InputLeave) // to the event pane, the event selected
	h.press(keymap.EventDocs)
	s := h.waitText("Documentation · STOP")
	if !strings.Contains(s, "Sent once the guest has halted") || !strings.Contains(s, "STOP  event  since 0.12") {
		t.Fatalf("screen:\n%s", s)
	}
	h.press(keymap.OverlayClose)
	h.waitFor("the overlay closed", overlayClosed)
	h.press(keymap.EventDocs) // the event pane has focus again
	h.waitText("Documentation · STOP")
}

func TestDocsSearch(t *testing.T) {
	h := startHarness(t, harnessOptions{config: docsConfig})
	h.typeText(":doc")
	h.press(keymap.InputSubmit)
	h.waitText("Search commands and events")
	h.typeText("shrinking") // a word of block_resize's description only
	h.waitText("Search: shrinking")
	s := h.waitText("found · ↑↓ select")
	if !strings.Contains(s, "block_resize") {
		t.Fatalf("no result:\n%s", s)
	}
	h.key(tcell.KeyEnter)
	h.waitText("Documentation · block_resize")
	h.key(tcell.KeyEscape) // back to the results
	h.waitText("Search: shrinking")
	h.key(tcell.KeyEscape)
	h.waitFor("the overlay closed", overlayClosed)

	// Names of the live schema without documentation are found too, and
	// from an entry / searches, Esc going back to the entry.
	h.typeText("query-status")
	h.press(keymap.InputDocs)
	h.waitText("Documentation · query-status")
	h.press(keymap.DocsSearch)
	h.waitText("Search commands and events")
	h.typeText("query-kvm")
	h.waitText("query-kvm" + spaces(36-len("query-kvm")) + "command") // a result row
	h.key(tcell.KeyEscape)
	h.waitText("Documentation · query-status")
	h.press(keymap.OverlayClose)
	h.waitFor("the overlay closed", overlayClosed)
}

func TestDocsInsertExample(t *testing.T) {
	tests := []struct{ name, want string }{
		{"block_resize", "> block_resize device=disk0 size=1073741824"},
		{"blockdev-add", `> blockdev-add driver=qcow2 node-name=disk1 file.driver=file file.filename="/tmp/my disk.qcow2" cache.direct=true x=[1,"2"]`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := startHarness(t, harnessOptions{config: docsConfig})
			h.typeText(":doc " + tt.name)
			h.press(keymap.InputSubmit)
			h.waitText("Documentation · " + tt.name)
			h.press(keymap.DocsInsert)
			s := h.waitFor("the example in the input line", func(s string) bool {
				return overlayClosed(s) && hasRow(s, tt.want)
			})
			if !strings.Contains(s, "  ok") {
				t.Errorf("the inserted line does not parse:\n%s", s)
			}
			h.typeText("Z") // the input line has focus
			h.waitText(tt.want + "Z")
		})
	}
	t.Run("no example", func(t *testing.T) {
		h := startHarness(t, harnessOptions{config: docsConfig})
		h.typeText(":doc query-status")
		h.press(keymap.InputSubmit)
		h.waitText("Documentation · query-status")
		h.press(keymap.DocsInsert)
		h.waitText("no example request to insert")
	})
}

func TestDocsCompletionSummary(t *testing.T) {
	h := startHarness(t, harnessOptions{config: docsConfig})
	h.typeText("query-sta")
	h.press(keymap.InputComplete)
	// The documented summary stands in the popup row of query-status.
	s := h.waitText("query-status                command                        Report whether the guest executes")
	// Names the documentation does not cover keep the generated summary.
	if !strings.Contains(s, "command · 2 args (1 required)") {
		t.Fatalf("popup lacks the generated summary of query-stats:\n%s", s)
	}
}

// hasRow reports whether a row of the screen is row, up to trailing spaces.
func hasRow(screen, row string) bool {
	for _, l := range strings.Split(screen, "\n") {
		if strings.TrimRight(l, " ") == row {
			return true
		}
	}
	return false
}

// TestDocsInstalledManPage opens block_resize with the manual QEMU
// installs (Debian: qemu-system-common), as a user would.
func TestDocsInstalledManPage(t *testing.T) {
	const page = "/usr/share/man/man7/qemu-qmp-ref.7.gz"
	if _, err := os.Stat(page); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("%s missing in CI: %v", page, err)
		}
		t.Skipf("%s missing (set CI to make this fatal): %v", page, err)
	}
	cfg := session.Config{Docs: session.DocSources{ManPages: []string{page}}}
	h := startHarness(t, harnessOptions{config: cfg})
	h.typeText("block_resize")
	h.press(keymap.InputDocs)
	s := h.waitText("Documentation · block_resize")
	for _, arg := range []string{"device     str  optional", "node-name  str  optional", "size       int  required"} {
		// The description is the next row, indented under the argument.
		if desc := rowAfter(s, arg); !strings.HasPrefix(desc, "      ") || strings.TrimSpace(desc) == "" {
			t.Errorf("%q has no description:\n%s", arg, s)
		}
	}
	if strings.Contains(s, "docs are for QEMU") {
		t.Errorf("the installed docs fit the 7.2.22 greeting:\n%s", s)
	}
}

// rowAfter is what the overlay shows on the row below the one containing
// text, from its left border on; "" when there is no such row.
func rowAfter(screen, text string) string {
	rows := strings.Split(screen, "\n")
	for i, r := range rows[:len(rows)-1] {
		if strings.Contains(r, text) {
			_, inside, _ := strings.Cut(rows[i+1], "║")
			return inside
		}
	}
	return ""
}

func TestCommandOfLine(t *testing.T) {
	tests := []struct{ line, want string }{
		{"block_resize device=d0 size=1", "block_resize"},
		{"  !device_add driver=e1000", "device_add"},
		{`{"execute": "query-status", "id": 1}`, "query-status"},
		{"transaction( abort ; abort )", "transaction"},
		{"hmp info block", "human-monitor-command"},
		{":doc STOP", "STOP"},
		{":doc", ""},
		{":docs x", ""},
		{":nope x", ""},
		{"   ", ""},
	}
	for _, tt := range tests {
		if got := commandOfLine(tt.line); got != tt.want {
			t.Errorf("commandOfLine(%q) = %q, want %q", tt.line, got, tt.want)
		}
	}
}

// selectedText is the text of the reversed cells of the row containing
// row, trimmed: what the selection shows without colour.
func (h *harness) selectedText(row string) string {
	got := make(chan string, 1)
	h.d.app.QueueUpdate(func() {
		cells, width, _ := h.screen.GetContents()
		rows := screentest.Rows(h.screen)
		var b strings.Builder
		for i, c := range cells {
			if _, _, attr := c.Style.Decompose(); attr&tcell.AttrReverse != 0 && strings.Contains(rows[i/width], row) {
				b.WriteString(string(c.Runes))
			}
		}
		got <- strings.TrimSpace(b.String())
	})
	return <-got
}

func TestDocsFollowLink(t *testing.T) {
	h := startHarness(t, harnessOptions{config: nestedDocsConfig})
	h.typeText(":doc system_reset")
	h.press(keymap.InputSubmit)
	h.waitText("See also RESET, query-status")
	h.waitText("Tab n N select · Enter open/expand")
	h.key(tcell.KeyTab)
	h.waitFor("RESET selected", func(string) bool { return h.selectedText("See also") == "RESET" })
	h.typeText("n")
	h.waitFor("query-status selected", func(string) bool { return h.selectedText("See also") == "query-status" })
	h.key(tcell.KeyEnter)
	s := h.waitText("Documentation · query-status")
	if !strings.Contains(s, `Hostile text: [red]x[-] ["region"] [::b]`) {
		t.Errorf("the linked entry's text is not literal:\n%s", s)
	}
	h.key(tcell.KeyEscape) // back to the entry with the link, still selected
	h.waitText("Documentation · system_reset")
	h.waitFor("query-status still selected", func(string) bool { return h.selectedText("See also") == "query-status" })
	h.typeText("N")
	h.waitFor("RESET selected", func(string) bool { return h.selectedText("See also") == "RESET" })
	h.typeText(" ")
	h.waitText("Documentation · RESET")
	h.key(tcell.KeyEscape)
	h.waitText("Documentation · system_reset")
	h.key(tcell.KeyEscape)
	h.waitFor("the overlay closed", overlayClosed)
}

func TestDocsExpandMember(t *testing.T) {
	h := startHarness(t, harnessOptions{config: nestedDocsConfig})
	h.typeText(":doc blockdev-add")
	h.press(keymap.InputSubmit)
	s := h.waitText("▸ cache")
	if !strings.Contains(s, "how the node caches data") || strings.Contains(s, "no-flush") {
		t.Fatalf("cache should be shown collapsed, with its description:\n%s", s)
	}
	h.key(tcell.KeyTab) // cache is the first argument with members
	h.waitFor("cache selected", func(string) bool { return strings.HasPrefix(h.selectedText("▸ cache"), "cache") })
	h.key(tcell.KeyEnter)
	s = h.waitText("▾ cache")
	for _, want := range []string{
		"direct    bool  optional  default false",
		`skip the host cache; hostile: [red]x[-] ["region"] [::b] (default: false)`,
		"no-flush  bool  optional  default false",
	} {
		if !strings.Contains(s, want) {
			t.Errorf("the expanded cache lacks %q:\n%s", want, s)
		}
	}
	if !strings.HasPrefix(h.selectedText("▾ cache"), "cache") {
		t.Error("the selection moved off cache when it expanded")
	}
	h.typeText("e") // e collapses as Enter does
	h.waitFor("cache collapsed", func(s string) bool { return strings.Contains(s, "▸ cache") && !strings.Contains(s, "no-flush") })
}

func TestDocsQuestionMarkAfterACommandWord(t *testing.T) {
	h := startHarness(t, harnessOptions{config: docsConfig})
	h.typeText("block_resize?")
	h.waitText("Documentation · block_resize")
	h.press(keymap.OverlayClose)
	h.waitFor("the overlay closed", overlayClosed)
	h.waitText("> block_resize")
	// After arguments '?' is just text: a value may contain one.
	h.typeText(` x="a?`)
	h.waitText(`> block_resize x="a?`)
}
