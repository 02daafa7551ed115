package main

import (
	"fmt"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"

	"github.com/qmpdash/qmpdash/app"
	"github.com/qmpdash/qmpdash/docs"
	"github.com/qmpdash/qmpdash/keymap"
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
	keymap  string
}

func (f *dashboardFlags) register(cmd *cobra.Command) {
	f.conn.register(cmd.Flags())
	cmd.Flags().BoolVar(&f.mouse, "mouse", false, "enable the mouse (it disables the terminal's own text selection)")
	cmd.Flags().StringVarP(&f.logPath, "log", "l", "", "append every wire message to `FILE` as JSON lines")
	cmd.Flags().IntVar(&f.events, "event-history", 0, "events kept in memory (default 100000)")
	cmd.Flags().StringVar(&f.docs.QAPIDir, "qapi-dir", "", "read documentation from a QEMU source tree's qapi/ `DIR`")
	cmd.Flags().StringArrayVar(&f.docs.ManPages, "man", nil, "read documentation from this man page `FILE` (repeatable)")
	cmd.Flags().StringArrayVar(&f.docs.HTML, "html", nil, "read documentation from this HTML manual `FILE` (repeatable)")
	registerKeymap(cmd, &f.keymap)
}

// registerKeymap adds --keymap, which the dashboard and the demo take.
func registerKeymap(cmd *cobra.Command, preset *string) {
	cmd.Flags().StringVar(preset, "keymap", "", "start from this key `PRESET`: "+strings.Join(keymap.PresetNames(), " or ")+" (default: keymap in the configuration file)")
}

// loadKeys builds the dashboard's keys from the configuration file and the
// --keymap preset, and says where the keys overlay saves changes. A file
// that does not load, or a mistake in its keys, is only a warning for the
// dashboard's messages: the preset's keys still work. An unknown preset
// given on the command line is a usage error.
func loadKeys(preset string) (km *keymap.Keymap, path string, warnings []error, err error) {
	if _, err := keymap.Preset(preset); err != nil {
		return nil, "", nil, &exitError{code: exitUsage, err: fmt.Errorf("--keymap: %w", err)}
	}
	path = app.DefaultConfigPath()
	cfg, err := app.LoadConfig(path)
	if err != nil {
		return keymap.New(keymap.Defaults()), path, []error{err}, nil
	}
	km, warnings = cfg.BuildKeymap(preset)
	return km, path, warnings, nil
}

// warnAll shows each warning in the dashboard's messages.
func warnAll(s *app.Session, warnings []error) {
	for _, w := range warnings {
		s.Notices.Add(app.Warning, w.Error())
	}
}

// runDashboard opens the full-screen dashboard on one monitor.
func runDashboard(cmd *cobra.Command, args []string, f dashboardFlags) error {
	vm, err := target(args)
	if err != nil {
		return err
	}
	km, configPath, warnings, err := loadKeys(f.keymap)
	if err != nil {
		return err
	}
	addr := vm.Address
	if f.logPath == "" {
		f.logPath = vm.Log
	}
	safety := safetyConfig()
	cfg := app.SessionConfig{Name: vm.Name, Addr: addr, Protocol: f.conn.protocolFor(vm), Policy: f.conn.policyFor(vm), EventLogSize: f.events,
		Cache: &docs.Cache{Dir: filepath.Join(app.CacheDir(), "schema")}, Docs: f.docs}
	cfg.CommandTimeout, cfg.Timeouts = safety.CommandTimeouts()
	if f.logPath != "" {
		log, err := app.OpenWireLog(f.logPath, addr, addr)
		if err != nil {
			return &exitError{code: exitUsage, err: err}
		}
		defer log.Close()
		cfg.Tap, cfg.Mark = log.Tap, log.Mark
	}
	s := app.NewSession(cfg)
	warnAll(s, warnings)
	ctx, stop := signal.NotifyContext(cmd.Context(), syscall.SIGTERM, syscall.SIGHUP)
	defer stop()
	go s.Run(ctx)
	theme := views.ThemeFromEnv()
	views.ApplyTviewStyles(theme)
	d := views.New(s, views.Options{Theme: theme, Mouse: f.mouse, History: historyStore(safety),
		Keymap: km, ConfigPath: configPath})
	return d.Run(ctx)
}
