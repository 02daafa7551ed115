package qmp

import (
	"errors"
	"fmt"
	"time"

	"github.com/tidwall/gjson"
)

// wakeEvery is how many messages the reader handles at most before it
// wakes the subscribers that have events waiting.
const wakeEvery = 256

// readLoop is the client's only reader. It returns when the connection fails
// or is closed; it never blocks on a consumer.
func (c *Client) readLoop() {
	defer close(c.readerDone)
	if c.detect != nil {
		c.sniff(c.detect)
	}
	for n := 0; ; n++ {
		if n == wakeEvery || c.lr.buffered() == 0 {
			c.wakeSubscribers()
			n = 0
		}
		line, err := c.lr.next()
		now := time.Now()
		if err != nil {
			var tooLong *LineTooLongError
			if errors.As(err, &tooLong) {
				c.handleTooLong(tooLong)
				continue
			}
			c.shutdown(&ConnError{Op: "read", Addr: c.addr, Err: err})
			return
		}
		seq := c.received.Add(1)
		if c.opts.Tap != nil {
			c.opts.Tap(WireMessage{Dir: In, Time: now, Data: line})
		}
		m, perr := decode(line, now, &c.names)
		if perr != nil {
			c.handleUnreadable(perr)
			continue
		}
		m.seq = seq
		c.dispatch(m, now)
	}
}

func (c *Client) dispatch(m inbound, now time.Time) {
	switch m.kind {
	case kindGreeting:
		select {
		case c.greetingCh <- m.greeting:
		default:
			c.protocolError(&ProtocolError{Msg: "unexpected second greeting", Raw: clip(m.raw)})
		}
	case kindEvent:
		c.events.Add(1)
		m.event.Seq = m.seq
		c.publish(m.event)
	default:
		if c.syncReply(m) {
			return
		}
		c.route(m, now)
	}
}

// route hands a reply to the request it answers.
func (c *Client) route(m inbound, now time.Time) {
	key := ""
	if m.id != nil {
		key = idKey(m.id)
	}
	c.mu.Lock()
	cl := c.pending[key]
	if cl == nil && m.id == nil {
		cl = c.onlyWrittenCall()
	}
	if cl != nil {
		delete(c.pending, cl.key)
	}
	var late *call
	if cl == nil {
		late = c.abandoned.remove(key)
	}
	c.mu.Unlock()

	resp := &Response{ID: m.id, Return: m.ret, Raw: m.raw, Received: now, Seq: m.seq}
	var err error
	if m.kind == kindError {
		err = &Error{Class: m.errClass, Desc: m.errDesc, ID: m.id, Raw: m.raw}
	}
	switch {
	case cl != nil:
		cl.done <- result{resp: resp, err: err}
	case late != nil:
		resp.Request, resp.Sent = late.frame, late.sent
		c.late.Add(1)
		if c.opts.OnLateReply != nil {
			c.opts.OnLateReply(resp, err)
		}
	case m.id == nil && err != nil:
		c.protocolError(&ProtocolError{Msg: fmt.Sprintf("error reply without id that matches no single request: %v", err), Raw: clip(m.raw)})
	default:
		c.unknown.Add(1)
		c.protocolError(&ProtocolError{Msg: fmt.Sprintf("reply for unknown id %s", clip(m.id)), Raw: clip(m.raw)})
	}
}

// onlyWrittenCall returns the request an id-less reply must belong to: the
// single request on the wire, or nil when that is ambiguous. c.mu is held.
func (c *Client) onlyWrittenCall() *call {
	var only *call
	for _, cl := range c.pending {
		if !cl.written.Load() {
			continue
		}
		if only != nil {
			return nil
		}
		only = cl
	}
	return only
}

// handleTooLong fails the request an oversized message must belong to. When
// several are in flight nobody can tell which one lost its reply, so the
// connection is closed rather than leaving one of them waiting forever.
func (c *Client) handleTooLong(e *LineTooLongError) {
	only, inFlight := c.takeOnlyInFlight()
	switch {
	case inFlight == 0:
		c.protocolError(e)
	case only != nil:
		only.done <- result{err: e}
	default:
		c.shutdown(&ConnError{Op: "read", Addr: c.addr, Err: e})
	}
}

// handleUnreadable fails the request a message that cannot be read must
// belong to. With several in flight the message is reported and they keep
// waiting: the ones whose reply it was end by their timeouts.
func (c *Client) handleUnreadable(e *ProtocolError) {
	only, inFlight := c.takeOnlyInFlight()
	switch {
	case inFlight == 0:
		c.protocolError(e)
	case only != nil:
		only.done <- result{err: &UnreadableReplyError{Cause: e}}
	default:
		c.protocolError(&ProtocolError{Msg: fmt.Sprintf("%s; it may have been the reply of one of the %d requests in flight, which then end by their timeout", e.Msg, inFlight), Raw: e.Raw})
	}
}

// takeOnlyInFlight counts the requests on the wire. When there is exactly
// one, it is removed from the pending set and remembered as abandoned, so
// that should its genuine reply still come, it is recognised as late.
func (c *Client) takeOnlyInFlight() (only *call, inFlight int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, cl := range c.pending {
		if cl.written.Load() {
			inFlight++
			only = cl
		}
	}
	if inFlight != 1 {
		return nil, inFlight
	}
	delete(c.pending, only.key)
	c.abandoned.add(only)
	return only, 1
}

// syncReply consumes replies during the guest-agent sync: everything before
// the reply carrying our token is stale output and is dropped.
func (c *Client) syncReply(m inbound) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.syncDone == nil {
		return false
	}
	if m.kind == kindReturn && gjson.ParseBytes(m.ret).Int() == c.syncToken && string(m.ret) != "" {
		close(c.syncDone)
		c.syncDone = nil
	}
	return true
}
