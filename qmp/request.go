package qmp

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"os"
	"strconv"
	"sync/atomic"
	"time"

	"github.com/tidwall/gjson"
)

// Request is one command to send.
type Request struct {
	// Command is the command name, e.g. "query-status".
	Command string
	// Arguments is a JSON object, or nil for none.
	Arguments json.RawMessage
	// ID is the request id as JSON; nil lets the client assign one.
	ID json.RawMessage
	// OOB sends the command with exec-oob (the server must offer "oob"
	// and the command must allow it).
	OOB bool
	// Files are passed with the request over SCM_RIGHTS, for getfd and
	// add-fd; on other connections Do fails with ErrFilesNeedLocalSocket.
	Files []*os.File
	// Raw, if set, is a whole message sent unchanged instead of the fields
	// above. Its "id", if any, routes the reply; a Raw message without an id
	// waits until no other id-less request is in flight.
	Raw json.RawMessage
}

// Response is a reply and the request it answers.
type Response struct {
	// ID is the id echoed by the server.
	ID json.RawMessage
	// Return is the "return" member; nil for error replies.
	Return json.RawMessage
	// Raw is the reply as received; Request the request as sent.
	Raw, Request []byte
	// Sent and Received are local times.
	Sent, Received time.Time
	// Seq numbers the reply in the order the connection's messages were
	// read, the greeting being 1; comparing it with Event.Seq tells whether
	// an event came before or after the reply.
	Seq uint64
}

// Latency is the time from the end of sending to the reply's arrival.
func (r *Response) Latency() time.Duration { return r.Received.Sub(r.Sent) }

type call struct {
	key     string
	frame   []byte
	sent    time.Time
	written atomic.Bool
	done    chan result
}

type result struct {
	resp *Response
	err  error
}

// Do sends req and waits for its reply. It returns a non-nil Response
// whenever a reply arrived; an error reply comes back as a *Error together
// with that Response. If ctx ends first, Do returns ctx.Err() and the reply,
// if it comes later, goes to Options.OnLateReply. Safe for concurrent use.
func (c *Client) Do(ctx context.Context, req Request) (*Response, error) {
	if st := c.Status(); st.State != StateReady {
		if st.State == StateClosed {
			return nil, st.Err
		}
		return nil, ErrNotReady
	}
	return c.do(ctx, req)
}

// CanPassFiles reports whether the connection can carry Request.Files:
// only a local UNIX socket can.
func (c *Client) CanPassFiles() bool {
	_, ok := c.conn.(*net.UnixConn)
	return ok
}

// Execute runs a command with arguments marshalled from args (nil for none)
// and returns its "return" value.
func (c *Client) Execute(ctx context.Context, command string, args any) (json.RawMessage, error) {
	req := Request{Command: command}
	if args != nil {
		b, err := json.Marshal(args)
		if err != nil {
			return nil, fmt.Errorf("qmp: arguments of %s: %w", command, err)
		}
		req.Arguments = b
	}
	resp, err := c.Do(ctx, req)
	if err != nil {
		return nil, err
	}
	return resp.Return, nil
}

func (c *Client) do(ctx context.Context, req Request) (*Response, error) {
	if len(req.Files) > 0 && !c.CanPassFiles() {
		return nil, ErrFilesNeedLocalSocket
	}
	frame, key, err := c.encode(req)
	if err != nil {
		return nil, err
	}
	if key == "" {
		select {
		case c.idless <- struct{}{}:
			defer func() { <-c.idless }()
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
	cl := &call{key: key, frame: frame, done: make(chan result, 1)}
	if err := c.register(cl); err != nil {
		return nil, err
	}
	if err := c.send(ctx, frame, req.Files, cl); err != nil {
		c.unregister(cl)
		return nil, err
	}
	var r result
	select {
	case r = <-cl.done:
	case <-ctx.Done():
		if c.abandon(cl) {
			return nil, ctx.Err()
		}
		r = <-cl.done // the reply won the race
	}
	if r.resp != nil {
		r.resp.Request, r.resp.Sent = cl.frame, cl.sent
	}
	return r.resp, r.err
}

func (c *Client) register(cl *call) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed {
		return c.cause
	}
	if _, dup := c.pending[cl.key]; dup {
		return fmt.Errorf("qmp: a request with id %s is already in flight", cl.key)
	}
	c.pending[cl.key] = cl
	return nil
}

func (c *Client) unregister(cl *call) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.pending[cl.key] == cl {
		delete(c.pending, cl.key)
	}
}

// abandon removes a call whose requester gave up and remembers its id so a
// late reply is recognised. It reports false when the reply already came.
func (c *Client) abandon(cl *call) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.pending[cl.key] != cl {
		return false
	}
	delete(c.pending, cl.key)
	if cl.written.Load() {
		c.abandoned.add(cl)
	}
	return true
}

// encode builds the wire frame and the routing key of a request.
func (c *Client) encode(req Request) (frame []byte, key string, err error) {
	if req.Raw != nil {
		if TooDeep(req.Raw) {
			return nil, "", errors.New("qmp: raw request is nested deeper than QEMU accepts")
		}
		root := gjson.ParseBytes(req.Raw)
		if !gjson.ValidBytes(req.Raw) || !root.IsObject() {
			return nil, "", errors.New("qmp: raw request is not a JSON object")
		}
		if id := root.Get("id"); id.Exists() {
			key = idKey([]byte(id.Raw))
		}
		return oneLine(req.Raw), key, nil
	}
	if req.Command == "" {
		return nil, "", errors.New("qmp: request has no command")
	}
	id := req.ID
	if id == nil {
		id = strconv.AppendUint(nil, c.nextID.Add(1), 10)
	} else if !json.Valid(id) {
		return nil, "", fmt.Errorf("qmp: request id %q is not JSON", id)
	}
	verb := `{"execute":`
	if req.OOB {
		verb = `{"exec-oob":`
	}
	name, _ := json.Marshal(req.Command)
	frame = append(append([]byte(verb), name...), ',')
	if len(req.Arguments) > 0 {
		if TooDeep(req.Arguments) || !gjson.ValidBytes(req.Arguments) || !gjson.ParseBytes(req.Arguments).IsObject() {
			return nil, "", fmt.Errorf("qmp: arguments of %s are not a JSON object", req.Command)
		}
		frame = append(append(append(frame, `"arguments":`...), oneLine(req.Arguments)...), ',')
	}
	frame = append(append(append(frame, `"id":`...), id...), '}')
	return frame, idKey(id), nil
}

// oneLine compacts JSON that spans lines, since a message is one line.
func oneLine(b []byte) []byte {
	if !bytes.ContainsAny(b, "\r\n") {
		return b
	}
	var buf bytes.Buffer
	if json.Compact(&buf, b) != nil {
		return b
	}
	return buf.Bytes()
}

// idKey canonicalises an id so that the server's echo, which may re-space,
// reorder or re-escape it, maps to the same key as the request's.
func idKey(raw []byte) string {
	digits := len(raw) > 0
	for _, ch := range raw {
		if ch < '0' || ch > '9' {
			digits = false
			break
		}
	}
	if digits {
		// Beyond uint64 QEMU echoes the number as a double: canonicalise.
		if _, err := strconv.ParseUint(string(raw), 10, 64); err == nil {
			return string(raw)
		}
	}
	var v any
	if json.Unmarshal(raw, &v) != nil {
		return string(raw)
	}
	b, _ := json.Marshal(v)
	return string(b)
}

// recentCalls remembers abandoned requests by id, bounded, oldest
// forgotten first, so a late reply can still name its request.
type recentCalls struct {
	order []string
	set   map[string]*call
}

const maxAbandoned = 1024

func (r *recentCalls) add(cl *call) {
	if r.set == nil {
		r.set = make(map[string]*call)
	}
	if len(r.order) >= maxAbandoned {
		delete(r.set, r.order[0])
		r.order = r.order[1:]
	}
	r.order = append(r.order, cl.key)
	r.set[cl.key] = cl
}

func (r *recentCalls) remove(k string) *call {
	cl := r.set[k]
	if cl == nil {
		return nil
	}
	delete(r.set, k)
	for i, o := range r.order {
		if o == k {
			r.order = append(r.order[:i], r.order[i+1:]...)
			break
		}
	}
	return cl
}
