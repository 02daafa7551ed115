//go:build linux

package qmp_test

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"reflect"
	"testing"
	"time"

	"github.com/qmpdash/qmpdash/qmp"
)

// dial connects with a bounded context and closes the client when the test
// ends.
// waitTimeout bounds every wait in these tests; real servers answer in
// milliseconds, so hitting it means something hangs.
const waitTimeout = 5 * time.Second

// promptly bounds what must not wait on the peer (Close, a failed
// handshake with a short timeout). It is generous because CI machines are
// loaded; a hang runs into the 5s default handshake or waitTimeout.
const promptly = 2 * time.Second

func dial(t *testing.T, addr string, opts qmp.Options) *qmp.Client {
	t.Helper()
	c, err := qmp.Dial(ctxFor(t), addr, opts)
	if err != nil {
		t.Fatalf("Dial %s: %v", addr, err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

// dialRetry dials a TCP monitor that may not be listening yet: QEMU sets
// up its monitors one by one, and the helper waits only for the first.
func dialRetry(t *testing.T, addr string) *qmp.Client {
	t.Helper()
	c, err := qmp.Redial(ctxFor(t), addr, qmp.Options{}, qmp.Backoff{Initial: 10 * time.Millisecond, Max: 50 * time.Millisecond}, nil)
	if err != nil {
		t.Fatalf("Dial %s: %v", addr, err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

// ctxFor returns a context that ends after waitTimeout or with the test.
func ctxFor(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), waitTimeout)
	t.Cleanup(cancel)
	return ctx
}

// execute runs a command that must succeed, passing files if given.
func execute(t *testing.T, c *qmp.Client, cmd string, args any, files ...*os.File) json.RawMessage {
	t.Helper()
	req := qmp.Request{Command: cmd, Files: files}
	if args != nil {
		b, err := json.Marshal(args)
		if err != nil {
			t.Fatal(err)
		}
		req.Arguments = b
	}
	resp, err := c.Do(ctxFor(t), req)
	if err != nil {
		t.Fatalf("%s: %v", cmd, err)
	}
	return resp.Return
}

func nextEvent(t *testing.T, sub *qmp.Subscription) qmp.Event {
	t.Helper()
	ev, err := sub.Next(ctxFor(t))
	if err != nil {
		t.Fatalf("waiting for an event: %v", err)
	}
	if ev.IsGap() {
		t.Fatalf("subscription lost %d events", ev.Dropped)
	}
	return ev
}

// tryNext returns an event only if one is already queued.
func tryNext(sub *qmp.Subscription) (qmp.Event, bool) {
	evs := sub.Drain(nil)
	if len(evs) == 0 {
		return qmp.Event{}, false
	}
	return evs[0], true
}

func waitDone(t *testing.T, c *qmp.Client) {
	t.Helper()
	select {
	case <-c.Done():
	case <-time.After(waitTimeout):
		t.Fatalf("the client did not close; status %+v", c.Status())
	}
}

func pipe(t *testing.T) (r, w *os.File) {
	t.Helper()
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.Close(); w.Close() })
	return r, w
}

func isQMPError(err error, class string) bool {
	var qerr *qmp.Error
	return errors.As(err, &qerr) && qerr.Class == class
}

// jsonEqual compares two JSON texts by value (QEMU re-spaces and reorders).
func jsonEqual(a json.RawMessage, b string) bool {
	var va, vb any
	if json.Unmarshal(a, &va) != nil || json.Unmarshal([]byte(b), &vb) != nil {
		return false
	}
	return reflect.DeepEqual(va, vb)
}

// member returns one member of a JSON object, nil if absent.
func member(raw json.RawMessage, key string) json.RawMessage {
	var m map[string]json.RawMessage
	if json.Unmarshal(raw, &m) != nil {
		return nil
	}
	return m[key]
}
