package session

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/qmpdash/qmpdash/app/bell"
	"github.com/qmpdash/qmpdash/app/store"
)

// FleetConfig configures a Fleet.
type FleetConfig struct {
	// Template is the configuration Open starts from for a VM added at
	// run time by address; its Name and Addr are replaced.
	Template Config
	// MergedLimits bounds the merged event stream (zero fields:
	// defaults); MergeDelay is how long it holds events back to order them
	// (0: store.DefaultMergeDelay).
	MergedLimits store.Limits
	MergeDelay   time.Duration
	// Prepare, if set, completes the configuration of a VM that Open adds
	// (opening its session log, say); an error stops the VM being added.
	Prepare func(cfg *Config) error
	// Alongside, if set, runs with each session the fleet runs (not the
	// adopted ones), from Add until the session ends, with the session's
	// context: serving the shared monitor, say. Remove and Close wait for
	// it to return.
	Alongside func(ctx context.Context, s *Session)
}

// Fleet is the set of VMs a dashboard watches: their sessions, each with
// its own goroutines and bounded histories so that one hung or flooding VM
// cannot slow the others, the merged event stream of all of them, the VMs
// the user marked for a broadcast, and the broadcasts sent. It holds no
// widgets. All methods are safe for concurrent use and none waits on the
// network.
type Fleet struct {
	// Merged is every VM's events in receive order, each naming its VM.
	Merged *store.MergedEvents

	ctx       context.Context
	template  Config
	prepare   func(cfg *Config) error
	alongside func(ctx context.Context, s *Session)
	version   bell.Version

	mu         sync.Mutex
	members    []*member
	broadcasts broadcastLog
	closed     bool
}

// member is one VM of the fleet.
type member struct {
	session *Session
	process *QEMUProcess // set when qmpdash started this QEMU
	cancel  context.CancelFunc
	done    chan struct{} // closed when Run returned; nil if not run here
	marked  bool
}

// NewFleet returns an empty fleet whose sessions run until ctx ends or
// Close.
func NewFleet(ctx context.Context, cfg FleetConfig) *Fleet {
	f := &Fleet{Merged: store.NewMergedEvents(cfg.MergedLimits, cfg.MergeDelay), ctx: ctx, template: cfg.Template, prepare: cfg.Prepare,
		alongside: cfg.Alongside}
	if cfg.Template.Trouble != nil {
		f.Merged.SetTrouble(cfg.Template.Trouble)
	}
	return f
}

// Add runs a session in the fleet until it is removed or the fleet ends.
// Names must be unique.
func (f *Fleet) Add(s *Session) error { return f.add(s, nil, true) }

// AddLaunched is Add for a QEMU that qmpdash started: removing the VM or
// closing the fleet stops the process and removes its sockets.
func (f *Fleet) AddLaunched(s *Session, p *QEMUProcess) error { return f.add(s, p, true) }

// Adopt adds a session that the caller runs; the fleet only shows it.
func (f *Fleet) Adopt(s *Session) error { return f.add(s, nil, false) }

// Template returns the configuration Open starts from.
func (f *Fleet) Template() Config { return f.template }

// Open adds a VM by address with the fleet's template configuration;
// name "" names it after the address.
func (f *Fleet) Open(addr, name string) (*Session, error) {
	cfg := f.template
	cfg.Addr, cfg.Name = addr, cmp.Or(name, addr)
	if f.Session(cfg.Name) != nil {
		return nil, fmt.Errorf("a VM named %q is already open; give another name with: as NAME", cfg.Name)
	}
	if f.prepare != nil {
		if err := f.prepare(&cfg); err != nil {
			return nil, err
		}
	}
	s := New(cfg)
	return s, f.Add(s)
}

func (f *Fleet) add(s *Session, p *QEMUProcess, run bool) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.closed {
		return fmt.Errorf("%s: the dashboard is closing", s.Name())
	}
	if f.find(s.Name()) != nil {
		return fmt.Errorf("a VM named %q is already open; give another name with: as NAME", s.Name())
	}
	m := &member{session: s, process: p}
	if p != nil {
		s.process.Store(p) // before Run: an exited QEMU is never redialled
	}
	s.mirror.Store(f.Merged)
	if run {
		ctx, cancel := context.WithCancel(f.ctx)
		m.cancel, m.done = cancel, make(chan struct{})
		go func() {
			defer close(m.done)
			if f.alongside == nil {
				s.Run(ctx)
				return
			}
			var wg sync.WaitGroup
			wg.Go(func() { f.alongside(ctx, s) })
			s.Run(ctx)
			wg.Wait()
		}()
	}
	f.members = append(f.members, m)
	f.version.Bump()
	return nil
}

// Remove takes a VM out of the fleet and ends its session (and the QEMU
// qmpdash started for it) in the background. Its events stay in the
// merged stream.
func (f *Fleet) Remove(name string) error {
	f.mu.Lock()
	m := f.find(name)
	if m == nil {
		f.mu.Unlock()
		return fmt.Errorf("no VM named %q", name)
	}
	f.members = slices.DeleteFunc(f.members, func(x *member) bool { return x == m })
	f.mu.Unlock()
	m.session.mirror.Store(nil)
	f.version.Bump()
	go m.stop()
	return nil
}

// stop ends a member's watches, session and process and waits for them.
func (m *member) stop() {
	m.session.Watches.CloseAll()
	if m.cancel != nil {
		m.cancel()
		<-m.done
	}
	if m.process != nil {
		m.process.Stop()
	}
}

// Close ends every session the fleet runs and every QEMU it started, and
// waits for them.
func (f *Fleet) Close() {
	f.mu.Lock()
	f.closed = true
	members := f.members
	f.members = nil
	f.mu.Unlock()
	var wg sync.WaitGroup
	for _, m := range members {
		wg.Add(1)
		go func() { defer wg.Done(); m.stop() }()
	}
	wg.Wait()
	f.version.Bump()
}

func (f *Fleet) find(name string) *member {
	for _, m := range f.members {
		if m.session.Name() == name {
			return m
		}
	}
	return nil
}

// Sessions returns the VMs in the order they were added.
func (f *Fleet) Sessions() []*Session {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := make([]*Session, len(f.members))
	for i, m := range f.members {
		out[i] = m.session
	}
	return out
}

// Len returns how many VMs the fleet has.
func (f *Fleet) Len() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.members)
}

// Session returns the VM with the given name, nil if none.
func (f *Fleet) Session(name string) *Session {
	f.mu.Lock()
	defer f.mu.Unlock()
	if m := f.find(name); m != nil {
		return m.session
	}
	return nil
}

// Process returns the QEMU qmpdash started for the named VM, nil if it
// did not start one.
func (f *Fleet) Process(name string) *QEMUProcess {
	f.mu.Lock()
	defer f.mu.Unlock()
	if m := f.find(name); m != nil {
		return m.process
	}
	return nil
}

// Processes returns the QEMUs qmpdash started, in fleet order: what the
// redraw loop watches (their stderr and exit) without looking each VM up
// by name.
func (f *Fleet) Processes() []*QEMUProcess {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []*QEMUProcess
	for _, m := range f.members {
		if m.process != nil {
			out = append(out, m.process)
		}
	}
	return out
}

// Running returns, in fleet order, the names of the VMs whose QEMU
// qmpdash started and which still runs: those Close would stop.
func (f *Fleet) Running() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []string
	for _, m := range f.members {
		if m.process != nil && m.process.ExitStatus() == "" {
			out = append(out, m.session.Name())
		}
	}
	return out
}

// ToggleMark marks or unmarks a VM for the next broadcast.
func (f *Fleet) ToggleMark(name string) {
	f.mu.Lock()
	if m := f.find(name); m != nil {
		m.marked = !m.marked
	}
	f.mu.Unlock()
	f.version.Bump()
}

// MarkAll marks every VM, or unmarks every VM when all are marked.
func (f *Fleet) MarkAll() {
	f.mu.Lock()
	all := true
	for _, m := range f.members {
		all = all && m.marked
	}
	for _, m := range f.members {
		m.marked = !all
	}
	f.mu.Unlock()
	f.version.Bump()
}

// Marked returns the marked VMs in fleet order.
func (f *Fleet) Marked() []*Session {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []*Session
	for _, m := range f.members {
		if m.marked {
			out = append(out, m.session)
		}
	}
	return out
}

// IsMarked reports whether the named VM is marked.
func (f *Fleet) IsMarked(name string) bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	m := f.find(name)
	return m != nil && m.marked
}

// Version grows when VMs come or go, marks change, or a broadcast is
// sent; views poll it together with the sessions' own versions.
func (f *Fleet) Version() uint64 { return f.version.Load() }
