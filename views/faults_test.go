package views

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/qmpdash/qmpdash/app/session"
	"github.com/qmpdash/qmpdash/app/store"
	"github.com/qmpdash/qmpdash/keymap"
	"github.com/qmpdash/qmpdash/qmp"
	"github.com/qmpdash/qmpdash/qmp/qmptest"
)

// The dashboard's fault-injection suite over the fake server: for each
// fault, what the user sees, that keys still work, and what the session
// log holds. Real QEMU's faults are in faults_qemu_integration_test.go.

// faultHarness starts a dashboard whose fake server answers each command
// named in replies with what its function returns (and the rest with {}),
// logging to a session log.
func faultHarness(t *testing.T, cfg session.Config, replies map[string]func(qmptest.Request) string) (*harness, *sessionLog) {
	t.Helper()
	cfg.NoDocs, cfg.Backoff = true, fastRetry
	log := openSessionLog(t, &cfg)
	h := startHarness(t, harnessOptions{config: cfg, reply: func(r qmptest.Request) string {
		if f := replies[r.Name()]; f != nil {
			return f(r)
		}
		return qmptest.ReplyLine(r, "{}")
	}, wide: true})
	return h, log
}

func TestFaultGarbageAndNonObjectsAreReportedNotFatal(t *testing.T) {
	h, log := faultHarness(t, session.Config{}, nil)
	h.peer.Write("garbage \x1b[2J\r\n", "[1, 2]\r\n", "\"a string\"\r\n", "42\r\n")
	s := h.waitStatus("the monitor sent a bad message, ignored")
	if !strings.Contains(statusBar(s), "● connected") {
		t.Fatalf("garbage cost the connection:\n%s", statusBar(s))
	}
	h.responsive()
	h.sent("query-name")
	h.waitText("query-name")
	h.waitCommand(1, store.OK)
	log.waitIn(`"garbage \u001b[2J"`) // kept as a JSON string
	log.waitIn(`[1, 2]`)
	log.waitMark("protocol-error", "")
	if bad := h.controlCells(); len(bad) > 0 {
		t.Fatalf("control characters on screen: %v", bad)
	}
}

func TestFaultInvalidUTF8IsShownEscaped(t *testing.T) {
	h, log := faultHarness(t, session.Config{}, map[string]func(qmptest.Request) string{
		"query-name": func(r qmptest.Request) string { return qmptest.ReplyLine(r, "{\"name\": \"vm\xff\xfe\"}") },
	})
	h.peer.Write("{\"event\": \"BAD\xc0NAME\", \"data\": {\"s\": \"x\xffy\"}, \"timestamp\": {\"seconds\": 1, \"microseconds\": 0}}\r\n")
	h.waitText(`BAD\xc0NAME`)
	h.waitText(`s="x\xffy"`)
	h.sent("query-name")
	h.press(keymap.InputLeave)
	h.press(keymap.PaneNext) // the command log, its last row selected
	h.waitText(`"name": "vm\xff\xfe"`)
	if bad := h.controlCells(); len(bad) > 0 {
		t.Fatalf("control characters on screen: %v", bad)
	}
	h.press(keymap.FocusInput) // back to the input line
	h.responsive()
	log.waitIn(`BAD`)
	log.waitIn(`"name": "vm`)
}

func TestFaultReplyWithUnknownIDIsReported(t *testing.T) {
	h, log := faultHarness(t, session.Config{}, map[string]func(qmptest.Request) string{
		"query-name": func(r qmptest.Request) string {
			return `{"return": {"name": "stray"}, "id": "nobody-asked"}` + "\r\n" + qmptest.ReplyLine(r, `{"name": "vm1"}`)
		},
	})
	h.sent("query-name")
	s := h.waitStatus("reply for unknown id")
	if !strings.Contains(statusBar(s), "● connected") {
		t.Fatalf("status bar: %s", statusBar(s))
	}
	h.waitCommand(1, store.OK)
	if e, _ := h.s.Commands.Get(1); !strings.Contains(string(e.Reply), "vm1") {
		t.Fatalf("the stray reply was taken for query-name's: %s", e.Reply)
	}
	h.responsive()
	log.waitIn(`"nobody-asked"`)
	log.waitMark("protocol-error", "nobody-asked")
}

func TestFaultPartialLineThenCloseInterruptsTheCommand(t *testing.T) {
	peer := make(chan *qmptest.Peer, 1)
	h, log := faultHarness(t, session.Config{}, map[string]func(qmptest.Request) string{
		"query-name": func(r qmptest.Request) string {
			p := <-peer
			p.Write(`{"return": {"na`)
			p.Close()
			return ""
		},
	})
	peer <- h.peer
	h.sent("query-name")
	// Which of the two notices is the newest depends on goroutines: the
	// notices overlay shows both.
	h.waitFor("the status bar to tell", func(s string) bool {
		bar := statusBar(s)
		return strings.Contains(bar, "○") && (strings.Contains(bar, "disconnected: qmp: read") || strings.Contains(bar, "interrupted — outcome unknown"))
	})
	h.waitText("interrupted")
	h.press(keymap.InputLeave)
	h.press(keymap.PaneNext)
	h.waitText("interrupted — outcome unknown: qmp: connection lost after the request was sent")
	h.press(keymap.Notices)
	h.waitText("disconnected: qmp: read")
	h.waitText("query-name (#1): interrupted — outcome unknown")
	h.press(keymap.OverlayClose)
	h.press(keymap.FocusInput) // back to the input line
	h.responsive()
	log.waitMark("disconnected", "unexpected EOF")
	log.waitRecord("the request", func(r logRecord) bool { return r.Dir == "out" && strings.Contains(string(r.Msg), "query-name") })
	if h.s.Commands.Len() != 1 {
		t.Fatal("the interrupted command was sent again")
	}
}

func TestFaultLongestLineIsReadAndShown(t *testing.T) {
	// Just under the 64 MiB cap, QEMU's own limit.
	big := strings.Repeat("A", qmp.DefaultMaxLineSize-100)
	h, log := faultHarness(t, session.Config{}, map[string]func(qmptest.Request) string{
		"query-name": func(r qmptest.Request) string { return qmptest.ReplyLine(r, `{"name": "`+big+`"}`) },
	})
	h.sent("query-name")
	h.responsive() // while the reply is on its way
	h.waitCommand(1, store.OK)
	h.waitText(`"name": "AAAAAAAA`)
	log.waitIn(`{"return": {"name": "AAAA`)
}

func TestFaultLineOverTheCapFailsOnlyItsCommand(t *testing.T) {
	big := strings.Repeat("A", qmp.DefaultMaxLineSize+10)
	h, log := faultHarness(t, session.Config{}, map[string]func(qmptest.Request) string{
		"query-name": func(r qmptest.Request) string { return qmptest.ReplyLine(r, `{"name": "`+big+`"}`) },
	})
	h.sent("query-name")
	h.responsive() // while the reply is on its way
	h.waitCommand(1, store.Failed)
	h.waitText("failed")
	h.press(keymap.InputLeave)
	h.press(keymap.PaneNext)
	h.waitText("exceeds the line limit of 67108864 bytes")
	h.press(keymap.FocusInput) // back to the input line
	h.responsive()
	h.sent("query-uuid") // the connection carries on
	h.waitCommand(2, store.OK)
	if s := h.text(); !strings.Contains(statusBar(s), "● connected") {
		t.Fatalf("status bar: %s", statusBar(s))
	}
	log.waitMark("line-too-long", "query-name: qmp: message of")
}

func TestFaultStalledServerTimesOutAndTakesTheLateReply(t *testing.T) {
	release := make(chan struct{})
	h, log := faultHarness(t, session.Config{Timeouts: map[string]time.Duration{"query-name": 300 * time.Millisecond}},
		map[string]func(qmptest.Request) string{
			"query-name": func(r qmptest.Request) string { <-release; return qmptest.ReplyLine(r, `{"name": "late"}`) },
		})
	h.sent("query-name")
	h.waitStatus("query-name: no reply after 300ms; a late reply will still be shown")
	h.waitText("timed out")
	h.responsive()
	close(release)
	h.waitStatus("a late reply arrived for command #1")
	h.press(keymap.InputLeave)
	h.press(keymap.PaneNext)
	h.waitText("(arrived after the timeout)")
	h.waitText(`"name": "late"`)
	log.waitIn(`"late"`)
}

func TestFaultEventFloodWhileCommandsPending(t *testing.T) {
	const bursts, perBurst = 40, 1000
	flood := make(chan struct{})
	peer := make(chan *qmptest.Peer, 1)
	h, log := faultHarness(t, session.Config{}, map[string]func(qmptest.Request) string{
		"query-name": func(r qmptest.Request) string {
			p := <-peer
			go func() { // the reply comes in the middle of the flood
				defer close(flood)
				for i := range bursts {
					var b strings.Builder
					for j := range perBurst {
						b.WriteString(qmptest.EventLine("RTC_CHANGE", fmt.Sprintf(`{"offset": %d}`, i*perBurst+j)))
					}
					if i == bursts/2 {
						b.WriteString(qmptest.ReplyLine(r, `{"name": "vm1"}`))
					}
					p.Write(b.String())
				}
			}()
			return ""
		},
	})
	peer <- h.peer
	h.sent("query-name")
	h.responsive() // keys work during the flood
	<-flood
	h.waitCommand(1, store.OK)
	h.waitFor("every event", func(string) bool { return h.s.Events.Len() == bursts*perBurst })
	h.waitText(fmt.Sprintf("offset=%d", bursts*perBurst-1))
	h.responsive()
	n := 0
	for _, r := range log.records() {
		if r.Dir == "in" && strings.Contains(string(r.Msg), `"event": "RTC_CHANGE"`) {
			n++
		}
	}
	if n != bursts*perBurst {
		t.Fatalf("the log holds %d events of %d", n, bursts*perBurst)
	}
}
