package main

import (
	"context"
	"fmt"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"

	"github.com/qmpdash/qmpdash/app"
	"github.com/qmpdash/qmpdash/docs"
	"github.com/qmpdash/qmpdash/qmp"
	"github.com/qmpdash/qmpdash/views"
	"github.com/spf13/cobra"
)

// demoVMs are three small machines that need no disk image: TCG, 64 MiB,
// no devices; their firmware finds nothing to boot and idles. Each gets a
// second monitor that the demo drives to keep events flowing.
var demoVMs = []struct {
	name string
	// steps are sent in turn through the driving monitor, one every
	// period; none means the VM is left alone.
	steps  []string
	period time.Duration
}{
	{"web", []string{"stop", "cont"}, 3 * time.Second},
	{"db", nil, 0},
	{"batch", []string{"system_reset"}, 5 * time.Second},
}

// demoArgs is the QEMU command line of a demo VM.
func demoArgs(name string) []string {
	return []string{"-machine", "q35", "-accel", "tcg", "-m", "64", "-nodefaults", "-display", "none", "-name", "qmpdash-demo-" + name}
}

func newDemoCommand() *cobra.Command {
	var qemu, preset string
	cmd := &cobra.Command{
		Use:   "demo",
		Short: "Open the dashboard on three throwaway QEMU VMs that it starts and stops",
		Long: `Start three small QEMU VMs (no disk image needed) and open the dashboard on
all of them: "web" is paused and resumed every few seconds, "batch" is
reset now and then, "db" is left alone. The VMs and their sockets are
removed on exit. Try L (layouts), ] and [ (VMs), a (all events), space
and * (mark VMs, then type query-status to broadcast), ? (help).`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			km, configPath, warnings, err := loadKeys(preset)
			if err != nil {
				return err
			}
			ctx, stop := signal.NotifyContext(cmd.Context(), syscall.SIGTERM, syscall.SIGHUP)
			defer stop()
			safety := safetyConfig()
			template := app.SessionConfig{Policy: app.Policy{Confirm: safety.ConfirmList()},
				Cache: &docs.Cache{Dir: filepath.Join(app.CacheDir(), "schema")}}
			template.CommandTimeout, template.Timeouts = safety.CommandTimeouts()
			template.EventLimits, template.CommandLimits = safety.MemoryLimits()
			fleet := app.NewFleet(ctx, app.FleetConfig{Template: template, MergedLimits: template.EventLimits})
			defer fleet.Close()
			if err := startDemoVMs(ctx, fleet, qemu); err != nil {
				return err
			}
			warnAll(fleet.Sessions()[0], warnings)
			theme := views.ThemeFromEnv()
			views.ApplyTviewStyles(theme)
			return views.NewDashboard(fleet, views.Options{Theme: theme, History: historyStore(safety),
				Keymap: km, ConfigPath: configPath}).Run(ctx)
		},
	}
	cmd.Flags().StringVar(&qemu, "qemu", "qemu-system-x86_64", "the QEMU `PROGRAM` to run")
	registerKeymap(cmd, &preset)
	return cmd
}

// startDemoVMs starts the demo's VMs, adds them to the fleet (which stops
// them on exit) and drives their second monitors until ctx ends.
func startDemoVMs(ctx context.Context, fleet *app.Fleet, qemu string) error {
	for _, vm := range demoVMs {
		p, err := app.StartQEMU(ctx, qemu, demoArgs(vm.name), 2)
		if err != nil {
			return &exitError{code: exitConnection, err: fmt.Errorf("the demo needs QEMU: %w", err)}
		}
		cfg := fleet.Template()
		cfg.Name, cfg.Addr, cfg.Protocol = vm.name, p.Sockets[0], app.ProtocolQMP
		if err := fleet.AddLaunched(app.NewSession(cfg), p); err != nil {
			p.Stop()
			return err
		}
		if len(vm.steps) > 0 {
			go driveDemo(ctx, p.Sockets[1], vm.steps, vm.period)
		}
	}
	return nil
}

// driveDemo sends steps in turn through a VM's second monitor, one every
// period, until ctx ends or the VM goes away.
func driveDemo(ctx context.Context, sock string, steps []string, period time.Duration) {
	c, err := qmp.Redial(ctx, sock, qmp.Options{}, qmp.Backoff{Initial: 50 * time.Millisecond, Max: time.Second}, nil)
	if err != nil {
		return
	}
	defer c.Close()
	t := time.NewTicker(period)
	defer t.Stop()
	for i := 0; ; i++ {
		select {
		case <-ctx.Done():
			return
		case <-c.Done():
			return
		case <-t.C:
			c.Execute(ctx, steps[i%len(steps)], nil)
		}
	}
}
