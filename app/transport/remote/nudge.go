package remote

import (
	"bytes"
	"net"
	"sync"
	"sync/atomic"
	"time"

	"github.com/tidwall/gjson"
)

// QEMU before 8.0 watches only the socket under its TLS session, not the
// data GnuTLS has already read off it ("io/channel-tls: fix handling of
// bigger read buffers", QEMU 8.0). A command that arrives in one go is
// then only partly processed until more bytes arrive, and its reply never
// comes. nudgeConn supplies those bytes: after each write, until the
// server answers, it sends single spaces, which QMP ignores between
// messages, quickly at first and then every few milliseconds. It stops
// for good once the greeting shows QEMU 8.0 or later.
type nudgeConn struct {
	net.Conn

	writeMu sync.Mutex    // one write at a time: a nudge never splits a message
	writes  atomic.Uint64 // writes so far
	heard   atomic.Uint64 // the writes count when data last came in
	fixed   atomic.Bool   // the server has the fix: no more nudges

	greeted bool   // read goroutine only: the first line has been seen
	first   []byte // read goroutine only: the first line so far
}

const (
	nudgeFirst = time.Millisecond
	nudgeMax   = 4 * time.Millisecond
	nudgeFor   = 10 * time.Second
)

// Read reads, noting that the server spoke, and reads the greeting's
// QEMU version. One goroutine reads, as qmp's reader does.
func (c *nudgeConn) Read(b []byte) (int, error) {
	n, err := c.Conn.Read(b)
	if n > 0 {
		c.heard.Store(c.writes.Load())
		if !c.greeted {
			c.sniffGreeting(b[:n])
		}
	}
	return n, err
}

// sniffGreeting collects the first line and decides whether the server
// needs nudges.
func (c *nudgeConn) sniffGreeting(data []byte) {
	line, _, complete := bytes.Cut(data, []byte("\n"))
	c.first = append(c.first, line...)
	if !complete && len(c.first) < 4096 {
		return
	}
	c.greeted = true
	major := gjson.GetBytes(c.first, "QMP.version.qemu.major")
	c.fixed.Store(major.Exists() && major.Int() >= 8)
	c.first = nil
}

// Write writes b and nudges until the server answers.
func (c *nudgeConn) Write(b []byte) (int, error) {
	c.writeMu.Lock()
	n, err := c.Conn.Write(b)
	write := c.writes.Add(1)
	c.writeMu.Unlock()
	if err == nil && !c.fixed.Load() {
		go c.nudge(write)
	}
	return n, err
}

// nudge sends spaces until the server has said something since write,
// a later write took over, or nudgeFor has passed.
func (c *nudgeConn) nudge(write uint64) {
	wait := nudgeFirst
	for spent := time.Duration(0); spent < nudgeFor; spent += wait {
		time.Sleep(wait)
		wait = min(2*wait, nudgeMax)
		if c.writes.Load() != write || c.heard.Load() == write {
			return
		}
		c.writeMu.Lock()
		_, err := c.Conn.Write([]byte(" "))
		c.writeMu.Unlock()
		if err != nil {
			return
		}
	}
}
