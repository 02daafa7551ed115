package share

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"sync"
	"sync/atomic"

	"github.com/qmpdash/qmpdash/app/cmdline"
	"github.com/qmpdash/qmpdash/app/store"
	"github.com/qmpdash/qmpdash/qmp"
	"github.com/tidwall/gjson"
	"golang.org/x/sys/unix"
)

// client is one connection to the shared socket: a reader that runs its
// commands one at a time, and a writer that drains its bounded queue.
type client struct {
	srv   *server
	conn  *net.UnixConn
	label string // "shared #3 pid 4242", in the command log and messages
	out   chan []byte
	done  chan struct{}
	once  sync.Once

	negotiated atomic.Bool
}

func newClient(srv *server, conn *net.UnixConn) *client {
	label := fmt.Sprintf("shared #%d", srv.seq.Add(1))
	if pid := peerPID(conn); pid > 0 {
		label += fmt.Sprintf(" pid %d", pid)
	}
	return &client{srv: srv, conn: conn, label: label, out: make(chan []byte, srv.queue), done: make(chan struct{})}
}

// peerPID is the process id of the socket's other end, 0 if unknown.
func peerPID(conn *net.UnixConn) int {
	raw, err := conn.SyscallConn()
	if err != nil {
		return 0
	}
	pid := 0
	_ = raw.Control(func(fd uintptr) {
		if cred, err := unix.GetsockoptUcred(int(fd), unix.SOL_SOCKET, unix.SO_PEERCRED); err == nil {
			pid = int(cred.Pid)
		}
	})
	return pid
}

// serve greets the client and runs its commands until it leaves or is
// closed. While the session is not connected to the monitor there is no
// greeting to give: the client is closed at once, as if the monitor were
// not there.
func (c *client) serve() {
	defer c.close()
	st := c.srv.s.State()
	if st.Conn != qmp.StateReady || st.Mode != qmp.ModeQMP {
		return
	}
	go c.write()
	c.enqueue(greeting(st.Greeting.Raw))
	dec := json.NewDecoder(c.conn)
	for {
		var msg json.RawMessage
		if err := dec.Decode(&msg); err != nil {
			var syntax *json.SyntaxError
			if errors.As(err, &syntax) {
				// Said before closing, past the queue: nothing follows it.
				_ = c.send(errorReply("GenericError", "JSON parse error: "+err.Error(), gjson.Result{}))
			}
			return
		}
		if reply := c.handle(gjson.ParseBytes(msg)); !c.enqueue(reply) {
			return
		}
	}
}

// handle runs one message and returns the reply to it.
func (c *client) handle(msg gjson.Result) []byte {
	id := msg.Get("id")
	if !msg.IsObject() {
		return errorReply("GenericError", "QMP input must be a JSON object", gjson.Result{})
	}
	if msg.Get("exec-oob").Exists() {
		return errorReply("GenericError", "qmpdash's shared monitor offers no out-of-band execution", id)
	}
	name := msg.Get("execute")
	if name.Type != gjson.String {
		return errorReply("GenericError", "QMP input lacks member 'execute'", id)
	}
	switch {
	case name.Str == "qmp_capabilities" && c.negotiated.Load():
		return errorReply("CommandNotFound", "Capabilities negotiation is already complete, command ignored", id)
	case name.Str == "qmp_capabilities":
		if enable := msg.Get("arguments.enable"); enable.IsArray() && len(enable.Array()) > 0 {
			return errorReply("GenericError", "qmpdash's shared monitor offers no capabilities: "+enable.Raw, id)
		}
		c.negotiated.Store(true)
		return withID([]byte(`{"return": {}}`), id)
	case !c.negotiated.Load():
		return errorReply("CommandNotFound", "Expecting capabilities negotiation with 'qmp_capabilities'", id)
	}
	return c.forward(msg, id)
}

// forward sends a command through the session's send path and returns the
// reply with the client's id.
func (c *client) forward(msg, id gjson.Result) []byte {
	s := c.srv.s
	body := string(withoutID(msg))
	line, err := cmdline.Parse(body)
	if err != nil {
		return errorReply("GenericError", "qmpdash: "+err.Error(), id)
	}
	out, err := s.Check(line, body)
	if err != nil {
		return errorReply("GenericError", "qmpdash: "+err.Error(), id)
	}
	out.From = c.label
	if s.NeedsConfirm(out) {
		s.Notices.Add(store.Warning, fmt.Sprintf("%s sent %s, which the dashboard asks to confirm: no one is there to ask", c.label, out.Label()))
	}
	sent, err := s.SendTracked(out)
	if err != nil {
		return errorReply("GenericError", "qmpdash: "+err.Error(), id)
	}
	resp, err := sent.Response()
	switch {
	case resp != nil && len(resp.Raw) > 0:
		return withID(resp.Raw, id)
	case errors.Is(err, context.DeadlineExceeded):
		return errorReply("GenericError", fmt.Sprintf("qmpdash: no reply from the VM within %v; a late one shows in the dashboard only", sent.Timeout), id)
	}
	return errorReply("GenericError", "qmpdash: "+err.Error(), id)
}

// enqueue queues a message for the client without waiting. A client whose
// queue is full is not reading: it is disconnected, with a warning, and
// enqueue reports false.
func (c *client) enqueue(msg []byte) bool {
	select {
	case <-c.done:
		return false
	default:
	}
	select {
	case c.out <- msg:
		return true
	default:
	}
	c.srv.s.Notices.Add(store.Warning, fmt.Sprintf("shared monitor: %s disconnected: it left %d messages unread", c.label, cap(c.out)))
	c.close()
	return false
}

// write sends the queued messages until the client is closed.
func (c *client) write() {
	for {
		select {
		case msg := <-c.out:
			if err := c.send(msg); err != nil {
				c.close()
				return
			}
		case <-c.done:
			return
		}
	}
}

// send writes one message and its line end. msg may be an event every
// client shares: it is never appended to.
func (c *client) send(msg []byte) error {
	bufs := net.Buffers{msg, crlf}
	_, err := bufs.WriteTo(c.conn)
	return err
}

var crlf = []byte("\r\n")

// close disconnects the client; it is safe to call more than once.
func (c *client) close() {
	c.once.Do(func() {
		close(c.done)
		c.conn.Close()
		c.srv.forget(c)
	})
}
