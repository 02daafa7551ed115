package main

import (
	"os/signal"
	"path/filepath"
	"syscall"

	"github.com/qmpdash/qmpdash/app/paths"
	"github.com/qmpdash/qmpdash/app/session"
	"github.com/qmpdash/qmpdash/app/store"
	"github.com/qmpdash/qmpdash/docs"
	"github.com/qmpdash/qmpdash/views"
	"github.com/qmpdash/qmpdash/views/headless"
	"github.com/qmpdash/qmpdash/views/widget"
	"github.com/spf13/cobra"
)

func newViewCommand(file *configFile) *cobra.Command {
	var (
		mouse  bool
		preset string
		src    session.DocSources
	)
	cmd := &cobra.Command{
		Use:   "view [flags] FILE...",
		Short: "Open the dashboard read-only on recorded session logs",
		Long: `Open the dashboard on session logs written with --log (or :save): events,
commands with their replies and latencies, filters, view modes and the docs
overlay work as on a live monitor, and each VM a log records is one VM of
the dashboard; nothing can be sent. Give rotated logs
oldest first (log.2 log.1 log). A line that cannot be read is skipped and
listed in the messages.`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, files []string) error {
			if err := needTerminal(); err != nil {
				return err
			}
			km, configPath, warnings, err := loadKeys(file, preset)
			if err != nil {
				return err
			}
			events, commands := file.settings().MemoryLimits()
			store.PaceCollector(events, commands)
			sessions, err := session.LoadRecording(session.RecordingOptions{Docs: src, EventLimits: events, CommandLimits: commands,
				Cache: &docs.Cache{Dir: filepath.Join(paths.CacheDir(), "schema")}}, files...)
			if err != nil {
				return &headless.ExitError{Code: headless.ExitUsage, Err: err}
			}
			warnAll(sessions[0], warnings)
			ctx, stop := signal.NotifyContext(cmd.Context(), syscall.SIGTERM, syscall.SIGHUP)
			defer stop()
			fleet := session.NewFleet(ctx, session.FleetConfig{MergedLimits: events})
			defer fleet.Close()
			for _, s := range sessions {
				if err := fleet.Adopt(s); err != nil { // recorded sessions do not run
					return &headless.ExitError{Code: headless.ExitUsage, Err: err}
				}
			}
			theme := widget.ThemeFromEnv()
			widget.ApplyTviewStyles(theme)
			return views.NewDashboard(fleet, views.Options{Theme: theme, Mouse: mouse, Keymap: km, ConfigPath: configPath}).Run(ctx)
		},
	}
	cmd.Flags().BoolVar(&mouse, "mouse", false, "enable the mouse (it disables the terminal's own text selection)")
	registerDocSources(cmd.Flags(), &src)
	registerKeymap(cmd, &preset)
	return cmd
}
