//go:build linux

package qmp_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/qmpdash/qmpdash/qmp"
	"github.com/qmpdash/qmpdash/qmp/qmptest"
)

func TestGuestAgent(t *testing.T) {
	p := qmptest.GuestAgent(t)
	c := dial(t, p.Socket, qmp.Options{Mode: qmp.ModeGuestAgent})
	if c.Mode() != qmp.ModeGuestAgent || c.Greeting().Raw != nil {
		t.Errorf("mode %v, greeting %q: want the guest agent mode and no greeting", c.Mode(), c.Greeting().Raw)
	}
	if got := execute(t, c, "guest-ping", nil); string(got) != "{}" {
		t.Errorf("guest-ping = %s, want {}", got)
	}
	var info struct {
		Version   string `json:"version"`
		Supported []struct {
			Name    string `json:"name"`
			Enabled bool   `json:"enabled"`
		} `json:"supported_commands"`
	}
	if err := json.Unmarshal(execute(t, c, "guest-info", nil), &info); err != nil {
		t.Fatal(err)
	}
	names := map[string]bool{}
	for _, s := range info.Supported {
		names[s.Name] = s.Enabled
	}
	if !strings.HasPrefix(info.Version, "7.2") || !names["guest-ping"] || !names["guest-sync"] {
		t.Errorf("guest-info: version %q, %d supported commands; want 7.2 with guest-ping and guest-sync", info.Version, len(info.Supported))
	}

	// guest-sync returns its argument: each caller must get its own back.
	ctx := ctxFor(t)
	var wg sync.WaitGroup
	errs := make(chan error, 20)
	for i := range 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var id json.RawMessage
			if i%2 == 1 {
				id = json.RawMessage(fmt.Sprintf(`"ga-%d"`, i))
			}
			resp, err := c.Do(ctx, qmp.Request{Command: "guest-sync", Arguments: json.RawMessage(fmt.Sprintf(`{"id": %d}`, 5000+i)), ID: id})
			if err != nil {
				errs <- fmt.Errorf("guest-sync %d: %w", i, err)
				return
			}
			if string(resp.Return) != strconv.Itoa(5000+i) {
				errs <- fmt.Errorf("guest-sync %d returned %s: another request's reply", i, resp.Return)
			}
			if id != nil && !jsonEqual(resp.ID, string(id)) {
				errs <- fmt.Errorf("guest-sync %d: sent id %s, reply id %s", i, id, resp.ID)
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

func TestGuestAgentRejectsQMPMode(t *testing.T) {
	p := qmptest.GuestAgent(t)
	start := time.Now()
	c, err := qmp.Dial(ctxFor(t), p.Socket, qmp.Options{HandshakeTimeout: 300 * time.Millisecond})
	if err == nil {
		c.Close()
		t.Fatal("a QMP-mode Dial to qemu-ga succeeded")
	}
	var cerr *qmp.ConnError
	if !errors.As(err, &cerr) || cerr.Op != "greeting" || !strings.Contains(err.Error(), "no QMP greeting") {
		t.Errorf("QMP-mode Dial to qemu-ga: %v; want a greeting timeout *qmp.ConnError", err)
	}
	if d := time.Since(start); d > promptly {
		t.Errorf("Dial took %v with a 300ms handshake timeout", d)
	}
	// The agent still serves a client of the right mode afterwards.
	ga := dial(t, p.Socket, qmp.Options{Mode: qmp.ModeGuestAgent})
	execute(t, ga, "guest-ping", nil)
}

func TestStorageDaemon(t *testing.T) {
	p := qmptest.StorageDaemon(t)
	c := dial(t, p.Socket, qmp.Options{})
	if g := c.Greeting(); g.Version.Major != 7 || g.Version.Minor != 2 || g.Package == "" {
		t.Errorf("greeting %+v, want version 7.2 and a package", g)
	}
	if got := execute(t, c, "query-block-jobs", nil); string(got) != "[]" {
		t.Errorf("query-block-jobs = %s, want []", got)
	}
	execute(t, c, "blockdev-add", map[string]string{"driver": "null-co", "node-name": "qmpdash0"})
	nodes := execute(t, c, "query-named-block-nodes", nil)
	if !strings.Contains(string(nodes), `"node-name": "qmpdash0"`) {
		t.Errorf("query-named-block-nodes after blockdev-add = %.300s, want node qmpdash0", nodes)
	}
	if _, err := c.Execute(ctxFor(t), "query-status", nil); !isQMPError(err, "CommandNotFound") {
		t.Errorf("query-status on the storage daemon = %v, want CommandNotFound", err)
	}
}
