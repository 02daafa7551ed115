package libvirt

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"sync"

	golibvirt "github.com/digitalocean/go-libvirt"

	"github.com/qmpdash/qmpdash/app/transport/remote"
)

// ShutOffError says the domain is not running (or stopped while
// connected): there is no monitor to reach until it starts again.
type ShutOffError struct {
	// Address is the domain's address.
	Address string
}

// Error implements error.
func (e *ShutOffError) Error() string { return "domain shut off: " + e.Address }

// Open attaches to the QEMU monitor of a's domain and returns it as a QMP
// stream: the greeting is waiting to be read. ctx bounds the attaching
// only. Closing the stream ends the libvirt connection. When the domain
// stops, reads fail with a *ShutOffError.
func Open(ctx context.Context, a Address, pool *remote.Pool) (net.Conn, error) {
	if a.Domain == "" {
		return nil, fmt.Errorf("libvirt %s: names no domain (libvirt:///system/NAME)", a)
	}
	client, server := net.Pipe()
	m := &monitor{addr: a.String(), server: server, wake: make(chan struct{}, 1), done: make(chan struct{})}
	d, err := connectDaemon(ctx, a, pool, m.queueEvent)
	if err != nil {
		client.Close()
		server.Close()
		return nil, err
	}
	m.daemon = d
	var greeting []byte
	err = d.bounded(ctx, func() error {
		var err error
		greeting, err = m.attach(ctx, a.Domain)
		return err
	})
	if err != nil {
		m.end(nil)
		client.Close()
		var off *ShutOffError
		if errors.As(err, &off) {
			return nil, err
		}
		return nil, fmt.Errorf("libvirt %s: %w", a, err)
	}
	conn := &monitorConn{Conn: client, m: m}
	go m.serve(greeting)
	return conn, nil
}

// monitor is the libvirt side of one domain's QMP stream.
type monitor struct {
	addr   string
	daemon *daemon
	dom    golibvirt.Domain
	server net.Conn

	writeMu sync.Mutex // one message at a time on server

	mu     sync.Mutex
	events []qemuEvent
	cause  error // why the stream ended, if not by Close
	wake   chan struct{}
	done   chan struct{}
	once   sync.Once
}

// attach finds the domain, watches its life and its QEMU events, and
// returns the greeting.
func (m *monitor) attach(ctx context.Context, name string) ([]byte, error) {
	rpc := m.daemon.rpc
	dom, err := rpc.DomainLookupByName(name)
	if err != nil {
		return nil, err
	}
	m.dom = dom
	life, err := rpc.LifecycleEvents(context.Background())
	if err != nil {
		return nil, err
	}
	go m.watchLife(life)
	if up, err := m.daemon.running(dom); err != nil || !up {
		if err == nil {
			err = &ShutOffError{Address: m.addr}
		}
		return nil, err
	}
	if _, err := rpc.QEMUConnectDomainMonitorEventRegister([]golibvirt.Domain{dom}, nil, 0); err != nil {
		return nil, err
	}
	version, err := m.passthrough(`{"execute":"query-version"}`)
	if err != nil {
		return nil, err
	}
	var reply struct {
		Return json.RawMessage `json:"return"`
		Error  *qmpError       `json:"error"`
	}
	if err := json.Unmarshal([]byte(version), &reply); err != nil || reply.Error != nil || reply.Return == nil {
		return nil, fmt.Errorf("query-version: unexpected reply %.200s", version)
	}
	return json.Marshal(map[string]any{"QMP": map[string]any{"version": reply.Return, "capabilities": []string{}}})
}

// watchLife ends the stream when the domain stops.
func (m *monitor) watchLife(life <-chan golibvirt.DomainEventLifecycleMsg) {
	for ev := range life {
		if ev.Dom.UUID == m.dom.UUID && ev.Event == int32(golibvirt.DomainEventStopped) {
			m.end(&ShutOffError{Address: m.addr})
		}
	}
	m.end(errors.New("libvirt: connection to the daemon lost"))
}

// queueEvent keeps ev for the event writer; it never blocks (it runs on
// go-libvirt's reading goroutine).
func (m *monitor) queueEvent(ev qemuEvent) {
	m.mu.Lock()
	m.events = append(m.events, ev)
	m.mu.Unlock()
	select {
	case m.wake <- struct{}{}:
	default:
	}
}

// end closes the stream, recording why; the first reason stays.
func (m *monitor) end(cause error) {
	m.once.Do(func() {
		m.mu.Lock()
		m.cause = cause
		m.mu.Unlock()
		close(m.done)
		m.server.Close()
		m.daemon.close()
	})
}

func (m *monitor) endCause() error {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.cause
}

// serve writes the greeting, then answers commands and forwards events
// until the stream ends.
func (m *monitor) serve(greeting []byte) {
	go m.forwardEvents()
	if m.write(greeting) != nil {
		m.end(nil)
		return
	}
	dec := json.NewDecoder(m.server)
	for {
		var req map[string]json.RawMessage
		err := dec.Decode(&req)
		if err != nil {
			if !errors.Is(err, io.EOF) && !errors.Is(err, io.ErrClosedPipe) {
				_ = m.write(errorReply(nil, "GenericError", "JSON parse error: "+err.Error()))
			}
			m.end(nil)
			return
		}
		if m.write(m.answer(req)) != nil {
			m.end(nil)
			return
		}
	}
}

// forwardEvents writes the queued QEMU events as QMP events, in order.
func (m *monitor) forwardEvents() {
	for {
		select {
		case <-m.wake:
		case <-m.done:
			return
		}
		m.mu.Lock()
		evs := m.events
		m.events = nil
		m.mu.Unlock()
		for _, ev := range evs {
			if m.write(eventMessage(ev)) != nil {
				return
			}
		}
	}
}

// write sends one message and its newline.
func (m *monitor) write(msg []byte) error {
	m.writeMu.Lock()
	defer m.writeMu.Unlock()
	_, err := m.server.Write(append(msg, '\n'))
	return err
}

// passthrough sends cmd (a QMP command without id) to the domain's
// monitor and returns QEMU's reply.
func (m *monitor) passthrough(cmd string) (string, error) {
	return m.daemon.rpc.QEMUDomainMonitorCommand(m.dom, cmd, 0)
}

// monitorConn is the client's end of the stream: it reads the reason the
// stream ended (a *ShutOffError) instead of a bare io.EOF.
type monitorConn struct {
	net.Conn
	m *monitor
}

// Read reads the stream.
func (c *monitorConn) Read(p []byte) (int, error) {
	n, err := c.Conn.Read(p)
	if err != nil {
		if cause := c.m.endCause(); cause != nil {
			return n, cause
		}
	}
	return n, err
}

// Close ends the stream and its libvirt connection.
func (c *monitorConn) Close() error {
	err := c.Conn.Close()
	c.m.end(nil)
	return err
}
