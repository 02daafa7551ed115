//go:build linux

package views

import (
	"strings"
	"testing"

	"github.com/gdamore/tcell/v2"
	"github.com/qmpdash/qmpdash/app/session"
	"github.com/qmpdash/qmpdash/app/transport"
	"github.com/qmpdash/qmpdash/keymap"
	"github.com/qmpdash/qmpdash/qmp/qmptest"
)

// startQEMUHarness runs the dashboard on the real QEMU p.
func startQEMUHarness(t *testing.T, p *qmptest.Process) *harness {
	h := startHarness(t, harnessOptions{config: session.Config{Addr: p.Socket, Protocol: transport.ProtocolQMP, NoDocs: true}})
	h.waitFor("the schema", func(string) bool { return h.s.Schema() != nil })
	return h
}

// TestQOMBrowserMachineNone opens the browser on a real QEMU with no
// machine and one iothread: the root shows /machine and /objects, and
// expanding /objects shows the iothread.
func TestQOMBrowserMachineNone(t *testing.T) {
	h := startQEMUHarness(t, qmptest.QEMU(t, "-object", "iothread,id=io0"))
	h.press(keymap.InputLeave)
	h.press(keymap.QOMShow)
	h.waitText("▸ machine  child<none-machine>")
	h.waitText(`type  string = "container"`)
	h.press(keymap.QOMDown) // chardevs
	h.press(keymap.QOMDown) // machine
	h.press(keymap.QOMDown) // objects
	h.press(keymap.QOMExpand)
	h.waitText("io0  child<iothread>")
}

// TestQOMBrowserQ35Peripheral opens /machine/peripheral of a real q35
// machine with a virtio-net-pci nic0, expands nic0 and goes to its mac
// by searching: its value shows once it is on screen.
func TestQOMBrowserQ35Peripheral(t *testing.T) {
	h := startQEMUHarness(t, qmptest.QEMU(t, "-machine", "q35", "-accel", "tcg", "-device", "virtio-net-pci,id=nic0"))
	h.typeText(":qom /machine/peripheral")
	h.press(keymap.InputSubmit)
	h.waitText("▸ nic0  child<virtio-net-pci>")
	h.press(keymap.QOMDown)
	h.press(keymap.QOMToggle)
	h.waitText(`parent_bus  link<bus> = "/machine/q35/pcie.0"`)
	h.press(keymap.QOMSearch)
	h.typeText("mac")
	h.key(tcell.KeyEnter)
	h.waitFor("nic0's mac selected", func(s string) bool {
		if strings.Contains(s, "QOM · /machine/peripheral/nic0/mac ") {
			return true
		}
		h.press(keymap.QOMNext)
		return false
	})
	h.waitText(`mac  str = "52:54:00:12:34:56"`)
}
