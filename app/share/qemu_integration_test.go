package share

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/qmpdash/qmpdash/app/session"
	"github.com/qmpdash/qmpdash/app/transport"
	"github.com/qmpdash/qmpdash/qmp"
	"github.com/qmpdash/qmpdash/qmp/qmptest"
	"github.com/tidwall/gjson"
)

// TestTwoClientsAndTheDashboardShareARealQEMU runs the dashboard's
// session and two clients of the shared socket against one QEMU at once,
// the clients pipelining requests with the same ids: none loses a reply or
// an event, and none gets another's.
func TestTwoClientsAndTheDashboardShareARealQEMU(t *testing.T) {
	privateRuntime(t)
	p := qmptest.QEMU(t)
	s := session.New(session.Config{Addr: p.Socket, Protocol: transport.ProtocolQMP, NoDocs: true})
	ctx, cancel := context.WithCancel(context.Background())
	ran := make(chan struct{})
	go func() { s.Run(ctx); close(ran) }()
	defer func() { cancel(); <-ran }()
	qmptest.Eventually(t, "the session to connect", func() bool { return s.State().Conn == qmp.StateReady })
	vm := &fakeVM{s: s}
	path := vm.serve(t, Options{})

	const requests, rounds = 100, 10
	clients := map[string]*peer{"query-status": negotiatedPeer(t, path), "query-version": negotiatedPeer(t, path)}
	var wg sync.WaitGroup
	for command, c := range clients {
		wg.Go(func() {
			var msgs strings.Builder
			for i := range requests {
				fmt.Fprintf(&msgs, `{"execute": %q, "id": %d}`, command, i)
			}
			c.send(msgs.String())
		})
		wg.Go(func() { readAll(t, c, command, requests, 2*rounds) })
	}
	for range rounds { // the dashboard's own commands, meanwhile
		for _, command := range []string{"cont", "stop"} {
			out, err := s.Check(mustParse(t, command), command)
			if err != nil {
				t.Fatal(err)
			}
			sent, err := s.SendTracked(out)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := sent.Response(); err != nil {
				t.Fatalf("the dashboard's %s: %v", command, err)
			}
		}
	}
	wg.Wait()
	if st := s.Events.Len(); st < 2*rounds {
		t.Errorf("the dashboard's event log holds %d events, want at least %d", st, 2*rounds)
	}
}

// readAll reads a client's replies, which must be command's for ids 0 to
// requests-1 in order, and its events, rounds of RESUME then STOP.
func readAll(t *testing.T, c *peer, command string, requests, events int) {
	replies, seen := 0, []string{}
	deadline := time.Now().Add(60 * time.Second)
	for (replies < requests || len(seen) < events) && time.Now().Before(deadline) {
		line, err := c.readLine()
		if err != nil {
			t.Errorf("%s client: %v after %d replies and events %v", command, err, replies, seen)
			return
		}
		r := gjson.Parse(line)
		if ev := r.Get("event"); ev.Exists() {
			seen = append(seen, ev.String())
			continue
		}
		shape := map[string]string{"query-status": "return.status", "query-version": "return.qemu.major"}[command]
		if r.Get("id").Int() != int64(replies) || !r.Get(shape).Exists() {
			t.Errorf("%s client: reply %d is %s", command, replies, line)
			return
		}
		replies++
	}
	want := strings.Repeat("RESUME STOP ", events/2)
	if got := strings.Join(seen, " ") + " "; got != want || replies != requests {
		t.Errorf("%s client: %d replies, events %q; want %d and %q", command, replies, got, requests, want)
	}
}
