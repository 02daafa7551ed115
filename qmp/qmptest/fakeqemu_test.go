//go:build linux

package qmptest

import (
	"bytes"
	"context"
	"encoding/json"
	"testing"

	"github.com/qmpdash/qmpdash/docs/docstest"
	"github.com/qmpdash/qmpdash/qmp"
)

// TestFakeQEMUAnswersFromTheFixture checks the start-up exchange and the
// order of the answers: Answers over the fixture, Reply for the rest.
func TestFakeQEMUAnswersFromTheFixture(t *testing.T) {
	for _, name := range []string{docstest.QEMU72, docstest.QEMU10, docstest.QSD72} {
		t.Run(name, func(t *testing.T) {
			fx := docstest.Load(t, name)
			f := NewFakeQEMU(t, name)
			f.Answers = map[string]string{"query-status": `{"status": "paused", "running": false}`}
			f.Reply = func(r Request) string { return EventLine("STOP", "") + ReplyLine(r, `"scripted"`) }
			f.AcceptAll()
			ctx, cancel := context.WithTimeout(context.Background(), WaitTimeout)
			defer cancel()
			c, err := qmp.Dial(ctx, f.Path, qmp.Options{})
			if err != nil {
				t.Fatal(err)
			}
			defer c.Close()
			if got := c.Greeting().Version.Major; got == 0 {
				t.Errorf("greeting version major = 0, want the fixture's")
			}
			for _, tc := range []struct{ command, want string }{
				{"query-qmp-schema", string(fx.Schema)},
				{"query-commands", string(fx.Commands)},
				{"query-version", string(fx.Version)},
				{"query-status", f.Answers["query-status"]},
				{"stop", `"scripted"`},
			} {
				got, err := c.Execute(ctx, tc.command, nil)
				if err != nil {
					t.Fatalf("%s: %v", tc.command, err)
				}
				if !jsonEqual(t, got, tc.want) {
					t.Errorf("%s = %.200s, want %.200s", tc.command, got, tc.want)
				}
			}
		})
	}
}

// TestFakeQEMUAcceptServesOneClient checks that Accept hands back the
// server's side, on which a test sends events.
func TestFakeQEMUAcceptServesOneClient(t *testing.T) {
	f := NewFakeQEMU(t, docstest.QEMU72)
	ctx, cancel := context.WithTimeout(context.Background(), WaitTimeout)
	defer cancel()
	type dialed struct {
		c   *qmp.Client
		err error
	}
	ch := make(chan dialed, 1)
	go func() {
		c, err := qmp.Dial(ctx, f.Path, qmp.Options{})
		ch <- dialed{c, err}
	}()
	p := f.Accept()
	d := <-ch
	if d.err != nil {
		t.Fatal(d.err)
	}
	defer d.c.Close()
	sub := d.c.Subscribe(qmp.SubscribeOptions{})
	p.Event("RESUME", "")
	e, err := sub.Next(ctx)
	if err != nil || e.Name != "RESUME" {
		t.Fatalf("event %+v, %v; want RESUME", e, err)
	}
	if _, err := d.c.Execute(ctx, "query-status", nil); err != nil {
		t.Fatal(err)
	}
}

func jsonEqual(t *testing.T, got json.RawMessage, want string) bool {
	t.Helper()
	var a, b bytes.Buffer
	if err := json.Compact(&a, got); err != nil {
		t.Fatal(err)
	}
	if err := json.Compact(&b, []byte(want)); err != nil {
		t.Fatal(err)
	}
	return a.String() == b.String()
}
