package views

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gdamore/tcell/v2"
	"github.com/qmpdash/qmpdash/app/complete"
	"github.com/qmpdash/qmpdash/keymap"
	"github.com/qmpdash/qmpdash/views/widget"
)

// TestEveryDashboardCommandIsBoundAndListed checks the table of dashboard
// commands against what is derived from it: a handler for each, a row in
// the help and in docs/keys.md, and no handler for a name the table lacks.
func TestEveryDashboardCommandIsBoundAndListed(t *testing.T) {
	doc, err := os.ReadFile(filepath.Join("..", keymap.DocPath))
	if err != nil {
		t.Fatal(err)
	}
	help := plainLines(helpLines(keymap.New(keymap.Defaults()), widget.DefaultTheme(), 200))
	names := make(map[string]bool)
	for _, m := range keymap.MetaCommands() {
		names[m.Name] = true
		synopsis := strings.TrimSpace(":" + m.Name + " " + m.Args)
		if metaHandlers[m.Name] == nil {
			t.Errorf(":%s has no handler", m.Name)
		}
		if !completesTo((*complete.Engine)(nil).CompleteMeta(metaCompletions, ":"+m.Name, 1+len(m.Name), nil), ":"+m.Name) {
			t.Errorf(":%s does not complete", m.Name)
		}
		if !strings.Contains(help, "  "+synopsis+" ") || !strings.Contains(help, m.Description) {
			t.Errorf(":%s is not in the help:\n%s", m.Name, help)
		}
		pipes := strings.NewReplacer("|", `\|`) // as Markdown table cells have them
		if !strings.Contains(string(doc), "| `"+pipes.Replace(synopsis)+"` | "+pipes.Replace(m.Description)+" |") {
			t.Errorf(":%s is not in %s", m.Name, keymap.DocPath)
		}
	}
	for name := range metaHandlers {
		if !names[name] {
			t.Errorf("handler for :%s, which the table lacks", name)
		}
	}
}

// completesTo reports whether one of the candidates shows as display.
func completesTo(cands []complete.Candidate, display string) bool {
	for _, c := range cands {
		if c.Display == display {
			return true
		}
	}
	return false
}

func TestDashboardCompletesDashboardCommands(t *testing.T) {
	h := startHarness(t, harnessOptions{})
	h.typeText(":rep")
	h.press(keymap.InputComplete)
	h.waitText("> :replay ")
	h.typeText("x")
	h.waitText("> :replay x")
	for range len(":replay x") {
		h.key(tcell.KeyBackspace2)
	}
	h.typeText(":doc block_resi")
	h.press(keymap.InputComplete)
	h.waitText("> :doc block_resize")
}
