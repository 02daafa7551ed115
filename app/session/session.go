package session

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/qmpdash/qmpdash/app/bell"
	"github.com/qmpdash/qmpdash/app/cmdline"
	"github.com/qmpdash/qmpdash/app/send"
	"github.com/qmpdash/qmpdash/app/store"
	"github.com/qmpdash/qmpdash/app/transport"
	"github.com/qmpdash/qmpdash/app/watch"
	"github.com/qmpdash/qmpdash/app/wirelog"
	"github.com/qmpdash/qmpdash/docs"
	"github.com/qmpdash/qmpdash/qmp"
	"github.com/tidwall/gjson"
)

// Config describes one monitor to watch.
type Config struct {
	// Name labels the VM; Addr is its monitor address.
	Name, Addr string
	Protocol   transport.Protocol
	// EventLimits and CommandLimits bound the histories in memory (zero
	// fields: defaults).
	EventLimits, CommandLimits store.Limits
	// CommandTimeout bounds each request with no longer default (0: 30s);
	// Timeouts overrides it per command.
	CommandTimeout time.Duration
	Timeouts       map[string]time.Duration
	// Backoff paces reconnection attempts.
	Backoff qmp.Backoff
	// Dialer reaches ssh:// and tls:// addresses (the zero value: the
	// user's SSH set-up, the system's TLS roots).
	Dialer transport.Dialer
	// Cache, if set, keeps fetched schemas.
	Cache *docs.Cache
	// Tap, if set, sees every wire message.
	Tap func(qmp.WireMessage)
	// Log, if set, is the session log: it records every wire message and
	// the connects and disconnects, and a write failure becomes a
	// store.Failure notice. The caller closes it after Run returns.
	Log *wirelog.Log
	// Mark, if set, also sees every marker the session writes to its log:
	// state changes, outages, protocol errors.
	Mark func(mark, detail string)
	// Policy says what may be sent and what needs confirming.
	Policy send.Policy
	// Trouble says which events mean trouble (nil: store.NewTrouble's rules).
	Trouble *store.Trouble
	// Docs says where the documentation prose comes from; an empty Kind
	// is filled in from the connected endpoint.
	Docs DocSources
	// NoDocs skips reading documentation: Docs stays nil.
	NoDocs bool
	// Keepalive is how long a connection may stay silent before the
	// session asks the server something to learn whether it still answers,
	// and how long it waits for the answer before showing the server as
	// not responding (0: DefaultKeepalive; negative: never).
	Keepalive time.Duration
}

// ReplyTimeouts is the reply deadlines of a session's settings: the
// CommandTimeout by default, the Timeouts overrides.
func (c Config) ReplyTimeouts() send.Timeouts {
	return send.Timeouts{Default: c.CommandTimeout, Overrides: c.Timeouts}
}

// ErrRecorded is returned by Check and Send on a session read from a log.
var ErrRecorded = errors.New("recorded log: read-only")

// Session is one monitor's connection, its state and its histories. Run
// owns the connection's goroutines; the UI reads state and calls Send from
// its own goroutine, which never waits on the network.
type Session struct {
	cfg      Config
	Events   *store.EventLog
	Commands *store.CommandLog
	Notices  store.NoticeLog
	// Watches are the read-only commands pinned as live views (:watch);
	// they send through the session's send path as automatic requests.
	Watches *watch.Set

	version bell.Version // grows on every state change
	// mirror, when set, receives a copy of every event batch (the merged
	// stream of a Fleet).
	mirror atomic.Pointer[store.MergedEvents]
	// lastHeard is when the server last sent anything (UnixNano); stalled
	// is set while it is not answering.
	lastHeard atomic.Int64
	stalled   atomic.Bool
	// lastPoll is when a live view last polled the session (UnixNano).
	lastPoll atomic.Int64

	mu     sync.Mutex
	client *qmp.Client
	state  State
	schema *docs.Schema

	docs     *docs.Index
	docsKind string // the DocSources.Kind docs was read for
	docsNote string

	// recorded is set for a session read from a log: nothing can be sent.
	recorded bool
	// replay is the replay running into this session, if any.
	replay atomic.Pointer[Replayer]
	// process is the QEMU qmpdash launched for this session, if any.
	process atomic.Pointer[QEMUProcess]
	link    link // reconnection: retry now, give up, the outage being waited out
	// runState follows the run state through the events; the reading
	// goroutine owns it.
	runState runStateTracker
	// watchers see the events as they are read (Watch).
	watchers watchers
	// passthroughNoted and passthroughConfirmed: the libvirt passthrough
	// warning was shown, and a command it applies to was sent.
	passthroughNoted, passthroughConfirmed atomic.Bool
}

// New prepares a session; Run connects it.
func New(cfg Config) *Session {
	if cfg.CommandTimeout <= 0 {
		cfg.CommandTimeout = send.DefaultCommandTimeout
	}
	if cfg.Name == "" {
		cfg.Name = cfg.Addr
	}
	s := &Session{cfg: cfg, Events: store.NewEventLog(cfg.EventLimits), Commands: store.NewCommandLog(cfg.CommandLimits)}
	if cfg.Trouble != nil {
		s.Events.SetTrouble(cfg.Trouble)
	}
	s.Watches = watch.NewSet(s.sender)
	s.link.wake = make(chan struct{}, 1)
	s.state = State{Name: cfg.Name, Addr: cfg.Addr, Conn: qmp.StateConnecting}
	if cfg.Log != nil {
		cfg.Log.OnError(func(err error) { s.Notices.Add(store.Failure, "session log stopped: "+err.Error()) })
	}
	return s
}

// ReadOnly reports whether the session sends only read-only commands:
// read-only mode, or a VM read from a log.
func (s *Session) ReadOnly() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.cfg.Policy.ReadOnly || s.recorded
}

// Name returns the VM's label.
func (s *Session) Name() string { return s.cfg.Name }

// State returns a snapshot of the connection and VM state.
func (s *Session) State() State {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.state
}

// RetryAt is when the scheduled reconnection is due (the status bar's
// countdown), zero if none is: State().RetryAt, read without copying the
// whole state, for the redraw loop's look at every VM.
func (s *Session) RetryAt() time.Time {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.state.RetryAt
}

// Schema returns the connected server's schema, nil until it is loaded.
func (s *Session) Schema() *docs.Schema {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.schema
}

// Version grows whenever the state, schema, documentation or notices
// change.
func (s *Session) Version() uint64 { return s.version.Load() + s.Notices.Version() }

func (s *Session) update(f func(st *State)) {
	s.mu.Lock()
	f(&s.state)
	s.mu.Unlock()
	s.version.Bump()
}

// setRunState records the VM's run state. Only a change moves the
// version: a keepalive probe of each of 64 quiet VMs would otherwise
// redraw the screen several times a second.
func (s *Session) setRunState(status string) {
	s.mu.Lock()
	same := s.state.RunState == status
	s.mu.Unlock()
	if !same {
		s.update(func(st *State) { st.RunState = status })
	}
}

// Run connects, serves the connection and reconnects with backoff until
// ctx ends; RetryNow cuts a wait short and GiveUp stops the attempts until
// RetryNow. Requests in flight when a connection drops end store.Interrupted and
// are never sent again. A reconnection leaves an outage marker in Events.
func (s *Session) Run(ctx context.Context) {
	for attempt := 1; ctx.Err() == nil; attempt++ {
		if !s.waitWhileGivenUp(ctx) || !s.waitWhileExited(ctx) {
			return
		}
		s.update(func(st *State) { st.Conn, st.RetryAt = qmp.StateConnecting, time.Time{} })
		c, err := s.dial(ctx)
		if err == nil {
			attempt = 0
			s.serve(ctx, c)
			s.link.drainWake() // a retry asked for while connected is moot
			if transport.IsShutOff(c.Err()) && ctx.Err() == nil {
				s.waitWhileShutOff(ctx, c.Err())
			}
			continue
		}
		if transport.IsShutOff(err) && ctx.Err() == nil {
			attempt = 0
			s.waitWhileShutOff(ctx, err)
			continue
		}
		if s.link.givenUp() || ctx.Err() != nil || s.exitedProcess() != nil {
			continue
		}
		wait := s.cfg.Backoff.Delay(attempt)
		s.update(func(st *State) {
			st.Conn, st.ConnErr, st.RetryAt = qmp.StateClosed, err, time.Now().Add(wait)
		})
		if attempt == 1 {
			s.Notices.Add(store.Failure, err.Error())
		}
		s.mark("reconnecting", fmt.Sprintf("attempt %d failed: %v; next in %v", attempt, err, wait))
		t := time.NewTimer(wait)
		select {
		case <-t.C:
		case <-s.link.wake:
		case <-s.processExited(): // no use waiting for a QEMU that is gone
		case <-ctx.Done():
		}
		t.Stop()
	}
}

// serve runs one connection until it closes.
func (s *Session) serve(ctx context.Context, c *qmp.Client) {
	sub := c.Subscribe(qmp.SubscribeOptions{Queue: 65536})
	s.mu.Lock()
	prev := s.state.Greeting.Version
	s.client = c
	s.state.Conn, s.state.ConnErr, s.state.Greeting, s.state.Mode = qmp.StateReady, nil, c.Greeting(), c.Mode()
	s.mu.Unlock()
	s.version.Bump()
	s.Notices.Add(store.Info, "connected to "+s.cfg.Addr)
	s.notePassthrough()
	s.mark("connected", EndpointKind(c.Mode(), nil))
	s.markOutageEnd(prev, c.Greeting().Version)
	go s.loadState(ctx, c)
	go s.keepalive(ctx, c)

	buf := make([]qmp.Event, 0, 1024)
	for done := false; !done; {
		select {
		case <-sub.Ready():
		case <-c.Done():
			done = true
		case <-ctx.Done():
			c.Close()
			done = true
		}
		buf = sub.Drain(buf[:0])
		if len(buf) > 0 {
			s.Events.AppendFrom(s.cfg.Name, buf...)
			if m := s.mirror.Load(); m != nil {
				m.Add(s.cfg.Name, buf)
			}
			s.trackRunState(buf)
			s.watchers.events(buf)
		}
	}
	err := c.Err()
	s.mark("disconnected", errText(err))
	s.stalled.Store(false)
	s.update(func(st *State) {
		st.Conn, st.ConnErr, st.RunState, st.NotResponding = qmp.StateClosed, err, "", false
	})
	s.mu.Lock()
	s.client = nil
	s.mu.Unlock()
	s.watchers.disconnected()
	if ctx.Err() == nil {
		s.markOutageStart(err)
	}
}

// loadState fetches the run state and the schema after connecting.
func (s *Session) loadState(ctx context.Context, c *qmp.Client) {
	ctx, cancel := context.WithTimeout(ctx, s.cfg.CommandTimeout)
	defer cancel()
	if c.Mode() == qmp.ModeQMP {
		if ret, err := executeAuto(ctx, c, "query-status"); err == nil {
			s.setRunState(gjson.GetBytes(ret, "status").String())
		}
	}
	schema, src, err := LoadSchema(ctx, c, s.cfg.Cache)
	if err != nil {
		s.Notices.Add(store.Warning, "no schema, commands are not checked before sending: "+err.Error())
		s.loadDocs(c.Mode(), nil)
		return
	}
	s.mu.Lock()
	s.schema = schema
	s.state.SchemaSource = src
	s.mu.Unlock()
	s.version.Bump()
	s.loadDocs(c.Mode(), schema)
}

// trackRunState follows the run state through a batch of events. Only
// the reading goroutine calls it.
func (s *Session) trackRunState(evs []qmp.Event) {
	cur := s.State().RunState
	if next := s.runState.apply(cur, evs); next != cur {
		s.update(func(st *State) { st.RunState = next })
	}
}

// Check prepares a parsed line against the schema and the policy without
// sending it (see send.Sender.Check); ErrRecorded for a session read from a
// log. text is the line as typed.
func (s *Session) Check(line *cmdline.Line, text string) (*send.Outgoing, error) {
	s.mu.Lock()
	recorded := s.recorded
	s.mu.Unlock()
	if recorded {
		return nil, ErrRecorded
	}
	return s.sender().Check(line, text)
}

// NeedsConfirm reports whether the policy wants the user to confirm out.
// On a libvirt domain, the first command that is not a query needs it too
// (PassthroughWarning).
func (s *Session) NeedsConfirm(out *send.Outgoing) bool {
	return s.sender().NeedsConfirm(out) || s.PassthroughWarning(out) != ""
}

// Send checks a parsed line and sends it in the background: Check, then
// SendChecked.
func (s *Session) Send(line *cmdline.Line, text string) (uint64, error) {
	out, err := s.Check(line, text)
	if err != nil {
		return 0, err
	}
	sent, err := s.SendChecked(out)
	if err != nil {
		return 0, err
	}
	return sent.Seq, nil
}

// SendChecked sends a checked line in the background and returns at
// once: sent.Seq is its command log entry, where the outcome lands, and
// sent.Done closes then.
func (s *Session) SendChecked(out *send.Outgoing) (*send.Sent, error) {
	sent, err := s.SendTracked(out)
	if err == nil && s.PassthroughWarning(out) != "" {
		s.passthroughConfirmed.Store(true)
	}
	return sent, err
}

// SendTracked is SendChecked for a caller that waits for the outcome
// itself (send.Sent.Response): a shared monitor's client, a replay. Its
// warnings become notices, and so do its failures once it ends.
func (s *Session) SendTracked(out *send.Outgoing) (*send.Sent, error) {
	sent, err := s.sender().Send(context.Background(), out)
	if err != nil {
		return nil, err
	}
	for _, w := range out.Prepared.Warnings {
		s.Notices.Add(store.Warning, w.String())
	}
	return sent, nil
}

// sender is the send path to the monitor as connected now.
func (s *Session) sender() *send.Sender {
	s.mu.Lock()
	defer s.mu.Unlock()
	return &send.Sender{Client: s.client, Schema: s.schema, Policy: s.cfg.Policy,
		Timeouts: s.cfg.ReplyTimeouts(),
		Commands: s.Commands, VM: s.cfg.Name, TagRequests: true, Finished: s.sendFinished}
}

// sendFinished turns a command's failure into notices and, past its
// deadline, shows the server as not responding.
func (s *Session) sendFinished(out *send.Outgoing, sent *send.Sent, err error) {
	s.noteRequestError(sent.Seq, out.Name, err)
	if errors.Is(err, context.DeadlineExceeded) {
		s.Notices.Add(store.Warning, fmt.Sprintf("%s: no reply after %v; a late reply will still be shown", out.Name, sent.Timeout))
		s.markStalled("") // the warning above says it
	}
}

// lateReply attaches a reply that came after its command timed out.
func (s *Session) lateReply(resp *qmp.Response, err error) {
	if seq, ok := send.TaggedEntry(resp.ID); ok {
		s.Commands.Finish(seq, resp, err)
		s.Notices.Add(store.Info, "a late reply arrived for command #"+strconv.FormatUint(seq, 10))
	}
}
