package views

import (
	"strings"
	"testing"

	"github.com/qmpdash/qmpdash/app/send"
	"github.com/qmpdash/qmpdash/keymap"
)

func TestViewsListOpensTheSelectedView(t *testing.T) {
	fh := startFleet(t, []string{"alpha", "beta"}, 160, 30, send.Policy{})
	slowLive(fh)
	s := openViewsList(fh)
	for _, want := range []string{"<J>", "jobs", "<M>", "migration", ":watch", "the watches of alpha"} {
		if !strings.Contains(s, want) {
			t.Errorf("the views list lacks %q:\n%s", want, s)
		}
	}
	if fh.d.live.shown() {
		t.Fatal("a live view opened before Enter")
	}
	fh.press(keymap.ListDown)
	fh.press(keymap.ViewsOpen)
	fh.waitFor("the migration view", func(s string) bool {
		return strings.Contains(s, "Live views: ") && !strings.Contains(s, "Enter opens")
	})
	if fh.d.live.cur != fh.d.live.views[1] {
		t.Fatal("Enter did not open the selected view, migration")
	}
	fh.press(keymap.FocusInput)
	if s := openViewsList(fh); !strings.Contains(s, "(shown)") {
		t.Errorf("the list does not mark the view shown:\n%s", s)
	}
	fh.press(keymap.OverlayClose)
	fh.waitFor("the list closed", func(s string) bool { return !strings.Contains(s, "Enter opens") })
	if fh.d.live.cur != fh.d.live.views[1] {
		t.Fatal("closing the list changed the live view")
	}
	fh.press(keymap.FocusInput)
	openViewsList(fh)
	fh.press(keymap.ListBottom)
	fh.press(keymap.ViewsOpen)
	fh.waitText("Watches · alpha")
}

// openViewsList types :views in the input line and waits for the list.
func openViewsList(fh *fleetHarness) string {
	fh.typeText(":views")
	fh.press(keymap.InputSubmit)
	return fh.waitText("Live views · Enter opens")
}
