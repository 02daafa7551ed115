//go:build linux

package libvirt

import (
	"context"
	"encoding/json"
	"errors"
	"net"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/qmpdash/qmpdash/app/transport/libvirt/libvirttest"
	"github.com/qmpdash/qmpdash/qmp"
)

// dialDomain connects a qmp client to domain name through libvirt.
func dialDomain(t *testing.T, ctx context.Context, name string) *qmp.Client {
	t.Helper()
	a := Address{Domain: name}
	c, err := qmp.DialWith(ctx, a.String(), func(ctx context.Context) (net.Conn, error) { return Open(ctx, a, nil) }, qmp.Options{Mode: qmp.ModeQMP})
	if err != nil {
		t.Fatalf("dial %s: %v", name, err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

// nextEvent waits for the next event other than the ones libvirt's own
// monitor traffic may cause.
func nextEvent(t *testing.T, ctx context.Context, sub *qmp.Subscription) qmp.Event {
	t.Helper()
	ev, err := sub.Next(ctx)
	if err != nil {
		t.Fatalf("waiting for an event: %v", err)
	}
	return ev
}

func TestMonitorThroughLibvirt(t *testing.T) {
	name := libvirttest.Domain(t)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	c := dialDomain(t, ctx, name)

	if v := c.Greeting().Version; v.Major == 0 {
		t.Fatalf("greeting has no version: %s", c.Greeting().Raw)
	}
	if c.Greeting().Has("oob") {
		t.Error("greeting offers oob, which libvirt cannot pass")
	}
	sub := c.Subscribe(qmp.SubscribeOptions{})

	t.Run("ids come back", func(t *testing.T) {
		resp, err := c.Do(ctx, qmp.Request{Command: "query-status", ID: json.RawMessage(`{"mine":[1,2]}`)})
		if err != nil {
			t.Fatal(err)
		}
		if string(resp.ID) != `{"mine":[1,2]}` {
			t.Errorf("reply id = %s, want the request's", resp.ID)
		}
		if !strings.Contains(string(resp.Return), `"running"`) {
			t.Errorf("query-status = %s", resp.Return)
		}
	})

	t.Run("stop and cont give STOP and RESUME", func(t *testing.T) {
		for _, step := range []struct{ cmd, event string }{{"stop", "STOP"}, {"cont", "RESUME"}} {
			if _, err := c.Execute(ctx, step.cmd, nil); err != nil {
				t.Fatalf("%s: %v", step.cmd, err)
			}
			ev := nextEvent(t, ctx, sub)
			if ev.Name != step.event || ev.Data != nil || ev.Timestamp.IsZero() {
				t.Errorf("after %s: event %s data %s at %v, want %s without data, with a time", step.cmd, ev.Name, ev.Data, ev.Timestamp, step.event)
			}
		}
	})

	t.Run("event data is an object", func(t *testing.T) {
		if _, err := c.Execute(ctx, "system_reset", nil); err != nil {
			t.Fatal(err)
		}
		ev := nextEvent(t, ctx, sub)
		var data map[string]any
		if ev.Name != "RESET" || json.Unmarshal(ev.Data, &data) != nil || data["reason"] == nil {
			t.Errorf("after system_reset: %s", ev.Raw)
		}
	})

	t.Run("errors pass through", func(t *testing.T) {
		_, err := c.Execute(ctx, "no-such-command", nil)
		var qerr *qmp.Error
		if !errors.As(err, &qerr) || qerr.Class != "CommandNotFound" {
			t.Errorf("no-such-command: %v, want CommandNotFound", err)
		}
	})

	t.Run("hmp", func(t *testing.T) {
		out, err := c.Execute(ctx, "human-monitor-command", map[string]string{"command-line": "info status"})
		if err != nil || !strings.Contains(string(out), "VM status: running") {
			t.Errorf("info status = %s, %v", out, err)
		}
	})

	t.Run("schema", func(t *testing.T) {
		out, err := c.Execute(ctx, "query-qmp-schema", nil)
		var entries []map[string]any
		if err != nil || json.Unmarshal(out, &entries) != nil || len(entries) < 100 {
			t.Fatalf("query-qmp-schema: %d bytes, %v", len(out), err)
		}
	})
}

func TestShutOff(t *testing.T) {
	name := libvirttest.PersistentDomain(t)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	c := dialDomain(t, ctx, name)

	libvirttest.Virsh(t, "destroy", name)
	<-c.Done()
	var off *ShutOffError
	if !errors.As(c.Err(), &off) {
		t.Fatalf("after virsh destroy the connection ended with %v, want a ShutOffError", c.Err())
	}
	a := Address{Domain: name}
	if _, err := Open(ctx, a, nil); !errors.As(err, &off) {
		t.Fatalf("Open of a shut off domain: %v, want a ShutOffError", err)
	}

	started := make(chan error, 1)
	go func() { started <- WaitRunning(ctx, a, nil) }()
	libvirttest.Virsh(t, "start", name)
	if err := <-started; err != nil {
		t.Fatalf("WaitRunning: %v", err)
	}
	c = dialDomain(t, ctx, name)
	if _, err := c.Execute(ctx, "query-status", nil); err != nil {
		t.Fatalf("after virsh start: %v", err)
	}
}

func TestRunningDomains(t *testing.T) {
	a, b := libvirttest.Domain(t), libvirttest.Domain(t)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	names, err := RunningDomains(ctx, Address{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(names, a) || !slices.Contains(names, b) || !slices.IsSorted(names) {
		t.Errorf("RunningDomains = %v, want %s and %s among them, sorted", names, a, b)
	}
}
