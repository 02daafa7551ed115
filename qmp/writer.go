package qmp

import (
	"context"
	"fmt"
	"net"
	"os"
	"runtime"
	"syscall"
	"time"
)

// send writes one frame, with fds if any, and marks the call as on the wire.
// A write that fails after some bytes went out has corrupted the stream, so
// it closes the connection; one that fails before any byte leaves it intact.
func (c *Client) send(ctx context.Context, frame []byte, files []*os.File, cl *call) error {
	select {
	case c.wsem <- struct{}{}:
	case <-ctx.Done():
		return ctx.Err()
	case <-c.done:
		return c.Err()
	}
	defer func() { <-c.wsem }()

	deadline, _ := ctx.Deadline()
	if err := c.conn.SetWriteDeadline(deadline); err != nil {
		return &ConnError{Op: "write", Addr: c.addr, Err: err}
	}
	now := time.Now()
	if c.opts.Tap != nil {
		c.opts.Tap(WireMessage{Dir: Out, Time: now, Data: frame})
	}
	line := append(frame[:len(frame):len(frame)], '\n')
	if cl != nil {
		cl.sent = now // read back only by the goroutine that sends
	}
	// On the wire from the first byte: a fast server may answer before
	// Write returns, and id-less replies are routed to written requests.
	if cl != nil {
		cl.written.Store(true)
	}
	n, err := c.write(line, files)
	if err != nil && n == 0 && cl != nil {
		cl.written.Store(false)
	}
	switch {
	case err == nil:
	case n == 0 && ctx.Err() != nil:
		return ctx.Err()
	case n == 0:
		// Nothing left: the stream is intact. If the socket itself is dead
		// the reader sees it and closes the client.
		return &ConnError{Op: "write", Addr: c.addr, Err: err}
	default:
		cerr := &ConnError{Op: "write", Addr: c.addr, Err: err}
		c.shutdown(cerr)
		return cerr
	}
	c.sent.Add(1)
	return nil
}

func (c *Client) write(line []byte, files []*os.File) (int, error) {
	if len(files) == 0 {
		return c.conn.Write(line)
	}
	uc := c.conn.(*net.UnixConn) // do refused files on any other connection
	fds := make([]int, 0, len(files))
	for _, f := range files {
		raw, err := f.SyscallConn()
		if err != nil {
			return 0, fmt.Errorf("passing %s: %w", f.Name(), err)
		}
		if err := raw.Control(func(fd uintptr) { fds = append(fds, int(fd)) }); err != nil {
			return 0, fmt.Errorf("passing %s: %w", f.Name(), err)
		}
	}
	// The fds travel with the first byte; the rest of the line follows.
	n, _, err := uc.WriteMsgUnix(line, syscall.UnixRights(fds...), nil)
	runtime.KeepAlive(files)
	if err == nil && n < len(line) {
		var m int
		m, err = c.conn.Write(line[n:])
		n += m
	}
	return n, err
}
