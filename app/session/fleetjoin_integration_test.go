//go:build linux

package session

import (
	"context"
	"testing"

	"github.com/qmpdash/qmpdash/app/transport"
	"github.com/qmpdash/qmpdash/app/transport/libvirt/libvirttest"
	"github.com/qmpdash/qmpdash/qmp/qmptest"
)

// A domain started while the dashboard watches libvirt:///system joins
// the fleet, and one already there is not added twice.
func TestFleetJoinsStartedDomain(t *testing.T) {
	first := libvirttest.Domain(t)
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	f := NewFleet(ctx, FleetConfig{})
	t.Cleanup(f.Close)
	if err := f.Add(New(Config{Name: first, Addr: "libvirt:///system/" + first, NoDocs: true})); err != nil {
		t.Fatal(err)
	}
	f.JoinStarted(ctx, "libvirt:///system", transport.Dialer{}, func(addr string) (Config, error) {
		return Config{Name: addr[len("libvirt:///system/"):], Addr: addr, NoDocs: true}, nil
	})
	later := libvirttest.Domain(t)
	qmptest.Eventually(t, "the later domain joined", func() bool { s := f.Session(later); return s != nil && s.State().Ready() })
	n := 0
	for _, s := range f.Sessions() {
		if s.State().Addr == "libvirt:///system/"+first {
			n++
		}
	}
	if n != 1 {
		t.Errorf("%d sessions watch %s, want 1", n, first)
	}
}
