package share

import (
	"bufio"
	"context"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/qmpdash/qmpdash/app/session"
	"github.com/qmpdash/qmpdash/app/store"
	"github.com/qmpdash/qmpdash/app/transport"
	"github.com/qmpdash/qmpdash/qmp"
	"github.com/qmpdash/qmpdash/qmp/qmptest"
	"github.com/tidwall/gjson"
)

// privateRuntime points paths.RuntimeDir at a fresh directory.
func privateRuntime(t *testing.T) string {
	dir, err := os.MkdirTemp("", "qs") // short: the socket path must fit sun_path
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	t.Setenv("XDG_RUNTIME_DIR", dir)
	return filepath.Join(dir, "qmpdash")
}

// fakeVM is a fake QEMU behind a running session. It answers the
// session's start-up queries, echoes x-echo's arguments back, sends
// STOP before stop's reply, "count" events of "size" bytes of padding
// for x-flood, and never answers x-hang. Names lists every command it
// was sent, in order.
type fakeVM struct {
	s   *session.Session
	srv *qmptest.Server

	mu    sync.Mutex
	peer  *qmptest.Peer
	names []string
}

// startFakeVM runs a session with cfg (Addr, Protocol set here) on a fake
// server until the test ends and waits until it is connected.
func startFakeVM(t *testing.T, cfg session.Config) *fakeVM {
	t.Helper()
	srv := qmptest.NewServer(t)
	cfg.Addr, cfg.Protocol, cfg.NoDocs, cfg.Keepalive = srv.Path, transport.ProtocolQMP, true, -1
	cfg.Backoff = qmp.Backoff{Initial: 10 * time.Millisecond}
	vm := &fakeVM{s: session.New(cfg), srv: srv}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { vm.s.Run(ctx); close(done) }()
	t.Cleanup(func() { cancel(); <-done })
	vm.accept(t)
	return vm
}

// accept answers the session's next connection.
func (vm *fakeVM) accept(t *testing.T) {
	t.Helper()
	p := vm.srv.Accept()
	p.Negotiate()
	vm.mu.Lock()
	vm.peer = p
	vm.mu.Unlock()
	go p.Serve(func(r qmptest.Request) string {
		vm.mu.Lock()
		vm.names = append(vm.names, r.Name())
		vm.mu.Unlock()
		switch r.Name() {
		case "query-status":
			return qmptest.ReplyLine(r, `{"status": "running", "running": true}`)
		case "x-echo":
			return qmptest.ReplyLine(r, string(r.Arguments))
		case "stop":
			return qmptest.EventLine("STOP", "") + qmptest.ReplyLine(r, "{}")
		case "x-flood":
			a := gjson.ParseBytes(r.Arguments)
			ev := qmptest.EventLine("FLOOD", `{"pad": "`+strings.Repeat("x", int(a.Get("size").Int()))+`"}`)
			return strings.Repeat(ev, int(a.Get("count").Int())) + qmptest.ReplyLine(r, "{}")
		case "x-hang":
			return ""
		}
		return `{"error": {"class": "CommandNotFound", "desc": "not here"}, "id": ` + string(r.ID) + "}\r\n"
	})
	qmptest.Eventually(t, "the session to connect", func() bool { return vm.s.State().Conn == qmp.StateReady })
}

// hangUp closes the fake server's side of the connection, as a QEMU that
// exits.
func (vm *fakeVM) hangUp() {
	vm.mu.Lock()
	defer vm.mu.Unlock()
	vm.peer.Close()
}

// sent reports whether the fake server was sent the command.
func (vm *fakeVM) sent(name string) bool {
	vm.mu.Lock()
	defer vm.mu.Unlock()
	for _, n := range vm.names {
		if n == name {
			return true
		}
	}
	return false
}

// serve shares the session's monitor until the test ends, and checks at
// the end that the socket is gone.
func (vm *fakeVM) serve(t *testing.T, opts Options) string {
	t.Helper()
	path := opts.Path
	if path == "" {
		path = SocketPath(vm.s.State().Addr)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { Serve(ctx, vm.s, opts); close(done) }()
	t.Cleanup(func() {
		cancel()
		<-done
		if _, err := os.Lstat(path); !os.IsNotExist(err) {
			t.Errorf("the socket %s is still there after Serve returned: %v", path, err)
		}
	})
	qmptest.Eventually(t, "the shared socket", func() bool { return notice(vm.s, store.Info, "reach this monitor at "+path) })
	return path
}

// notice reports whether the session has a notice of level holding text.
func notice(s *session.Session, level store.Level, text string) bool {
	for _, n := range s.Notices.All() {
		if n.Level == level && strings.Contains(n.Text, text) {
			return true
		}
	}
	return false
}

// peer is a client of the shared socket speaking raw JSON.
type peer struct {
	t    *testing.T
	conn net.Conn
	r    *bufio.Reader
}

// dialPeer connects to the shared socket; greeted is its first message.
func dialPeer(t *testing.T, path string) (p *peer, greeted gjson.Result) {
	t.Helper()
	conn, err := net.Dial("unix", path)
	if err != nil {
		t.Fatalf("dial %s: %v", path, err)
	}
	t.Cleanup(func() { conn.Close() })
	p = &peer{t: t, conn: conn, r: bufio.NewReaderSize(conn, 1<<20)}
	return p, p.next()
}

// negotiatedPeer is dialPeer then qmp_capabilities.
func negotiatedPeer(t *testing.T, path string) *peer {
	t.Helper()
	p, _ := dialPeer(t, path)
	p.send(`{"execute": "qmp_capabilities"}`)
	if r := p.next(); r.Get("return").Raw != "{}" {
		p.t.Fatalf("qmp_capabilities: %s", r.Raw)
	}
	return p
}

func (p *peer) send(msg string) {
	p.t.Helper()
	if _, err := p.conn.Write([]byte(msg)); err != nil {
		p.t.Fatalf("write: %v", err)
	}
}

// next reads the next message, failing the test after 10 s.
func (p *peer) next() gjson.Result {
	p.t.Helper()
	line, err := p.readLine()
	if err != nil {
		p.t.Fatalf("read: %v", err)
	}
	return gjson.Parse(line)
}

func (p *peer) readLine() (string, error) {
	if err := p.conn.SetReadDeadline(time.Now().Add(10 * time.Second)); err != nil {
		return "", err
	}
	line, err := p.r.ReadString('\n')
	return strings.TrimRight(line, "\r\n"), err
}
