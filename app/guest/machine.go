package guest

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"strconv"
	"time"
)

// Machine is what a guest's QEMU has besides the image: Args turns it into
// a command line.
type Machine struct {
	// Name is the QEMU -name.
	Name string
	// MemoryMiB is the guest's memory (0: 256).
	MemoryMiB int
	// Console, if set, is a file the guest's serial console is written
	// to; WaitReady reads it.
	Console string
	// AgentSocket, if set, is a UNIX socket QEMU listens on for the
	// guest agent, which the guest starts on a virtio-serial port named
	// org.qemu.guest_agent.0.
	AgentSocket string
	// Workload is what the guest does once booted (see the Workload
	// constants); empty: nothing.
	Workload string
	// Extra are further QEMU arguments: devices, disks, -action.
	Extra []string
}

// The workloads the guest's /init knows.
const (
	// WorkloadDisk reads and writes the first virtio disk (/dev/vda) in
	// a loop.
	WorkloadDisk = "disk"
	// WorkloadClock sets the RTC (hwclock -w) every few seconds, which
	// QEMU reports as RTC_CHANGE.
	WorkloadClock = "clock"
)

// ReadyLine starts the line the guest prints on its console when user
// space is up: the modules are loaded and the agent, if any, started.
const ReadyLine = "qmpdash-guest: ready"

// Args returns the QEMU command line that boots img as m says, without
// the monitors: q35, TCG (these machines have no KVM), no default
// devices, no display.
func (img *Image) Args(m Machine) []string {
	mem := m.MemoryMiB
	if mem == 0 {
		mem = 256
	}
	appendLine := "console=ttyS0 quiet panic=-1"
	if m.Workload != "" {
		appendLine += " qmpdash.workload=" + m.Workload
	}
	args := []string{"-machine", "q35", "-accel", "tcg", "-m", strconv.Itoa(mem), "-nodefaults", "-display", "none",
		"-kernel", img.Kernel, "-initrd", img.Initrd, "-append", appendLine}
	if m.Name != "" {
		args = append(args, "-name", m.Name)
	}
	if m.Console != "" {
		args = append(args, "-serial", "file:"+m.Console)
	}
	if m.AgentSocket != "" {
		args = append(args, "-chardev", "socket,path="+m.AgentSocket+",server=on,wait=off,id=qga0",
			"-device", "virtio-serial-pci,id=vser0",
			"-device", "virtserialport,bus=vser0.0,chardev=qga0,name=org.qemu.guest_agent.0")
	}
	return append(args, m.Extra...)
}

// WaitReady waits until the console file shows the guest's ready line,
// or ctx ends.
func WaitReady(ctx context.Context, console string) error {
	tick := time.NewTicker(50 * time.Millisecond)
	defer tick.Stop()
	for {
		if b, err := os.ReadFile(console); err == nil && bytes.Contains(b, []byte(ReadyLine)) {
			return nil
		}
		select {
		case <-ctx.Done():
			b, _ := os.ReadFile(console)
			return fmt.Errorf("the guest did not come up: %w; its console said:\n%s", ctx.Err(), lastLines(b))
		case <-tick.C:
		}
	}
}
