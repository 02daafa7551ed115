//go:build linux

package session

import (
	"testing"

	"github.com/qmpdash/qmpdash/app/transport"
	"github.com/qmpdash/qmpdash/app/transport/libvirt/libvirttest"
	"github.com/qmpdash/qmpdash/qmp"
)

// A destroyed domain shows "shut off" without reconnection attempts, and
// the session comes back by itself when the domain starts.
func TestSessionWaitsForShutOffDomain(t *testing.T) {
	name := libvirttest.PersistentDomain(t)
	s := runRemoteSession(t, "libvirt:///system/"+name, transport.Dialer{})
	eventually(t, "connected", func() bool { return s.State().RunState == "running" })
	sendQueryStatus(t, s)

	libvirttest.Virsh(t, "destroy", name)
	eventually(t, "shut off", func() bool { return s.State().ShutOff })
	if st := s.State(); st.Conn != qmp.StateClosed || !st.RetryAt.IsZero() {
		t.Errorf("shut off: conn %v, retry at %v; want closed and no retry planned", st.Conn, st.RetryAt)
	}

	libvirttest.Virsh(t, "start", name)
	eventually(t, "back after virsh start", func() bool { return s.State().Ready() && !s.State().ShutOff })
	sendQueryStatus(t, s)
}
