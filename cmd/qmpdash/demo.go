package main

import (
	"os/signal"
	"syscall"

	"github.com/qmpdash/qmpdash/app/config"
	"github.com/qmpdash/qmpdash/app/guest"
	"github.com/qmpdash/qmpdash/app/session"
	"github.com/qmpdash/qmpdash/app/store"
	"github.com/qmpdash/qmpdash/views"
	"github.com/qmpdash/qmpdash/views/widget"
	"github.com/spf13/cobra"
)

func newDemoCommand(file *configFile) *cobra.Command {
	var qemu, preset, guestCache string
	cmd := &cobra.Command{
		Use:   "demo",
		Short: "Open the dashboard on three throwaway Linux guests that it starts and stops",
		Long: `Boot three small Linux guests under QEMU and open the dashboard on them:
"web" reads and writes its disk while a throttled mirror copies it (the
demo asks how far the job got every few seconds), and its guest agent is
the VM "web-agent" (try guest-get-osinfo there); "db" reads and writes its
disk; "batch" sets its clock now and then and has its balloon moved, and
"batch-in" waits for its live migration: press F9 to start it. The guest
(Debian's cloud kernel, busybox and qemu-ga) is built on first use into
qmpdash's cache with apt-get download. The VMs and their files are
removed on exit. Try L (layouts), ] and [ (VMs), a (all events), space
(mark VMs, then type query-status to broadcast), ? (help).`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := needTerminal(); err != nil {
				return err
			}
			km, configPath, warnings, err := loadKeys(file, preset)
			if err != nil {
				return err
			}
			ctx, stop := signal.NotifyContext(cmd.Context(), syscall.SIGTERM, syscall.SIGHUP)
			defer stop()
			settings := file.settings()
			template := settings.SessionFor(config.VM{}, config.SessionOverrides{}) // the demo VMs fill in the rest
			store.PaceCollector(template.EventLimits, template.CommandLimits)
			setup, err := newDemoSetup(ctx, guestCache)
			if err != nil {
				return err
			}
			defer setup.cleanup()
			fleet := session.NewFleet(ctx, session.FleetConfig{Template: template, MergedLimits: template.EventLimits})
			defer fleet.Close() // the QEMUs stop before their files go
			macros, err := startDemoVMs(ctx, fleet, qemu, setup)
			if err != nil {
				return err
			}
			history, err := historyStore(settings)
			if err != nil {
				warnings = append(warnings, err)
			}
			warnAll(fleet.Sessions()[0], append(warnings, addDemoMacros(km, macros)...))
			theme := widget.ThemeFromEnv()
			widget.ApplyTviewStyles(theme)
			return views.NewDashboard(fleet, views.Options{Theme: theme, History: history,
				Keymap: km, ConfigPath: configPath}).Run(ctx)
		},
	}
	cmd.Flags().StringVar(&qemu, "qemu", "qemu-system-x86_64", "the QEMU `PROGRAM` to run")
	cmd.Flags().StringVar(&guestCache, "guest-cache", guest.CacheDir(), "the `DIR` where the guest's packages and image are kept")
	registerKeymap(cmd, &preset)
	return cmd
}
