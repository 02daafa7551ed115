package views

import (
	"strings"
	"testing"
	"time"

	"github.com/qmpdash/qmpdash/app/store"
	"github.com/qmpdash/qmpdash/views/widget"
)

// The header's titles stand over the row's columns at every width: the
// arguments title over the summary and nowhere when the pane has no room
// for one, never over the status.
func TestCommandHeaderStandsOverTheColumns(t *testing.T) {
	th := widget.DefaultTheme()
	r := &commandRows{theme: th}
	e := store.CommandEntry{Name: "query-name", Summary: "x=1", Status: store.OK,
		Sent: time.Now(), Received: time.Now().Add(time.Millisecond)}
	for _, width := range []int{38, 58, 80, 160} {
		header, row := commandHeader(th)(width).Text(), r.row(e, width).Text()
		if got, want := strings.Index(header, "COMMAND"), strings.Index(row, "query-"); got != want {
			t.Errorf("width %d: COMMAND at %d, the name at %d:\n%q\n%q", width, got, want, header, row)
		}
		args, summary := strings.Index(header, "ARGUMENTS"), strings.Index(row, "x=1")
		if args != summary {
			t.Errorf("width %d: ARGUMENTS at %d, the summary at %d:\n%q\n%q", width, args, summary, header, row)
		}
		if status := strings.Index(row, " ok"); len([]rune(strings.TrimRight(header, " "))) > len([]rune(row[:status])) {
			t.Errorf("width %d: the titles run over the status:\n%q\n%q", width, header, row)
		}
	}
}

// A command a client of the shared monitor sent says so before its
// arguments; the dashboard's own say nothing.
func TestCommandRowNamesASharedClient(t *testing.T) {
	r := &commandRows{theme: widget.DefaultTheme()}
	e := store.CommandEntry{Name: "cont", Summary: "x=1", Status: store.OK, From: "shared #2 pid 42"}
	if row := r.row(e, 160).Text(); !strings.Contains(row, "[shared #2 pid 42] x=1") {
		t.Errorf("row %q does not name the client", row)
	}
	e.From = ""
	if row := r.row(e, 160).Text(); strings.Contains(row, "[") {
		t.Errorf("row %q names a client for the dashboard's own command", row)
	}
}
