//go:build linux

package libvirt

import (
	"context"
	"net"
	"testing"
	"time"

	golibvirt "github.com/digitalocean/go-libvirt"
	"github.com/digitalocean/go-libvirt/socket/dialers"

	"github.com/qmpdash/qmpdash/app/transport/libvirt/libvirttest"
)

// TestGoLibvirtStillDropsEventsWithoutData documents why eventFilter
// exists: through go-libvirt's own SubscribeQEMUEvents, STOP and RESUME
// (no details) never arrive, so the first event after stop, cont and
// system_reset is RESET. When this test fails, go-libvirt has been fixed
// and eventFilter can go.
func TestGoLibvirtStillDropsEventsWithoutData(t *testing.T) {
	name := libvirttest.Domain(t)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	raw, err := net.Dial("unix", libvirttest.Socket)
	if err != nil {
		t.Fatal(err)
	}
	l := golibvirt.NewWithDialer(dialers.NewAlreadyConnected(raw))
	if err := l.ConnectToURI(golibvirt.QEMUSystem); err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	events, err := l.SubscribeQEMUEvents(ctx, name)
	if err != nil {
		t.Fatal(err)
	}
	for _, cmd := range []string{"stop", "cont", "system_reset"} {
		if _, err := l.Run(name, []byte(`{"execute":"`+cmd+`"}`)); err != nil {
			t.Fatalf("%s: %v", cmd, err)
		}
	}
	select {
	case ev := <-events:
		if ev.Event != "RESET" {
			t.Errorf("go-libvirt delivered %s first: it no longer drops events without data; remove eventFilter (see its comment)", ev.Event)
		}
	case <-ctx.Done():
		t.Fatal("go-libvirt delivered no event at all")
	}
}
