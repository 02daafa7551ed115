package views

import (
	"strings"
	"testing"

	"github.com/qmpdash/qmpdash/app/session"
	"github.com/qmpdash/qmpdash/app/store"
	"github.com/qmpdash/qmpdash/keymap"
	"github.com/qmpdash/qmpdash/qmp/qmptest"
	"github.com/qmpdash/qmpdash/views/widget"
)

// Messages over the message bound show cut, with the marker, in every
// detail mode and in the rows; what the byte bound evicted shows in the
// pane's title and the status bar; the session log has the messages whole.
func TestDashboardShowsCutMessagesAndEvictions(t *testing.T) {
	big := `{"blob": "` + strings.Repeat("x", 100<<10) + `", "n": 1}`
	h, log := faultHarness(t, session.Config{
		EventLimits:   store.Limits{Bytes: 64 << 10, MessageBytes: 16 << 10},
		CommandLimits: store.Limits{MessageBytes: 16 << 10},
	}, map[string]func(qmptest.Request) string{
		"query-name": func(r qmptest.Request) string { return qmptest.ReplyLine(r, big) },
	})
	event := qmptest.EventLine("BIG", big)
	for range 10 {
		h.peer.Write(event)
	}
	h.peer.Write(qmptest.EventLine("RTC_CHANGE", `{"offset": 1}`))
	h.waitFor("11 events", func(string) bool { u := h.s.Events.Usage(); return u.Entries+int(u.Evicted) == 11 })
	u := h.s.Events.Usage()
	if u.Evicted == 0 || u.Bytes > 64<<10 {
		t.Fatalf("usage = %+v", u)
	}
	h.waitText("Events · " + evictedText(u))
	h.waitStatus("old events: " + evictedText(u))
	note := store.TruncatedNote(len(event) - 2)
	h.waitText(note[:40]) // in the BIG rows

	h.press(keymap.InputLeave)
	h.press(keymap.ListUp) // the last BIG event
	for _, mode := range []string{"expanded", "raw", "condensed"} {
		s := h.waitText("· " + mode)
		h.waitText(note)
		if strings.Contains(s, "not valid JSON") {
			t.Fatalf("%s: a cut message is called invalid:\n%s", mode, s)
		}
		h.press(keymap.ViewCycle)
	}
	log.waitRecord("the whole event", func(r logRecord) bool { return len(r.Msg) == len(event)-2 })

	h.press(keymap.FocusInput)
	h.sent("query-name")
	e := h.waitCommand(1, store.OK)
	reply := qmptest.ReplyLine(qmptest.Request{ID: []byte(`"c1"`)}, big)
	if e.ReplyFullSize != len(reply)-2 || len(e.Reply) > 16<<10 {
		t.Fatalf("reply kept as %d bytes of %d", len(e.Reply), e.ReplyFullSize)
	}
	h.press(keymap.InputLeave)
	h.press(keymap.PaneNext) // the command log, its last row selected
	h.waitText(store.TruncatedNote(e.ReplyFullSize))
	log.waitRecord("the whole reply", func(r logRecord) bool { return len(r.Msg) == e.ReplyFullSize })
}

// A message cut at any byte is not called invalid in any mode, and its
// lines are the whole message's as far as they go; one that is invalid
// before the cut still is.
func TestCutJSONDocAtEveryByte(t *testing.T) {
	msg := `{"return": {"n": -12.5e+3, "ok": true, "no": false, "x": null, "s": "a\"b\u00e9c", "l": [1, [], {}]}}`
	th := widget.DefaultTheme()
	for i := 1; i < len(msg); i++ {
		for _, mode := range []widget.ViewMode{widget.Condensed, widget.Expanded, widget.Raw} {
			d := widget.NewCutJSONDoc([]byte(msg[:i]), mode, th)
			for _, l := range d.Lines(0, d.Len()) {
				if strings.Contains(l.Text(), "not valid JSON") {
					t.Fatalf("cut at %d (%q), %s: %s", i, msg[:i], mode, l.Text())
				}
			}
		}
	}
	d := widget.NewCutJSONDoc([]byte(`{"a": 1 2, "b": "tr`), widget.Expanded, th)
	if got := d.Lines(0, 1)[0].Text(); !strings.Contains(got, "not valid JSON") {
		t.Fatalf("an invalid message cut short passes: %s", got)
	}
}
