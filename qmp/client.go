package qmp

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"net"
	"sync"
	"sync/atomic"
	"time"
)

// Mode selects the protocol dialect of a connection.
type Mode int

const (
	// ModeQMP is QEMU's and qemu-storage-daemon's monitor: a greeting, then
	// qmp_capabilities, then commands.
	ModeQMP Mode = iota
	// ModeGuestAgent is qemu-ga: no greeting and no negotiation; the client
	// resynchronises the stream with guest-sync-delimited.
	ModeGuestAgent
	// ModeAuto tells the two apart on the connection: a server whose first
	// byte comes within a second and whose first bytes are those of a QMP
	// greeting is a QMP monitor, however slowly the rest arrives; a silent
	// one, or one that sends anything else, is taken for a guest agent.
	// Client.Mode reports the mode found.
	ModeAuto
)

// DefaultHandshakeTimeout bounds the wait for the greeting and negotiation
// (or the guest-agent sync) when Options.HandshakeTimeout is zero and the
// context has no deadline.
const DefaultHandshakeTimeout = 5 * time.Second

// DefaultEventBacklog is how many events are kept for the first subscriber
// when Options.EventBacklog is zero.
const DefaultEventBacklog = 1024

// Options configure a Client. The zero value is ready to use. Callbacks run
// on the client's reader goroutine (or the goroutine that caused the event);
// they must return quickly and must not call Close.
type Options struct {
	Mode Mode
	// MaxLineSize caps one message; 0 means DefaultMaxLineSize.
	MaxLineSize int
	// HandshakeTimeout bounds greeting and negotiation; 0 leaves the bound
	// to the context's deadline, or DefaultHandshakeTimeout without one, so
	// that one deadline can cover connecting and the handshake.
	HandshakeTimeout time.Duration
	// EventBacklog is how many events arriving before the first Subscribe
	// (during negotiation, say) are kept for it; 0 means DefaultEventBacklog.
	EventBacklog int
	// Tap, if set, sees every message in and out, whole, greeting included.
	Tap func(WireMessage)
	// OnState, if set, is told of every state change, in order.
	OnState func(Status)
	// OnProtocolError, if set, is told of messages that break the protocol.
	OnProtocolError func(error)
	// OnLateReply, if set, receives replies that arrive after their request's
	// context ended. err is a *Error for error replies.
	OnLateReply func(resp *Response, err error)
	// Backpressure makes event delivery lossless, for a consumer with no
	// user interface to keep alive (a pipe, a file): when a subscription's
	// queue is full the reader waits for room, leaving the rest to the
	// kernel's and the server's buffers, and replies wait with the events.
	// The events kept for the first subscriber (EventBacklog) wait too, so
	// subscribe at once; a server that sent more than that before answering
	// qmp_capabilities, which QEMU never does, fails the handshake. Without
	// it the reader never waits and a slow subscriber loses its oldest
	// events.
	Backpressure bool
}

// Stats counts what a Client has seen. All counters only grow.
type Stats struct {
	Sent, Received uint64
	Events         uint64
	// LateReplies are replies whose requester had given up.
	LateReplies uint64
	// UnknownReplies are replies with an id nobody asked for.
	UnknownReplies uint64
	ProtocolErrors uint64
}

// Client is one connection to a monitor. All methods are safe for concurrent
// use. A Client is not reused after it closes: dial a new one.
type Client struct {
	conn     net.Conn
	addr     string
	opts     Options
	mode     Mode       // final once the handshake is done
	detect   *detection // ModeAuto only, during the handshake
	started  time.Time  // when the handshake began
	lr       *lineReader
	activity *activityReader // what lr reads through
	greeting Greeting
	names    nameTable // reader goroutine only

	greetingCh chan Greeting
	readerDone chan struct{}
	done       chan struct{}
	wsem       chan struct{} // one writer at a time
	idless     chan struct{} // one id-less request in flight at a time
	nextID     atomic.Uint64

	mu        sync.Mutex
	pending   map[string]*call
	abandoned recentCalls
	closed    bool
	cause     error
	status    Status
	syncToken int64
	syncDone  chan struct{}
	backlog   *Subscription
	// subscribed is closed by the first Subscribe.
	subscribed chan struct{}

	subs     atomic.Pointer[[]*Subscription]
	stateMu  sync.Mutex
	received atomic.Uint64
	sent     atomic.Uint64
	events   atomic.Uint64
	late     atomic.Uint64
	unknown  atomic.Uint64
	protoErr atomic.Uint64
}

// Dial connects to the monitor at addr (see ParseAddress) and completes the
// handshake. ctx bounds the whole connection attempt.
func Dial(ctx context.Context, addr string, opts Options) (*Client, error) {
	ep, err := ParseAddress(addr)
	if err != nil {
		return nil, err
	}
	return DialEndpoint(ctx, ep, opts)
}

// DialEndpoint is Dial for an already parsed address.
func DialEndpoint(ctx context.Context, ep Endpoint, opts Options) (*Client, error) {
	return DialWith(ctx, ep.String(), ep.Dial, opts)
}

// DialFunc opens the byte stream to a monitor; ctx bounds the attempt.
type DialFunc func(ctx context.Context) (net.Conn, error)

// DialWith connects over the stream dial opens (an SSH channel, a TLS
// session) and completes the handshake; addr names the monitor in errors
// and Client.Addr. A dial failure is returned as a *ConnError with Op
// "dial", so Redial and sessions retry it. The Client owns the connection.
func DialWith(ctx context.Context, addr string, dial DialFunc, opts Options) (*Client, error) {
	if opts.OnState != nil {
		opts.OnState(Status{State: StateConnecting, Time: time.Now()})
	}
	conn, err := dial(ctx)
	if err != nil {
		var cerr *ConnError
		if !errors.As(err, &cerr) {
			err = &ConnError{Op: "dial", Addr: addr, Err: err}
		}
		if opts.OnState != nil {
			opts.OnState(Status{State: StateClosed, Err: err, Time: time.Now()})
		}
		return nil, err
	}
	return start(ctx, conn, addr, opts)
}

// NewClient runs the handshake over an established connection and returns a
// ready Client, which then owns conn. On error conn is closed.
func NewClient(ctx context.Context, conn net.Conn, opts Options) (*Client, error) {
	addr := "socket"
	if ra := conn.RemoteAddr(); ra != nil && ra.String() != "" {
		addr = ra.Network() + ":" + ra.String()
	}
	return start(ctx, conn, addr, opts)
}

func start(ctx context.Context, conn net.Conn, addr string, opts Options) (*Client, error) {
	activity := newActivityReader(conn)
	c := &Client{
		conn:       conn,
		activity:   activity,
		addr:       addr,
		opts:       opts,
		mode:       opts.Mode,
		started:    time.Now(),
		lr:         newLineReader(activity, opts.MaxLineSize),
		greetingCh: make(chan Greeting, 1),
		readerDone: make(chan struct{}),
		done:       make(chan struct{}),
		wsem:       make(chan struct{}, 1),
		idless:     make(chan struct{}, 1),
		pending:    make(map[string]*call),
		subscribed: make(chan struct{}),
	}
	backlog := opts.EventBacklog
	if backlog <= 0 {
		backlog = DefaultEventBacklog
	}
	c.backlog = newSubscription(c, SubscribeOptions{Queue: backlog}, opts.Backpressure)
	c.setState(StateNegotiating, nil)
	switch opts.Mode {
	case ModeGuestAgent:
		// Armed before the reader starts: whatever the agent sends before
		// our sync reply is a previous client's and must be dropped.
		c.armSync()
	case ModeAuto:
		c.detect = newDetection()
	}
	go c.readLoop()
	if err := c.handshake(ctx); err != nil {
		c.shutdown(err)
		<-c.readerDone
		return nil, err
	}
	c.setState(StateReady, nil)
	return c, nil
}

func (c *Client) handshake(ctx context.Context) error {
	hctx, cancel := c.handshakeContext(ctx)
	defer cancel()
	if c.detect != nil {
		m, err := c.detectMode(hctx, c.detect)
		if err != nil {
			return err
		}
		c.mode = m
		if m == ModeGuestAgent {
			c.armSync()
		}
		close(c.detect.decided) // the reader reads on in the mode found
		if m == ModeGuestAgent {
			return c.syncGuestAgent(hctx, fmt.Sprintf("no QMP greeting within %v and no guest-agent sync reply within %%v: "+
				"another client may hold this QMP monitor, qemu-ga may not be running in the guest, or this is neither", detectGrace))
		}
	}
	if c.mode == ModeGuestAgent {
		return c.syncGuestAgent(hctx, "the guest agent did not answer guest-sync-delimited within %v: is qemu-ga running in the guest?")
	}
	select {
	case g := <-c.greetingCh:
		c.greeting = g
	case <-c.readerDone:
		return &ConnError{Op: "greeting", Addr: c.addr, Err: c.Err()}
	case <-hctx.Done():
		return c.handshakeExpired("greeting", hctx, "no QMP greeting within %v: is another client connected to this monitor?")
	}
	req := Request{Command: "qmp_capabilities"}
	if c.greeting.Has("oob") {
		req.Arguments = []byte(`{"enable":["oob"]}`)
	}
	if _, err := c.do(hctx, req); err != nil {
		return &ConnError{Op: "negotiate", Addr: c.addr, Err: err}
	}
	return nil
}

// handshakeContext bounds the handshake: by Options.HandshakeTimeout if
// set, else by ctx's own deadline, else by DefaultHandshakeTimeout.
func (c *Client) handshakeContext(ctx context.Context) (context.Context, context.CancelFunc) {
	if _, ok := ctx.Deadline(); ok && c.opts.HandshakeTimeout <= 0 {
		return context.WithCancel(ctx)
	}
	return context.WithTimeout(ctx, cmp.Or(max(c.opts.HandshakeTimeout, 0), DefaultHandshakeTimeout))
}

// handshakeExpired is the error for a handshake step hctx ended: a
// cancellation as it is, a deadline explained by format, which gets the
// time waited.
func (c *Client) handshakeExpired(op string, hctx context.Context, format string) error {
	if errors.Is(hctx.Err(), context.Canceled) {
		return &ConnError{Op: op, Addr: c.addr, Err: hctx.Err()}
	}
	waited := time.Since(c.started).Round(100 * time.Millisecond)
	return &ConnError{Op: op, Addr: c.addr, Err: fmt.Errorf(format, waited)}
}

// Greeting returns the server's greeting (zero for guest agents).
func (c *Client) Greeting() Greeting { return c.greeting }

// Addr returns the address the client is connected to.
func (c *Client) Addr() string { return c.addr }

// Mode returns the protocol dialect: for ModeAuto, the one detected.
func (c *Client) Mode() Mode { return c.mode }

// Status returns the current state.
func (c *Client) Status() Status {
	c.stateMu.Lock()
	defer c.stateMu.Unlock()
	return c.status
}

// Done is closed when the connection has closed for any reason.
func (c *Client) Done() <-chan struct{} { return c.done }

// Err returns why the connection closed, or nil while it is open.
func (c *Client) Err() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.cause
}

// Stats returns a snapshot of the counters.
func (c *Client) Stats() Stats {
	return Stats{
		Sent: c.sent.Load(), Received: c.received.Load(), Events: c.events.Load(),
		LateReplies: c.late.Load(), UnknownReplies: c.unknown.Load(), ProtocolErrors: c.protoErr.Load(),
	}
}

// Close closes the connection, fails pending requests with ErrClosed and
// waits for the reader goroutine to exit. It never waits on the peer and is
// safe to call more than once.
func (c *Client) Close() error {
	c.shutdown(ErrClosed)
	<-c.readerDone
	return nil
}

func (c *Client) setState(s State, err error) {
	c.stateMu.Lock()
	defer c.stateMu.Unlock()
	if c.status.State == StateClosed {
		return // closed is final
	}
	c.status = Status{State: s, Err: err, Time: time.Now()}
	if c.opts.OnState != nil {
		c.opts.OnState(c.status)
	}
}

// shutdown closes the connection once, with cause, and fails what waits.
func (c *Client) shutdown(cause error) {
	c.mu.Lock()
	if c.closed {
		c.mu.Unlock()
		return
	}
	c.closed, c.cause = true, cause
	calls := c.pending
	c.pending = nil
	c.mu.Unlock()

	c.conn.Close()
	// The state first: whoever a failed request wakes sees it closed.
	c.setState(StateClosed, cause)
	for _, cl := range calls {
		err := cause
		if cl.written.Load() {
			err = fmt.Errorf("%w: %w", ErrInterrupted, cause)
		}
		cl.done <- result{err: err}
	}
	close(c.done)
}

// ErrInterrupted marks requests that were sent but whose reply never came
// because the connection ended: QMP cannot tell whether they ran.
var ErrInterrupted = errors.New("qmp: connection lost after the request was sent; outcome unknown")

func (c *Client) protocolError(err error) {
	c.protoErr.Add(1)
	if c.opts.OnProtocolError != nil {
		c.opts.OnProtocolError(err)
	}
}
