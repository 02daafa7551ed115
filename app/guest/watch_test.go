//go:build linux

package guest_test

import (
	"bufio"
	"context"
	"encoding/base64"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/qmpdash/qmpdash/app/cmdline"
	"github.com/qmpdash/qmpdash/app/session"
	"github.com/qmpdash/qmpdash/app/store"
	"github.com/qmpdash/qmpdash/app/termtext"
	"github.com/qmpdash/qmpdash/app/transport"
	"github.com/qmpdash/qmpdash/app/wirelog"
	"github.com/qmpdash/qmpdash/qmp"
	"github.com/qmpdash/qmpdash/qmp/qmptest"
	"github.com/tidwall/gjson"
)

// eventTimeout bounds the wait for an event the test caused: a guest under
// TCG on two loaded cores is slow, but each of these comes within seconds.
const eventTimeout = 60 * time.Second

// watched is a qmpdash session on a guest's monitor or agent, with its
// session log, as the dashboard has them with --log.
type watched struct {
	s   *session.Session
	log string
}

// watch runs a session on addr until the test ends and waits until it is
// connected.
func watch(t *testing.T, name, addr string, p transport.Protocol) *watched {
	t.Helper()
	logPath := filepath.Join(t.TempDir(), name+".jsonl")
	wl, err := wirelog.Open(logPath, name, addr, 0)
	if err != nil {
		t.Fatal(err)
	}
	// No keepalive: its query-status would correct a wrong run state
	// within seconds and hide what the events alone made of it.
	s := session.New(session.Config{Name: name, Addr: addr, Protocol: p, NoDocs: true, Log: wl, Keepalive: -1,
		Backoff: qmp.Backoff{Initial: 50 * time.Millisecond, Max: 500 * time.Millisecond}})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { s.Run(ctx); close(done) }()
	t.Cleanup(func() { cancel(); <-done; wl.Close() })
	w := &watched{s: s, log: logPath}
	w.until(t, "connected", func() bool { return s.State().Conn == qmp.StateReady && s.Schema() != nil })
	return w
}

// until polls cond for up to eventTimeout.
func (w *watched) until(t *testing.T, what string, cond func() bool) {
	t.Helper()
	qmptest.EventuallyWithin(t, eventTimeout, w.s.Name()+": "+what, cond)
}

// send sends a command line as the input line does and waits for its
// outcome, failing the test unless it is ok.
func (w *watched) send(t *testing.T, text string) store.CommandEntry {
	t.Helper()
	e := w.try(t, text)
	if e.Status != store.OK {
		t.Fatalf("%s: %s: %s %s %s", w.s.Name(), text, e.Status, e.ErrClass, e.ErrDesc)
	}
	return e
}

// try is send that returns whatever the outcome.
func (w *watched) try(t *testing.T, text string) store.CommandEntry {
	t.Helper()
	line, err := cmdline.Parse(text)
	if err != nil {
		t.Fatalf("parse %q: %v", text, err)
	}
	seq, err := w.s.Send(line, text)
	if err != nil {
		t.Fatalf("%s: send %q: %v", w.s.Name(), text, err)
	}
	var e store.CommandEntry
	w.until(t, text+" answered", func() bool { e, _ = w.s.Commands.Get(seq); return e.Status != store.Pending })
	return e
}

// event waits for an event named name, after the first `after` entries of
// the log, whose data as the event pane shows it (condensed) contains
// every one of want; it returns the event and checks that the session log
// recorded it.
func (w *watched) event(t *testing.T, after int, name string, want ...string) qmp.Event {
	t.Helper()
	var found *qmp.Event
	var seen []string
	defer func() {
		if found == nil { // the wait failed
			t.Logf("events since:\n%s", strings.Join(seen, "\n"))
		}
	}()
	w.until(t, fmt.Sprintf("%s with %q", name, want), func() bool {
		seen = seen[:0]
		for _, e := range w.s.Events.Visible(0, w.s.Events.VisibleLen(), nil) {
			if e.Seq <= uint64(after) {
				continue
			}
			shown := termtext.Condense(e.Data, 0)
			seen = append(seen, e.Name+" "+shown)
			if e.Name == name && containsAll(shown, want) {
				found = &e.Event
				return true
			}
		}
		return false
	})
	w.logged(t, found.Raw)
	return *found
}

// containsAll reports whether s contains every one of subs.
func containsAll(s string, subs []string) bool {
	for _, sub := range subs {
		if !strings.Contains(s, sub) {
			return false
		}
	}
	return true
}

// mark returns the number of the last event so far, for event's after.
func (w *watched) mark() int {
	evs := w.s.Events.Visible(0, w.s.Events.VisibleLen(), nil)
	if len(evs) == 0 {
		return 0
	}
	return int(evs[len(evs)-1].Seq)
}

// logged checks that the session log holds the message raw as an incoming
// record.
func (w *watched) logged(t *testing.T, raw []byte) {
	t.Helper()
	want := gjson.ParseBytes(raw)
	w.until(t, "the message in the session log", func() bool {
		f, err := os.Open(w.log)
		if err != nil {
			return false
		}
		defer f.Close()
		sc := bufio.NewScanner(f)
		sc.Buffer(nil, 1<<20)
		for sc.Scan() {
			r := gjson.ParseBytes(sc.Bytes())
			if r.Get("dir").String() == "in" && r.Get("msg.event").String() == want.Get("event").String() &&
				r.Get("msg.timestamp").Raw == want.Get("timestamp").Raw {
				return true
			}
		}
		return false
	})
}

// reply returns a command's reply's "return" member.
func reply(e store.CommandEntry) gjson.Result { return gjson.GetBytes(e.Reply, "return") }

// decoded returns a base64 member of a reply, decoded.
func decoded(t *testing.T, r gjson.Result, member string) string {
	t.Helper()
	b, err := base64.StdEncoding.DecodeString(r.Get(member).String())
	if err != nil {
		t.Fatalf("%s: %v", member, err)
	}
	return string(b)
}
