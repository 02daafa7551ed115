package remote

import (
	"errors"
	"fmt"
	"net"
	"os"
	"sync"
	"sync/atomic"
	"time"
)

// channelConn is an SSH channel to a remote socket, with write deadlines
// and a share of the pooled connection that Close gives back.
//
// SSH channels have no deadlines of their own, and qmp bounds every write
// by its request's context. A write still blocked when its deadline passes
// closes the channel: it fails with os.ErrDeadlineExceeded, and the stream,
// perhaps half-written, is not used again. Read deadlines are not
// supported (qmp's reader needs none).
type channelConn struct {
	net.Conn
	release   func()
	closeOnce sync.Once

	mu            sync.Mutex
	writeDeadline time.Time
}

func newChannelConn(ch net.Conn, release func()) *channelConn {
	return &channelConn{Conn: ch, release: release}
}

// Write writes b, closing the channel if the write deadline passes first.
func (c *channelConn) Write(b []byte) (int, error) {
	c.mu.Lock()
	deadline := c.writeDeadline
	c.mu.Unlock()
	if deadline.IsZero() {
		return c.Conn.Write(b)
	}
	wait := time.Until(deadline)
	if wait <= 0 {
		return 0, fmt.Errorf("ssh channel write: %w", os.ErrDeadlineExceeded)
	}
	var expired atomic.Bool
	timer := time.AfterFunc(wait, func() {
		expired.Store(true)
		c.Close()
	})
	n, err := c.Conn.Write(b)
	timer.Stop()
	if err != nil && expired.Load() {
		err = fmt.Errorf("ssh channel write: %w (the channel was closed)", os.ErrDeadlineExceeded)
	}
	return n, err
}

// SetWriteDeadline bounds later writes; the zero time removes the bound.
func (c *channelConn) SetWriteDeadline(t time.Time) error {
	c.mu.Lock()
	c.writeDeadline = t
	c.mu.Unlock()
	return nil
}

// errNoReadDeadline is SetReadDeadline's and SetDeadline's answer.
var errNoReadDeadline = errors.New("ssh channel: read deadlines are not supported")

// SetReadDeadline is not supported.
func (c *channelConn) SetReadDeadline(time.Time) error { return errNoReadDeadline }

// SetDeadline is not supported, because read deadlines are not.
func (c *channelConn) SetDeadline(time.Time) error { return errNoReadDeadline }

// Close closes the channel and releases the shared connection once.
func (c *channelConn) Close() error {
	var err error
	c.closeOnce.Do(func() {
		err = c.Conn.Close()
		c.release()
	})
	return err
}
