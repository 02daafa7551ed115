package qmp

import (
	"context"
	"time"
)

// detectGrace is how long ModeAuto waits for the first byte: QEMU greets
// as soon as a client connects, qemu-ga never speaks first.
const detectGrace = time.Second

// greetingPrefix is how every QMP greeting starts.
const greetingPrefix = `{"QMP"`

// detection hands the first bytes' verdict from the reader goroutine to the
// handshake, which alone decides the mode.
type detection struct {
	firstByte chan struct{} // closed when the first byte has arrived
	verdict   chan Mode     // what the first bytes say; buffered
	decided   chan struct{} // closed by the handshake once the mode is final
}

func newDetection() *detection {
	return &detection{firstByte: make(chan struct{}), verdict: make(chan Mode, 1), decided: make(chan struct{})}
}

// sniff runs on the reader goroutine before it reads any line: it peeks at
// the stream's first bytes without consuming them, reports what they say,
// and waits until the handshake has decided, so that no line is read under
// the wrong mode. A stream that fails returns at once; the reader then sees
// the failure.
func (c *Client) sniff(d *detection) {
	if _, err := c.lr.br.Peek(1); err != nil {
		return
	}
	close(d.firstByte)
	verdict := ModeQMP
	for n := 1; n <= len(greetingPrefix); n++ {
		b, err := c.lr.br.Peek(n)
		if err != nil {
			return
		}
		if b[n-1] != greetingPrefix[n-1] {
			verdict = ModeGuestAgent
			break
		}
	}
	d.verdict <- verdict
	select {
	case <-d.decided:
	case <-c.done:
	}
}

// detectMode decides between QMP and the guest agent: bytes that start a
// greeting within detectGrace make it QMP, however slowly the rest comes;
// silence or anything else makes it the guest agent. hctx bounds the wait
// for the rest of the prefix once a first byte has come.
func (c *Client) detectMode(hctx context.Context, d *detection) (Mode, error) {
	grace := time.NewTimer(detectGrace)
	defer grace.Stop()
	select {
	case <-d.firstByte:
	case <-grace.C:
		return ModeGuestAgent, nil
	case <-c.readerDone:
		return 0, &ConnError{Op: "greeting", Addr: c.addr, Err: c.Err()}
	case <-hctx.Done():
		return 0, c.handshakeExpired("greeting", hctx, "nothing received within %v")
	}
	select {
	case m := <-d.verdict:
		return m, nil
	case <-c.readerDone:
		return 0, &ConnError{Op: "greeting", Addr: c.addr, Err: c.Err()}
	case <-hctx.Done():
		return 0, c.handshakeExpired("greeting", hctx, "the first bytes did not arrive whole within %v")
	}
}
