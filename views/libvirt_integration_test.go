//go:build linux

package views

import (
	"strings"
	"testing"

	"github.com/qmpdash/qmpdash/app/session"
	"github.com/qmpdash/qmpdash/app/transport"
	"github.com/qmpdash/qmpdash/app/transport/libvirt/libvirttest"
	"github.com/qmpdash/qmpdash/keymap"
)

// The dashboard on a libvirt domain asks, naming the custom-monitor
// taint, before the first command that is not a query, and not again.
func TestDashboardConfirmsFirstLibvirtPassthrough(t *testing.T) {
	name := libvirttest.Domain(t)
	h := startHarness(t, harnessOptions{config: session.Config{Addr: "libvirt:///system/" + name, Protocol: transport.ProtocolQMP, NoDocs: true}})
	s := h.s
	h.waitFor("connected", func(string) bool { return s.State().RunState == "running" })

	h.typeText("stop")
	h.press(keymap.InputSubmit)
	h.waitText("custom-monitor")
	h.waitText("Asked once for this domain")
	h.typeText("y")
	h.waitFor("paused", func(string) bool { return s.State().RunState == "paused" })

	h.typeText("cont")
	h.press(keymap.InputSubmit)
	h.waitFor("running again without a question", func(screen string) bool {
		if strings.Contains(screen, "Asked once for this domain") {
			t.Fatal("the second command was asked about again")
		}
		return s.State().RunState == "running"
	})
}
