package main

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"os/signal"
	"strings"
	"sync"
	"syscall"

	"github.com/qmpdash/qmpdash/app/config"
	"github.com/qmpdash/qmpdash/app/history"
	"github.com/qmpdash/qmpdash/app/session"
	"github.com/qmpdash/qmpdash/app/share"
	"github.com/qmpdash/qmpdash/app/store"
	"github.com/qmpdash/qmpdash/app/transport"
	"github.com/qmpdash/qmpdash/app/wirelog"
	"github.com/qmpdash/qmpdash/keymap"
	"github.com/qmpdash/qmpdash/views"
	"github.com/qmpdash/qmpdash/views/headless"
	"github.com/qmpdash/qmpdash/views/widget"
	"github.com/spf13/cobra"
)

// dashboardFlags are the root command's options.
type dashboardFlags struct {
	conn   connFlags
	mouse  bool
	log    logFlags
	events int
	docs   session.DocSources
	keymap string
}

func (f *dashboardFlags) register(cmd *cobra.Command) {
	f.conn.register(cmd.Flags())
	cmd.Flags().BoolVar(&f.mouse, "mouse", false, "enable the mouse (it disables the terminal's own text selection)")
	f.log.register(cmd.Flags())
	cmd.Flags().IntVar(&f.events, "event-history", 0, "events kept in memory (default 100000)")
	registerDocSources(cmd.Flags(), &f.docs)
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
func loadKeys(file *configFile, preset string) (km *keymap.Keymap, path string, warnings []error, err error) {
	if _, err := keymap.Preset(preset); err != nil {
		return nil, "", nil, &headless.ExitError{Code: headless.ExitUsage, Err: fmt.Errorf("--keymap: %w", err)}
	}
	path = file.path
	cfg, err := file.load()
	if err != nil {
		return keymap.New(keymap.Defaults()), path, []error{err}, nil
	}
	km, warnings = cfg.BuildKeymap(preset)
	return km, path, warnings, nil
}

// needTerminal fails, as a usage error, before anything is connected or
// started, when the full-screen dashboard cannot run here.
func needTerminal() error {
	if err := views.CheckThisTerminal(); err != nil {
		return &headless.ExitError{Code: headless.ExitUsage, Err: err}
	}
	return nil
}

// warnAll shows each warning in the dashboard's messages.
func warnAll(s *session.Session, warnings []error) {
	for _, w := range warnings {
		s.Notices.Add(store.Warning, w.Error())
	}
}

// runDashboard opens the full-screen dashboard on the VMs the arguments
// name; arguments after "--" are a QEMU command line to start and attach
// to.
func runDashboard(cmd *cobra.Command, args []string, f dashboardFlags) error {
	if err := needTerminal(); err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(cmd.Context(), syscall.SIGTERM, syscall.SIGHUP)
	defer stop()
	var logs wireLogs
	defer logs.closeAll() // after the fleet: sessions log until they end
	fleet, opts, err := f.start(ctx, args, cmd.ArgsLenAtDash(), &logs)
	if err != nil {
		return err
	}
	defer fleet.Close()
	opts.Theme = widget.ThemeFromEnv()
	widget.ApplyTviewStyles(opts.Theme)
	return views.NewDashboard(fleet, opts).Run(ctx)
}

// start resolves the arguments (a QEMU command line from index dash on,
// if dash >= 0), builds the fleet with the sessions of the VMs they name
// and the dashboard's options but the theme. The caller closes the fleet,
// then the logs.
func (f *dashboardFlags) start(ctx context.Context, args []string, dash int, logs *wireLogs) (*session.Fleet, views.Options, error) {
	addrs, launch := args, []string(nil)
	if dash >= 0 {
		addrs, launch = args[:dash], args[dash:]
		if len(launch) == 0 {
			return nil, views.Options{}, &headless.ExitError{Code: headless.ExitUsage, Err: errors.New("nothing after --: give a QEMU command line, e.g. -- qemu-system-x86_64 -m 512 disk.img")}
		}
	}
	var vms []config.VM
	if len(addrs) > 0 || launch == nil {
		var err error
		if vms, err = f.conn.config.targets(addrs); err != nil {
			return nil, views.Options{}, err
		}
	}
	km, configPath, warnings, err := loadKeys(f.conn.config, f.keymap)
	if err != nil {
		return nil, views.Options{}, err
	}
	settings := f.conn.config.settings()
	store.PaceCollector(settings.MemoryLimits())
	warnings = append(warnings, looseFiles(history.DefaultPath(), f.log.path)...)
	for _, vm := range vms {
		warnings = append(warnings, looseFiles(vm.Log)...)
	}
	libvirtFleets := libvirtFleets(vms)
	ectx, cancel := context.WithTimeout(ctx, f.conn.timeout)
	vms, err = expandGlobs(ectx, vms, f.conn.dialerFor)
	cancel()
	if err != nil {
		return nil, views.Options{}, err
	}
	template := f.sessionConfig(config.VM{})
	fleet := session.NewFleet(ctx, session.FleetConfig{Template: template, MergedLimits: template.EventLimits,
		Prepare:   func(cfg *session.Config) error { return f.prepareOpened(cfg, logs) }, // for :open
		Alongside: f.shareMonitors()})
	if err := f.addVMs(ctx, fleet, vms, launch, logs); err != nil {
		fleet.Close()
		return nil, views.Options{}, err
	}
	for _, vm := range libvirtFleets {
		fleet.JoinStarted(ctx, vm.Address, f.conn.dialerFor(vm), func(addr string) (session.Config, error) {
			one := vm
			one.Name, one.Address = vmName(addr), addr
			cfg := f.sessionConfig(one)
			return cfg, logs.attach(&cfg, cmp.Or(f.log.path, one.Log), f.log.max)
		})
	}
	hist, err := historyStore(settings)
	if err != nil {
		warnings = append(warnings, err)
	}
	for _, s := range fleet.Sessions()[:1] {
		warnAll(s, warnings)
	}
	return fleet, views.Options{Mouse: f.mouse, History: hist, Keymap: km, ConfigPath: configPath}, nil
}

// shareMonitors serves each VM's monitor to other clients (app/share)
// unless --no-share.
func (f *dashboardFlags) shareMonitors() func(context.Context, *session.Session) {
	if f.conn.noShare {
		return nil
	}
	return func(ctx context.Context, s *session.Session) { share.Serve(ctx, s, share.Options{}) }
}

// addVMs adds a session for each of vms to the fleet, and starts the QEMU
// command line launch, if any, to attach to.
func (f *dashboardFlags) addVMs(ctx context.Context, fleet *session.Fleet, vms []config.VM, launch []string, logs *wireLogs) error {
	for _, vm := range vms {
		cfg := f.sessionConfig(vm)
		if err := logs.attach(&cfg, cmp.Or(f.log.path, vm.Log), f.log.max); err != nil {
			return err
		}
		if err := fleet.Add(session.New(cfg)); err != nil {
			return &headless.ExitError{Code: headless.ExitUsage, Err: err}
		}
	}
	if launch != nil {
		return f.launch(ctx, fleet, launch, logs)
	}
	return nil
}

// prepareOpened completes a VM added with :open: a configured VM at the
// same address brings its settings, and the session log is opened.
func (f *dashboardFlags) prepareOpened(cfg *session.Config, logs *wireLogs) error {
	vm := f.conn.config.configuredAt(cfg.Addr, cfg.Name)
	opened := f.sessionConfig(vm)
	opened.Name, opened.Addr = cfg.Name, cfg.Addr
	*cfg = opened
	return logs.attach(cfg, cmp.Or(f.log.path, vm.Log), f.log.max)
}

// sessionConfig is the configuration of one VM's session: the
// configuration file's settings under the flags.
func (f *dashboardFlags) sessionConfig(vm config.VM) session.Config {
	o := f.conn.overrides()
	o.EventCount, o.Docs = f.events, f.docs
	return f.conn.config.settings().SessionFor(vm, o)
}

// launch starts QEMU from the command line after "--" with a private QMP
// socket, and adds it to the fleet, which stops it on exit.
func (f *dashboardFlags) launch(ctx context.Context, fleet *session.Fleet, command []string, logs *wireLogs) error {
	p, err := session.StartQEMU(ctx, command[0], command[1:], 1)
	if err != nil {
		return &headless.ExitError{Code: headless.ExitConnection, Err: err}
	}
	vm := config.VM{Name: launchName(command[0], command[1:]), Address: p.Sockets[0], Mode: "qmp"}
	cfg := f.sessionConfig(vm)
	if err := logs.attach(&cfg, f.log.path, f.log.max); err != nil {
		p.Stop()
		return err
	}
	if err := fleet.AddLaunched(session.New(cfg), p); err != nil {
		p.Stop()
		return &headless.ExitError{Code: headless.ExitUsage, Err: err}
	}
	return nil
}

// wireLogs are the session logs the dashboard opened; domains joining a
// libvirt fleet open theirs from a watcher goroutine.
type wireLogs struct {
	mu  sync.Mutex
	all []*wirelog.Log
}

// attach opens the log at path (none if "") for the session cfg describes,
// rotated at max bytes (0: never).
func (l *wireLogs) attach(cfg *session.Config, path string, max byteSize) error {
	if path == "" {
		return nil
	}
	log, err := wirelog.Open(path, cfg.Name, transport.AbsoluteAddress(cfg.Addr), int64(max))
	if err != nil {
		return &headless.ExitError{Code: headless.ExitUsage, Err: err}
	}
	l.mu.Lock()
	l.all = append(l.all, log)
	l.mu.Unlock()
	cfg.Log = log
	return nil
}

func (l *wireLogs) closeAll() {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, log := range l.all {
		log.Close()
	}
}
