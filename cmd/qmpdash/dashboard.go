package main

import (
	"os/signal"
	"path/filepath"
	"syscall"

	"github.com/qmpdash/qmpdash/app"
	"github.com/qmpdash/qmpdash/docs"
	"github.com/qmpdash/qmpdash/views"
	"github.com/spf13/cobra"
)

// dashboardFlags are the root command's options.
type dashboardFlags struct {
	conn    connFlags
	mouse   bool
	logPath string
	events  int
	docs    app.DocSources
}

func (f *dashboardFlags) register(cmd *cobra.Command) {
	f.conn.register(cmd.Flags())
	cmd.Flags().BoolVar(&f.mouse, "mouse", false, "enable the mouse (it disables the terminal's own text selection)")
	cmd.Flags().StringVarP(&f.logPath, "log", "l", "", "append every wire message to `FILE` as JSON lines")
	cmd.Flags().IntVar(&f.events, "event-history", 0, "events kept in memory (default 100000)")
	cmd.Flags().StringVar(&f.docs.QAPIDir, "qapi-dir", "", "read documentation from a QEMU source tree's qapi/ `DIR`")
	cmd.Flags().StringArrayVar(&f.docs.ManPages, "man", nil, "read documentation from this man page `FILE` (repeatable)")
}

// runDashboard opens the full-screen dashboard on one monitor.
func runDashboard(cmd *cobra.Command, args []string, f dashboardFlags) error {
	vm, err := target(args)
	if err != nil {
		return err
	}
	addr := vm.Address
	if f.logPath == "" {
		f.logPath = vm.Log
	}
	cfg := app.SessionConfig{Name: vm.Name, Addr: addr, Protocol: f.conn.protocolFor(vm), Policy: f.conn.policyFor(vm), EventLogSize: f.events,
		Cache: &docs.Cache{Dir: filepath.Join(app.CacheDir(), "schema")}, Docs: f.docs}
	if f.logPath != "" {
		log, err := app.OpenWireLog(f.logPath, addr, addr)
		if err != nil {
			return &exitError{code: exitUsage, err: err}
		}
		defer log.Close()
		cfg.Tap = log.Tap
	}
	s := app.NewSession(cfg)
	ctx, stop := signal.NotifyContext(cmd.Context(), syscall.SIGTERM, syscall.SIGHUP)
	defer stop()
	go s.Run(ctx)
	theme := views.ThemeFromEnv()
	views.ApplyTviewStyles(theme)
	d := views.New(s, views.Options{Theme: theme, Mouse: f.mouse, History: app.History{Path: app.DefaultHistoryPath()}})
	return d.Run(ctx)
}
