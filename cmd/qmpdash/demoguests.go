package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/qmpdash/qmpdash/app/cmdline"
	"github.com/qmpdash/qmpdash/app/guest"
	"github.com/qmpdash/qmpdash/app/session"
	"github.com/qmpdash/qmpdash/app/store"
	"github.com/qmpdash/qmpdash/app/transport"
	"github.com/qmpdash/qmpdash/keymap"
	"github.com/qmpdash/qmpdash/qmp"
	"github.com/qmpdash/qmpdash/views/headless"
)

// demoGuest is one of the demo's VMs: a real Linux guest (package guest)
// that keeps busy, plus what the demo asks of it through the dashboard's
// own send path once its monitor is up: setup once, then every in turn,
// one each period.
type demoGuest struct {
	name     string
	workload string
	// disk gives the guest a 32 MiB disk (node "NAME-disk") and an empty
	// copy of it (node "NAME-copy") to mirror it to.
	disk bool
	// agent makes the guest agent reachable as the VM "NAME-agent".
	agent bool
	// incoming starts a second QEMU, "NAME-in", waiting for this one's
	// live migration, which the demo's macro starts.
	incoming bool
	setup    []string
	every    []string
	period   time.Duration
}

// demoGuests are web (reads and writes its disk, which is full of data and
// mirrored to a copy, throttled, and the job's progress is asked for every
// few seconds; its guest agent is the VM web-agent), db (reads and writes
// its disk) and batch (sets its clock now and then, its balloon is moved,
// and batch-in waits for its live migration).
var demoGuests = []demoGuest{
	{name: "web", workload: guest.WorkloadDisk, disk: true, agent: true,
		setup:  []string{"blockdev-mirror job-id=mirror0 device=web-disk target=web-copy sync=full speed=524288"},
		every:  []string{"query-block-jobs"},
		period: 5 * time.Second},
	{name: "db", workload: guest.WorkloadDisk, disk: true},
	{name: "batch", workload: guest.WorkloadClock, incoming: true,
		setup:  []string{`migrate-set-capabilities capabilities=[{"capability": "events", "state": true}]`},
		every:  []string{"balloon value=201326592", "balloon value=234881024"},
		period: 8 * time.Second},
}

// demoDiskSize is the size of each demo disk: the throttled mirror copies
// one in about a minute.
const demoDiskSize = 32 << 20

// migrateKey starts batch's live migration to batch-in.
const migrateKey = "f9"

// demoSetup is what the demo's VMs share: the guest image and a private
// directory for disks, consoles and sockets, removed by cleanup.
type demoSetup struct {
	img *guest.Image
	dir string
}

// newDemoSetup builds the guest image in cacheDir, or finds it there.
func newDemoSetup(ctx context.Context, cacheDir string) (*demoSetup, error) {
	img, err := guest.Build(ctx, cacheDir)
	if err != nil {
		return nil, &headless.ExitError{Code: headless.ExitConnection, Err: fmt.Errorf("the demo needs its guest: %w", err)}
	}
	dir, err := os.MkdirTemp("", "qmpdash-demo-")
	if err != nil {
		return nil, err
	}
	return &demoSetup{img: img, dir: dir}, nil
}

// cleanup removes the demo's files; the fleet stops the QEMUs first.
func (d *demoSetup) cleanup() { os.RemoveAll(d.dir) }

// args is the QEMU command line of a demo guest; console names its
// console file.
func (d *demoSetup) args(g demoGuest, console string) ([]string, error) {
	m := guest.Machine{Name: "qmpdash-demo-" + g.name, Console: filepath.Join(d.dir, console), Workload: g.workload,
		Extra: []string{"-device", "virtio-balloon-pci,id=balloon0"}}
	if g.agent {
		m.AgentSocket = filepath.Join(d.dir, g.name+".qga")
	}
	if g.disk {
		for _, node := range []string{"disk", "copy"} {
			file := filepath.Join(d.dir, g.name+"-"+node+".raw")
			// The disk is full of data, which a mirror copies at its
			// speed (zeros it would skip); the copy starts empty.
			data := bytes.Repeat([]byte{0x5a}, demoDiskSize)
			if node == "copy" {
				data = nil
			}
			if err := os.WriteFile(file, data, 0o600); err != nil {
				return nil, err
			}
			if err := os.Truncate(file, demoDiskSize); err != nil {
				return nil, err
			}
			m.Extra = append(m.Extra, "-blockdev", fmt.Sprintf(`{"driver":"raw","node-name":"%s-%s","file":{"driver":"file","filename":%q}}`, g.name, node, file))
		}
		m.Extra = append(m.Extra, "-device", "virtio-blk-pci,drive="+g.name+"-disk,id="+g.name+"-vda")
	}
	return d.img.Args(m), nil
}

// migrationURI is where g's migration destination listens.
func (d *demoSetup) migrationURI(g demoGuest) string {
	return "unix:" + filepath.Join(d.dir, g.name+".migrate")
}

// startDemoVMs starts the demo's guests and adds them to the fleet (which
// stops them on exit); their workloads run until ctx ends. It returns the
// macros that go with them.
func startDemoVMs(ctx context.Context, fleet *session.Fleet, qemu string, d *demoSetup) ([]keymap.Macro, error) {
	var macros []keymap.Macro
	for _, g := range demoGuests {
		args, err := d.args(g, g.name+".console")
		if err != nil {
			return nil, err
		}
		s, err := launchDemoVM(ctx, fleet, qemu, g.name, args, g.incoming)
		if err != nil {
			return nil, err
		}
		s.SetBooting(true)
		go d.watchBoot(ctx, fleet, s, g)
		go driveDemo(ctx, s, g)
		if g.incoming {
			in, err := d.args(g, g.name+"-in.console")
			if err != nil {
				return nil, err
			}
			if _, err := launchDemoVM(ctx, fleet, qemu, g.name+"-in", append(in, "-incoming", d.migrationURI(g)), false); err != nil {
				return nil, err
			}
			key, err := keymap.Parse(migrateKey)
			if err != nil {
				return nil, err
			}
			macros = append(macros, keymap.Macro{Key: key, Run: []string{"migrate uri=" + d.migrationURI(g)}, Targets: []string{g.name}})
		}
	}
	return macros, nil
}

// watchBoot clears a guest's booting state once its console says it is
// up, and then adds its guest agent, if it has one, to the fleet: before,
// the agent could not answer.
func (d *demoSetup) watchBoot(ctx context.Context, fleet *session.Fleet, s *session.Session, g demoGuest) {
	if guest.WaitReady(ctx, filepath.Join(d.dir, g.name+".console")) != nil {
		return
	}
	s.SetBooting(false)
	if g.agent {
		cfg := fleet.Template()
		cfg.Name, cfg.Addr, cfg.Protocol = g.name+"-agent", filepath.Join(d.dir, g.name+".qga"), transport.ProtocolGuestAgent
		if err := fleet.Add(session.New(cfg)); err != nil {
			s.Notices.Add(store.Warning, "demo: the guest agent: "+err.Error())
		}
	}
}

// launchDemoVM starts one QEMU and adds it to the fleet. The source of the
// demo's migration does not ask before migrating: a macro starts it, and
// macros send nothing that asks.
func launchDemoVM(ctx context.Context, fleet *session.Fleet, qemu, name string, args []string, migrates bool) (*session.Session, error) {
	p, err := session.StartQEMU(ctx, qemu, args, 1)
	if err != nil {
		return nil, &headless.ExitError{Code: headless.ExitConnection, Err: fmt.Errorf("the demo needs QEMU: %w", err)}
	}
	cfg := fleet.Template()
	cfg.Name, cfg.Addr, cfg.Protocol = name, p.Sockets[0], transport.ProtocolQMP
	if migrates {
		cfg.Policy.Confirm = slices.DeleteFunc(slices.Clone(cfg.Policy.Confirm), func(c string) bool { return c == "migrate" })
	}
	s := session.New(cfg)
	if err := fleet.AddLaunched(s, p); err != nil {
		p.Stop()
		return nil, err
	}
	return s, nil
}

// driveDemo sends a guest's setup lines once its monitor is up, then its
// periodic lines in turn while it runs, through the session as if typed,
// until ctx ends.
func driveDemo(ctx context.Context, s *session.Session, g demoGuest) {
	if len(g.setup) == 0 && len(g.every) == 0 {
		return
	}
	tick := time.NewTicker(100 * time.Millisecond)
	defer tick.Stop()
	for s.State().Conn != qmp.StateReady || s.Schema() == nil {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
	for _, text := range g.setup {
		sendDemoLine(s, text)
	}
	if len(g.every) == 0 {
		return
	}
	tick.Reset(g.period)
	for i := 0; ; i++ {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
			// A VM that has migrated away or was stopped is left alone.
			if s.State().RunState == "running" {
				sendDemoLine(s, g.every[i%len(g.every)])
			}
		}
	}
}

// sendDemoLine sends one line; a failure shows in the VM's messages.
func sendDemoLine(s *session.Session, text string) {
	line, err := cmdline.Parse(text)
	if err == nil {
		_, err = s.Send(line, text)
	}
	if err != nil {
		s.Notices.Add(store.Warning, "demo: "+strings.TrimSpace(text)+": "+err.Error())
	}
}

// addDemoMacros adds the demo's macros to the keys, unless the user's
// configuration already uses their keys.
func addDemoMacros(km *keymap.Keymap, macros []keymap.Macro) []error {
	table, problems := keymap.Customize(km.Bindings(), nil, macros)
	km.SetBindings(table)
	errs := make([]error, len(problems))
	for i, p := range problems {
		errs[i] = fmt.Errorf("demo macro: %w", p)
	}
	return errs
}
