package remote

import (
	"context"
	"errors"
	"fmt"
	"net"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/crypto/ssh"
)

// DefaultIdleTimeout is how long a Pool keeps an SSH connection nobody
// uses, so that a listing followed by dials, or a quick reconnect, shares
// one handshake.
const DefaultIdleTimeout = 30 * time.Second

// Pool shares one SSH connection per user@host:port among all monitors on
// that host. A connection closes when it has been unused for IdleTimeout,
// and is replaced by the next dial once it dies. All methods are safe for
// concurrent use.
type Pool struct {
	// Settings locate the user's SSH set-up; the zero value reads nothing
	// (no config, no known hosts: every host is refused).
	Settings SSHSettings
	// IdleTimeout is how long an unused connection stays open; 0 means
	// DefaultIdleTimeout.
	IdleTimeout time.Duration

	mu         sync.Mutex
	links      map[string]*link
	closed     bool
	handshakes atomic.Uint64
}

// DefaultPool is the pool for the user's own SSH set-up.
var DefaultPool = &Pool{Settings: DefaultSSHSettings()}

// link is one SSH connection and the channels and listings using it.
type link struct {
	key    string
	ready  chan struct{} // closed when the handshake has ended
	client *ssh.Client   // set before ready closes, nil on failure
	err    error         // set before ready closes
	refs   int           // guarded by Pool.mu, as are idle and gone
	idle   *time.Timer
	gone   bool
}

// Handshakes counts the SSH handshakes the pool has started, one per TCP
// connection it opened.
func (p *Pool) Handshakes() uint64 { return p.handshakes.Load() }

// Dial opens a stream to the remote UNIX socket of an ssh:// address over
// the host's shared SSH connection, making the connection if there is
// none. Closing the returned conn releases its share of the connection.
func (p *Pool) Dial(ctx context.Context, addr string) (net.Conn, error) {
	a, err := ParseSSH(addr)
	if err != nil {
		return nil, err
	}
	t, err := p.Settings.resolve(a)
	if err != nil {
		return nil, err
	}
	// A connection that died unnoticed fails the channel; one more try
	// on a fresh connection tells that apart from a dead socket.
	for try := 0; ; try++ {
		l, err := p.acquire(ctx, t)
		if err != nil {
			return nil, err
		}
		ch, err := l.client.DialContext(ctx, "unix", t.path)
		if err == nil {
			return newChannelConn(ch, func() { p.release(l) }), nil
		}
		var refused *ssh.OpenChannelError
		if errors.As(err, &refused) {
			p.release(l)
			return nil, fmt.Errorf("ssh %s: remote socket %s: %w (does it exist, may %s open it, and does sshd allow stream-local forwarding?)",
				t.key(), t.path, err, t.user)
		}
		if ctx.Err() != nil || try > 0 {
			p.release(l)
			return nil, fmt.Errorf("ssh %s: remote socket %s: %w", t.key(), t.path, err)
		}
		p.discard(l)
		p.release(l)
	}
}

// Close closes every connection; conns dialled through them break. Dials
// after Close fail.
func (p *Pool) Close() error {
	p.mu.Lock()
	p.closed = true
	links := p.links
	p.links = nil
	for _, l := range links {
		l.gone = true
		if l.idle != nil {
			l.idle.Stop()
		}
	}
	p.mu.Unlock()
	for _, l := range links {
		<-l.ready
		if l.client != nil {
			l.client.Close()
		}
	}
	return nil
}

// acquire returns t's connection with a reference taken, making it if
// needed. Concurrent callers for one host share one handshake.
func (p *Pool) acquire(ctx context.Context, t sshTarget) (*link, error) {
	p.mu.Lock()
	if p.closed {
		p.mu.Unlock()
		return nil, errors.New("ssh: connection pool closed")
	}
	if p.links == nil {
		p.links = map[string]*link{}
	}
	l, found := p.links[t.key()]
	if !found {
		l = &link{key: t.key(), ready: make(chan struct{})}
		p.links[l.key] = l
	}
	l.refs++
	if l.idle != nil {
		l.idle.Stop()
		l.idle = nil
	}
	p.mu.Unlock()

	if !found {
		l.client, l.err = p.connect(ctx, t)
		close(l.ready)
		if l.client != nil {
			go p.watch(l)
		}
	}
	select {
	case <-l.ready:
	case <-ctx.Done():
		p.release(l)
		return nil, ctx.Err()
	}
	if l.err != nil {
		p.discard(l)
		p.release(l)
		return nil, l.err
	}
	return l, nil
}

// release drops one reference; the last one starts the idle timer.
func (p *Pool) release(l *link) {
	p.mu.Lock()
	defer p.mu.Unlock()
	l.refs--
	if l.refs > 0 || l.gone || l.client == nil {
		return
	}
	idle := p.IdleTimeout
	if idle <= 0 {
		idle = DefaultIdleTimeout
	}
	l.idle = time.AfterFunc(idle, func() {
		p.mu.Lock()
		unused := l.refs == 0 && !l.gone
		p.mu.Unlock()
		if unused {
			p.discard(l)
		}
	})
}

// discard takes l out of the pool and closes its connection; the next
// dial makes a new one.
func (p *Pool) discard(l *link) {
	p.mu.Lock()
	l.gone = true
	if p.links[l.key] == l {
		delete(p.links, l.key)
	}
	p.mu.Unlock()
	if l.client != nil {
		l.client.Close()
	}
}

// watch discards l when its connection ends, whatever ended it.
func (p *Pool) watch(l *link) {
	_ = l.client.Wait()
	p.discard(l)
}

// connect dials and authenticates one SSH connection, bounded by ctx.
// It asks for the host key types known_hosts holds for the host; a server
// that has none of them gets a second handshake that accepts any type, so
// that the refusal names the key it has now.
func (p *Pool) connect(ctx context.Context, t sshTarget) (*ssh.Client, error) {
	keys, err := loadHostKeys(p.Settings.KnownHosts)
	if err != nil {
		return nil, err
	}
	creds := p.Settings.loadCredentials(t)
	defer creds.close()
	cfg := &ssh.ClientConfig{
		User:              t.user,
		Auth:              []ssh.AuthMethod{ssh.PublicKeys(creds.signers...)},
		HostKeyCallback:   keys.callback,
		HostKeyAlgorithms: keys.algorithms(t.hostPort),
	}
	c, err := p.handshake(ctx, t, cfg)
	var otherType *ssh.AlgorithmNegotiationError
	if errors.As(err, &otherType) && otherType.What == "host key" && cfg.HostKeyAlgorithms != nil {
		cfg.HostKeyAlgorithms = nil
		c, err = p.handshake(ctx, t, cfg)
	}
	var hk *HostKeyError
	switch {
	case err == nil:
		return c, nil
	case errors.As(err, &hk):
		return nil, hk
	case ctx.Err() != nil:
		return nil, fmt.Errorf("ssh %s: handshake: %w", t.key(), ctx.Err())
	}
	return nil, fmt.Errorf("ssh %s: %w", t.key(), creds.explain(err))
}

// handshake opens a TCP connection and runs the SSH handshake over it.
func (p *Pool) handshake(ctx context.Context, t sshTarget, cfg *ssh.ClientConfig) (*ssh.Client, error) {
	var d net.Dialer
	conn, err := d.DialContext(ctx, "tcp", t.hostPort)
	if err != nil {
		return nil, err
	}
	// The handshake has no context of its own: closing the socket is what
	// interrupts it.
	stop := context.AfterFunc(ctx, func() { conn.Close() })
	defer stop()
	p.handshakes.Add(1)
	c, chans, reqs, err := ssh.NewClientConn(conn, t.hostPort, cfg)
	if err != nil {
		conn.Close()
		return nil, err
	}
	if !stop() {
		c.Close()
		return nil, ctx.Err()
	}
	return ssh.NewClient(c, chans, reqs), nil
}
