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

// demoVM is a small machine that needs no disk image: TCG, 64 MiB, no
// devices; its firmware finds nothing to boot and idles.
var demoVM = []string{"-machine", "q35", "-accel", "tcg", "-m", "64", "-nodefaults", "-display", "none", "-name", "qmpdash-demo"}

func newDemoCommand() *cobra.Command {
	var qemu, preset string
	cmd := &cobra.Command{
		Use:   "demo",
		Short: "Open the dashboard on a throwaway QEMU VM that it starts and stops",
		Long: `Start a small QEMU VM (no disk image needed), open the dashboard on it, and
keep events flowing by pausing, resuming and resetting it from a second
monitor now and then. The VM and its sockets are removed on exit.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			km, configPath, warnings, err := loadKeys(preset)
			if err != nil {
				return err
			}
			ctx, stop := signal.NotifyContext(cmd.Context(), syscall.SIGTERM, syscall.SIGHUP)
			defer stop()
			vm, err := app.StartQEMU(ctx, qemu, demoVM, 2)
			if err != nil {
				return &exitError{code: exitConnection, err: fmt.Errorf("the demo needs QEMU: %w", err)}
			}
			defer vm.Stop()
			go driveDemo(ctx, vm.Sockets[1])
			s := app.NewSession(app.SessionConfig{Name: "demo", Addr: vm.Sockets[0], Protocol: app.ProtocolQMP,
				Cache: &docs.Cache{Dir: filepath.Join(app.CacheDir(), "schema")}})
			warnAll(s, warnings)
			go s.Run(ctx)
			theme := views.ThemeFromEnv()
			views.ApplyTviewStyles(theme)
			return views.New(s, views.Options{Theme: theme, History: app.History{Path: app.DefaultHistoryPath()},
				Keymap: km, ConfigPath: configPath}).Run(ctx)
		},
	}
	cmd.Flags().StringVar(&qemu, "qemu", "qemu-system-x86_64", "the QEMU `PROGRAM` to run")
	registerKeymap(cmd, &preset)
	return cmd
}

// driveDemo pauses and resumes the VM every few seconds and resets it now
// and then, through its own monitor, until ctx ends.
func driveDemo(ctx context.Context, sock string) {
	c, err := qmp.Redial(ctx, sock, qmp.Options{}, qmp.Backoff{Initial: 50 * time.Millisecond, Max: time.Second}, nil)
	if err != nil {
		return
	}
	defer c.Close()
	steps := []string{"stop", "cont", "stop", "cont", "system_reset"}
	t := time.NewTicker(3 * time.Second)
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
