//go:build linux

package guest_test

import (
	"encoding/json"
	"strconv"
	"strings"
	"testing"

	"github.com/qmpdash/qmpdash/app/cmdline"
	"github.com/qmpdash/qmpdash/app/guest"
	"github.com/qmpdash/qmpdash/app/guest/guesttest"
	"github.com/qmpdash/qmpdash/app/store"
	"github.com/qmpdash/qmpdash/app/transport"
	"github.com/tidwall/gjson"
)

// The cases below share booted guests, since a boot costs seconds of TCG:
// one guest for every event it survives and for the agent's commands,
// shut down by the agent at the end; one more for the panic.

// flakySector is where the blkdebug rule of the flaky disk fails a read,
// once: far from where the kernel's partition scan reads at boot.
const flakySector = 40000

// eventDevices are the devices behind the events of TestGuestEvents.
var eventDevices = []string{
	// A virtio device on a hotplug-capable port, to unplug.
	"-device", "pcie-root-port,id=rp1,chassis=1,slot=1",
	"-device", "virtio-rng-pci,id=rng0,bus=rp1",
	"-device", "virtio-balloon-pci,id=balloon0",
	// A watchdog whose expiry only reports (WATCHDOG) and acts not.
	"-device", "i6300esb", "-action", "watchdog=none",
	// A disk whose one read of flakySector fails; read errors stop the
	// VM. blkdebug's rules arm on events its parent reports (read_aio
	// from the raw format driver), so raw sits on top.
	"-blockdev", `{"driver":"raw","node-name":"flaky","file":{"driver":"blkdebug",` +
		`"inject-error":[{"event":"read_aio","errno":5,"sector":40000,"once":true}],` +
		`"image":{"driver":"null-co","size":67108864,"read-zeroes":true}}}`,
	"-device", "virtio-blk-pci,drive=flaky,id=disk0,rerror=stop,werror=stop",
}

func TestGuestEvents(t *testing.T) {
	g := guesttest.Start(t, guest.Machine{Name: "qmpdash-test-events", Extra: eventDevices}, true)
	vm := watch(t, "vm", g.Socket, transport.ProtocolQMP)
	vm.send(t, "cont")
	g.WaitReady(t)
	ga := watch(t, "agent", g.Agent, transport.ProtocolGuestAgent)

	t.Run("RTC_CHANGE after hwclock -w", func(t *testing.T) {
		from := vm.mark()
		if code, out := run(t, ga, "hwclock -w"); code != 0 {
			t.Fatalf("hwclock -w: exit %d: %s", code, out)
		}
		vm.event(t, from, "RTC_CHANGE", "offset=", "qom-path=")
	})
	t.Run("BALLOON_CHANGE after balloon", func(t *testing.T) {
		from := vm.mark()
		vm.send(t, "balloon value=201326592")
		vm.event(t, from, "BALLOON_CHANGE", "actual=201326592")
	})
	t.Run("DEVICE_DELETED after the guest lets go", func(t *testing.T) {
		from := vm.mark()
		vm.send(t, "device_del id=rng0")
		vm.event(t, from, "DEVICE_DELETED", "device=rng0", "path=/machine/peripheral/rng0")
	})
	t.Run("WATCHDOG left unfed", func(t *testing.T) {
		from := vm.mark()
		if code, out := run(t, ga, "esb-arm"); code != 0 {
			t.Fatalf("esb-arm: exit %d: %s", code, out)
		}
		vm.event(t, from, "WATCHDOG", "action=none")
	})
	t.Run("BLOCK_IO_ERROR stops the VM", func(t *testing.T) {
		from := vm.mark()
		// The read never completes while the VM is stopped: do not wait
		// for the command.
		start(t, ga, "dd if=/dev/vda of=/dev/null bs=512 count=8 iflag=direct skip="+strconv.Itoa(flakySector))
		vm.event(t, from, "BLOCK_IO_ERROR", "node-name=flaky", "operation=read", "action=stop")
		vm.event(t, from, "STOP")
		vm.until(t, "run state io-error", func() bool { return vm.s.State().RunState == "io-error" })
		if st := reply(vm.send(t, "query-status")).Get("status").String(); st != "io-error" {
			t.Fatalf("query-status says %q", st)
		}
		from = vm.mark()
		vm.send(t, "cont") // the rule fired once: the retried read succeeds
		vm.event(t, from, "RESUME")
		vm.until(t, "run state running", func() bool { return vm.s.State().RunState == "running" })
	})
	t.Run("agent: guest-get-osinfo", func(t *testing.T) {
		r := reply(ga.send(t, "guest-get-osinfo"))
		if got := r.Get("kernel-release").String(); got != g.Image.KernelRelease {
			t.Errorf("kernel-release %q, want %q", got, g.Image.KernelRelease)
		}
		if got := r.Get("id").String(); got != "qmpdash-guest" {
			t.Errorf("id %q", got)
		}
	})
	t.Run("agent: guest-exec output", func(t *testing.T) {
		code, out := run(t, ga, "uname -r; echo oops >&2; exit 3")
		if code != 3 || out != g.Image.KernelRelease+"\n" {
			t.Errorf("exit %d, output %q", code, out)
		}
	})
	t.Run("agent: guest-file-open, read, close", func(t *testing.T) {
		h := reply(ga.send(t, `guest-file-open path=/etc/os-release mode=r`)).Int()
		r := reply(ga.send(t, "guest-file-read handle="+strconv.FormatInt(h, 10)+" count=4096"))
		if text := decoded(t, r, "buf-b64"); !strings.Contains(text, "ID=qmpdash-guest") || !r.Get("eof").Bool() {
			t.Errorf("read %q, eof %v", text, r.Get("eof"))
		}
		ga.send(t, "guest-file-close handle="+strconv.FormatInt(h, 10))
		if e := ga.try(t, "guest-file-close handle="+strconv.FormatInt(h, 10)); e.Status != store.Failed {
			t.Errorf("closing twice: %s", e.Status)
		}
	})
	t.Run("agent: guest-fsfreeze-status", func(t *testing.T) {
		if st := reply(ga.send(t, "guest-fsfreeze-status")).String(); st != "thawed" {
			t.Errorf("fsfreeze status %q", st)
		}
	})
	t.Run("SHUTDOWN guest=true after guest-shutdown", func(t *testing.T) {
		from := vm.mark()
		// The agent powers off before it answers: no reply is expected.
		line := "guest-shutdown mode=powerdown"
		sendOnly(t, ga, line)
		vm.event(t, from, "SHUTDOWN", "guest=true", "reason=guest-shutdown")
		<-g.Exited()
	})
}

func TestGuestPanic(t *testing.T) {
	g := guesttest.Start(t, guest.Machine{Name: "qmpdash-test-panic",
		Extra: []string{"-device", "pvpanic", "-action", "panic=pause"}}, true)
	vm := watch(t, "vm", g.Socket, transport.ProtocolQMP)
	vm.send(t, "cont")
	g.WaitReady(t)
	ga := watch(t, "agent", g.Agent, transport.ProtocolGuestAgent)
	from := vm.mark()
	// In the background, so that the agent answers before the guest dies.
	start(t, ga, "(sleep 1; echo c >/proc/sysrq-trigger) &")
	vm.event(t, from, "GUEST_PANICKED", "action=pause")
	vm.until(t, "run state guest-panicked", func() bool { return vm.s.State().RunState == "guest-panicked" })
	if st := reply(vm.send(t, "query-status")).Get("status").String(); st != "guest-panicked" {
		t.Fatalf("query-status says %q", st)
	}
}

// start starts a shell command in the guest through the agent and returns
// its pid.
func start(t *testing.T, ga *watched, script string) int64 {
	t.Helper()
	arg, _ := json.Marshal([]string{"-c", script})
	return reply(ga.send(t, "guest-exec path=/bin/sh arg="+string(arg)+" capture-output=true")).Get("pid").Int()
}

// run runs a shell command in the guest and returns its exit code and its
// standard output, decoded.
func run(t *testing.T, ga *watched, script string) (int, string) {
	t.Helper()
	pid := start(t, ga, script)
	var st gjson.Result
	ga.until(t, "the guest command to exit", func() bool {
		st = reply(ga.send(t, "guest-exec-status pid="+strconv.FormatInt(pid, 10)))
		return st.Get("exited").Bool()
	})
	return int(st.Get("exitcode").Int()), decoded(t, st, "out-data")
}

// sendOnly sends a command line and does not wait for its reply.
func sendOnly(t *testing.T, w *watched, text string) {
	t.Helper()
	line, err := cmdline.Parse(text)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.s.Send(line, text); err != nil {
		t.Fatal(err)
	}
}
