package qom

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/qmpdash/qmpdash/app/session"
	"github.com/qmpdash/qmpdash/app/transport"
	"github.com/qmpdash/qmpdash/qmp"
	"github.com/qmpdash/qmpdash/qmp/qmptest"
)

// connect runs a session to the QEMU at sock until the test ends.
func connect(t *testing.T, sock string) *session.Session {
	s := session.New(session.Config{Addr: sock, Protocol: transport.ProtocolQMP, NoDocs: true,
		Keepalive: -1, Backoff: qmp.Backoff{Initial: time.Hour}})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { s.Run(ctx); close(done) }()
	t.Cleanup(func() { cancel(); <-done })
	qmptest.Eventually(t, "the connection", func() bool { return s.State().Ready() })
	return s
}

// names are the names of rows at depth 1.
func names(rows []Row) []string {
	var n []string
	for _, r := range rows {
		if r.Depth == 1 {
			n = append(n, r.Name)
		}
	}
	return n
}

// TestQEMUMachineNone loads the root of a real QEMU with no machine and
// one user-created object: the root holds /machine and /objects, its type
// reads "container", and /objects holds the iothread.
func TestQEMUMachineNone(t *testing.T) {
	p := qmptest.QEMU(t, "-object", "iothread,id=io0")
	m := New(connect(t, p.Socket), Limits{}, nil)
	if err := m.LoadDepth(context.Background(), "/", 1); err != nil {
		t.Fatal(err)
	}
	rows := m.Subtree("/", 1)
	for _, want := range []string{"machine", "objects", "type"} {
		if !slices.Contains(names(rows), want) {
			t.Errorf("the root lacks %s: %q", want, names(rows))
		}
	}
	if got := valued(m)["/type"]; got != `"container"` {
		t.Errorf("/type = %q", got)
	}
	if err := m.Load(context.Background(), "/objects"); err != nil {
		t.Fatal(err)
	}
	if got := m.Subtree("/objects", 1); !slices.Equal(names(got), []string{"io0", "type"}) {
		t.Errorf("/objects holds %q", names(got))
	}
}

// TestQEMUQ35Peripheral expands /machine/peripheral of a q35 machine with
// a virtio-net-pci nic0 and reads nic0's properties: its MAC address and
// its link to the PCI bus among them.
func TestQEMUQ35Peripheral(t *testing.T) {
	p := qmptest.QEMU(t, "-machine", "q35", "-accel", "tcg", "-device", "virtio-net-pci,id=nic0")
	m := New(connect(t, p.Socket), Limits{}, nil)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go m.Run(ctx)
	m.Expand("/")
	m.Reveal("/machine/peripheral/nic0", false)
	qmptest.Eventually(t, "nic0 visible", func() bool {
		return slices.ContainsFunc(m.Rows(), func(r Row) bool { return r.Path == "/machine/peripheral/nic0" })
	})
	if err := m.LoadDepth(ctx, "/machine/peripheral/nic0", 1); err != nil {
		t.Fatal(err)
	}
	v := valued(m)
	if mac := v["/machine/peripheral/nic0/mac"]; len(mac) != len(`"52:54:00:12:34:56"`) {
		t.Errorf("nic0's mac = %q", mac)
	}
	var bus Row
	for _, r := range m.Subtree("/machine/peripheral/nic0", 1) {
		if r.Name == "virtio-backend" {
			bus = r
		}
	}
	if bus.Kind != Object {
		t.Errorf("nic0's virtio-backend is %+v, want a child object", bus)
	}
	if m.Refused() != 0 {
		t.Errorf("%d nodes refused", m.Refused())
	}
}
