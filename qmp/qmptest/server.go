// Package qmptest is the test kit: a scripted fake QMP server; FakeQEMU,
// which answers the start-up exchange from the shared fixtures
// (fakeqemu.go); Eventually, the one way tests wait for a condition
// (eventually.go); and helpers that start real QEMU, qemu-ga and
// qemu-storage-daemon in temp dirs (qemu.go). The fake server speaks over real sockets (a UNIX listener in a
// temp dir, or a socketpair), so the client's buffering is exercised as it
// is against QEMU, and every Write call is one write(2): tests choose the
// write boundaries.
package qmptest

import (
	"encoding/json"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// Greeting72 is a greeting shaped like QEMU 7.2's, offering oob.
const Greeting72 = `{"QMP": {"version": {"qemu": {"micro": 22, "minor": 2, "major": 7}, "package": "Debian 1:7.2+dfsg-7+deb12u18+b3"}, "capabilities": ["oob"]}}`

// Timeout bounds every wait of the fake server.
const Timeout = 5 * time.Second

// Server is a UNIX-socket listener in a temp dir. It is closed at the end
// of the test.
type Server struct {
	// Path is the socket path to dial.
	Path string
	t    testing.TB
	ln   *net.UnixListener
}

// NewServer listens on a fresh socket in t.TempDir().
func NewServer(t testing.TB) *Server {
	t.Helper()
	path := filepath.Join(t.TempDir(), "qmp.sock")
	ln, err := net.ListenUnix("unix", &net.UnixAddr{Name: path, Net: "unix"})
	if err != nil {
		t.Fatalf("qmptest: listen: %v", err)
	}
	t.Cleanup(func() { ln.Close() })
	return &Server{Path: path, t: t, ln: ln}
}

// Accept waits for the next client. It may be called from any goroutine;
// on failure it reports with t.Error and returns nil.
func (s *Server) Accept() *Peer {
	if err := s.ln.SetDeadline(time.Now().Add(Timeout)); err != nil {
		s.t.Errorf("qmptest: %v", err)
		return nil
	}
	conn, err := s.ln.AcceptUnix()
	if err != nil {
		s.t.Errorf("qmptest: accept: %v", err)
		return nil
	}
	return newPeer(s.t, conn)
}

// AcceptAll hands every client to handle, each on its own goroutine,
// until the test ends; it returns at once.
func (s *Server) AcceptAll(handle func(*Peer)) {
	go func() {
		for {
			conn, err := s.ln.AcceptUnix()
			if err != nil {
				return // the listener closed at the end of the test
			}
			go handle(newPeer(s.t, conn))
		}
	}()
}

// Socketpair returns the client end of a connected socketpair and the fake
// server's end.
func Socketpair(t testing.TB) (net.Conn, *Peer) {
	t.Helper()
	fds, err := syscall.Socketpair(syscall.AF_UNIX, syscall.SOCK_STREAM|syscall.SOCK_CLOEXEC, 0)
	if err != nil {
		t.Fatalf("qmptest: socketpair: %v", err)
	}
	client := fileConn(t, fds[0], "client")
	server := fileConn(t, fds[1], "server")
	return client, newPeer(t, server.(*net.UnixConn))
}

func fileConn(t testing.TB, fd int, name string) net.Conn {
	f := os.NewFile(uintptr(fd), name)
	defer f.Close() // FileConn dups the descriptor
	c, err := net.FileConn(f)
	if err != nil {
		t.Fatalf("qmptest: %v", err)
	}
	return c
}

// Peer is the server side of one connection. Its methods report failures
// with t.Error (safe from any goroutine) and carry on with zero values.
type Peer struct {
	t       testing.TB
	conn    *net.UnixConn
	pending []byte
	// Files collects descriptors received with requests (SCM_RIGHTS).
	Files []*os.File
}

func newPeer(t testing.TB, conn *net.UnixConn) *Peer {
	p := &Peer{t: t, conn: conn}
	t.Cleanup(func() {
		conn.Close()
		for _, f := range p.Files {
			f.Close()
		}
	})
	return p
}

// Write sends each chunk with its own write(2) call, in order.
func (p *Peer) Write(chunks ...string) {
	for _, c := range chunks {
		if _, err := p.conn.Write([]byte(c)); err != nil {
			p.t.Errorf("qmptest: write: %v", err)
			return
		}
	}
}

// Trickle sends s in writes of at most n bytes, pausing briefly between
// them so the client sees many short reads.
func (p *Peer) Trickle(s string, n int) {
	for len(s) > 0 {
		k := min(n, len(s))
		p.Write(s[:k])
		s = s[k:]
		time.Sleep(50 * time.Microsecond)
	}
}

// Close closes the connection.
func (p *Peer) Close() { p.conn.Close() }

// Request is a request as the fake server read it.
type Request struct {
	Execute   string          `json:"execute"`
	ExecOOB   string          `json:"exec-oob"`
	Arguments json.RawMessage `json:"arguments"`
	ID        json.RawMessage `json:"id"`
	// Line is the request line as received, without its terminator.
	Line string `json:"-"`
}

// Name is the command name whether sent with execute or exec-oob.
func (r Request) Name() string { return r.Execute + r.ExecOOB }

// ReadRequest reads one request line, collecting any passed descriptors.
func (p *Peer) ReadRequest() Request {
	if err := p.conn.SetReadDeadline(time.Now().Add(Timeout)); err != nil {
		p.t.Errorf("qmptest: %v", err)
	}
	r, err := p.Next()
	if err != nil {
		p.t.Errorf("qmptest: read request: %v", err)
	}
	return r
}

// Serve answers requests with reply until the connection closes; reply
// returns the raw reply line for a request. Run it in a goroutine.
func (p *Peer) Serve(reply func(Request) string) {
	// Earlier scripted reads set a deadline; serving lasts the whole test.
	if err := p.conn.SetReadDeadline(time.Time{}); err != nil {
		return
	}
	for {
		r, err := p.Next()
		if err != nil {
			return
		}
		if _, err := p.conn.Write([]byte(reply(r))); err != nil {
			return // closed at the end of the test
		}
	}
}

// Next reads one request without a deadline and without reporting
// failures: the end of the connection is an error, not a test failure.
func (p *Peer) Next() (Request, error) {
	line, err := p.readLine()
	if err != nil {
		return Request{}, err
	}
	var r Request
	// qemu-ga clients put 0xFF before a sync request to flush the agent.
	body := []byte(line)
	for len(body) > 0 && body[0] == 0xff {
		body = body[1:]
	}
	if err := json.Unmarshal(body, &r); err != nil {
		return Request{Line: line}, fmt.Errorf("request %q: %w", line, err)
	}
	r.Line = line
	return r, nil
}

// Expect reads a request and reports an error unless it is the named command.
func (p *Peer) Expect(name string) Request {
	r := p.ReadRequest()
	if r.Name() != name {
		p.t.Errorf("qmptest: got request %q, want %s", r.Line, name)
	}
	return r
}

// Greet sends Greeting72.
func (p *Peer) Greet() { p.Write(Greeting72 + "\r\n") }

// Negotiate sends Greeting72 and answers qmp_capabilities.
func (p *Peer) Negotiate() { p.negotiate(Greeting72) }

// negotiateServing is negotiate for a server that takes every client:
// a client that goes away before it negotiated (a session reconnecting
// while the test ends) is not a failure, and false is returned; a client
// that sends something else first is.
func (p *Peer) negotiateServing(greeting string) bool {
	if _, err := p.conn.Write([]byte(greeting + "\r\n")); err != nil {
		return false
	}
	if err := p.conn.SetReadDeadline(time.Now().Add(Timeout)); err != nil {
		return false
	}
	r, err := p.Next()
	if err != nil {
		return false
	}
	if r.Name() != "qmp_capabilities" {
		p.t.Errorf("qmptest: got request %q, want qmp_capabilities", r.Line)
	}
	_, err = p.conn.Write([]byte(ReplyLine(r, "{}")))
	return err == nil
}

// negotiate sends greeting (a line without its end) and answers
// qmp_capabilities.
func (p *Peer) negotiate(greeting string) {
	p.Write(greeting + "\r\n")
	p.Reply(p.Expect("qmp_capabilities"), "{}")
}

// Reply answers r with the given return value (JSON).
func (p *Peer) Reply(r Request, ret string) { p.Write(ReplyLine(r, ret)) }

// ReplyError answers r with an error reply.
func (p *Peer) ReplyError(r Request, class, desc string) {
	p.Write(fmt.Sprintf(`{"id": %s, "error": {"class": %q, "desc": %q}}`+"\r\n", r.ID, class, desc))
}

// Event sends an event; data is JSON or "" for none.
func (p *Peer) Event(name, data string) { p.Write(EventLine(name, data)) }

// ReplyLine renders a return reply, as QEMU does: return first, id last.
func ReplyLine(r Request, ret string) string {
	return fmt.Sprintf(`{"return": %s, "id": %s}`+"\r\n", ret, r.ID)
}

// EventLine renders an event line with a fixed timestamp.
func EventLine(name, data string) string {
	var b strings.Builder
	fmt.Fprintf(&b, `{"timestamp": {"seconds": 1700000000, "microseconds": 250}, "event": %q`, name)
	if data != "" {
		fmt.Fprintf(&b, `, "data": %s`, data)
	}
	b.WriteString("}\r\n")
	return b.String()
}
