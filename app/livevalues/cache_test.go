package livevalues

import (
	"context"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/qmpdash/qmpdash/app/complete"
	"github.com/qmpdash/qmpdash/app/session"
	"github.com/qmpdash/qmpdash/app/transport"
	"github.com/qmpdash/qmpdash/docs/docstest"
	"github.com/qmpdash/qmpdash/qmp"
	"github.com/qmpdash/qmpdash/qmp/qmptest"
	"github.com/tidwall/gjson"
)

// nodesReply is a query-named-block-nodes reply: a qcow2 node with two
// bitmaps over its file node.
const nodesReply = `[{"node-name":"disk0","drv":"qcow2","dirty-bitmaps":[{"name":"bm0"},{"name":"bm1"}]},` +
	`{"node-name":"file0","drv":"file"}]`

// fakeVM is a fake QEMU over a real socket that counts the
// query-named-block-nodes and qom-list requests it reads and holds their
// replies until released. Its qom-list answers with one child, named
// after the path asked for.
type fakeVM struct {
	*qmptest.FakeQEMU
	peer     *qmptest.Peer
	count    atomic.Int32 // query-named-block-nodes
	qomPaths chan string  // the qom-list paths, in order
	release  chan struct{}
	once     sync.Once
}

// startVM connects a session to a fake QEMU 7.2 and returns both once the
// session has its schema.
func startVM(t *testing.T) (*session.Session, *fakeVM) {
	f := &fakeVM{FakeQEMU: qmptest.NewFakeQEMU(t, docstest.QEMU72), release: make(chan struct{}), qomPaths: make(chan string, 100)}
	f.Reply = func(r qmptest.Request) string {
		switch r.Name() {
		case "query-named-block-nodes":
			f.count.Add(1)
			<-f.release
			return qmptest.ReplyLine(r, nodesReply)
		case "qom-list":
			path := gjson.GetBytes(r.Arguments, "path").String()
			f.qomPaths <- path
			<-f.release
			return qmptest.ReplyLine(r, `[{"name":"in`+strings.ReplaceAll(path, "/", "_")+`","type":"child<container>"}]`)
		}
		return qmptest.ReplyLine(r, "{}")
	}
	t.Cleanup(f.Release)
	s := runSession(t, f.Path, func() { f.peer = f.Accept() })
	return s, f
}

// runSession runs a session on the QMP monitor at addr until the test
// ends (no keepalive, no documentation, no reconnection within the
// test); serve, if set, serves the connection. It returns once the
// session has its schema.
func runSession(t *testing.T, addr string, serve func()) *session.Session {
	s := session.New(session.Config{Addr: addr, Protocol: transport.ProtocolQMP, NoDocs: true,
		Keepalive: -1, Backoff: qmp.Backoff{Initial: time.Hour}})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { s.Run(ctx); close(done) }()
	t.Cleanup(func() { cancel(); <-done })
	if serve != nil {
		serve()
	}
	qmptest.Eventually(t, "the schema", func() bool { return s.Schema() != nil })
	return s
}

// Release lets held replies go, from now on.
func (f *fakeVM) Release() { f.once.Do(func() { close(f.release) }) }

// texts flattens what Values returned.
func texts(lists []complete.LiveValues) []string {
	var out []string
	for _, l := range lists {
		out = append(out, l.Strings()...)
	}
	return out
}

// settle returns once the server answered every request sent before it:
// the fake serves one connection's requests in order.
func settle(t *testing.T, s *session.Session) {
	t.Helper()
	if _, err := s.Poll(context.Background(), "query-status", nil); err != nil {
		t.Fatal(err)
	}
}

// TestOneRequestInFlight asks for node names on every "keystroke" while
// the reply is held: one request is sent, and the values come once it
// is answered.
func TestOneRequestInFlight(t *testing.T) {
	s, f := startVM(t)
	c := ForSession(s)
	if got := texts(c.Values(complete.NodeName, "")); got != nil {
		t.Fatalf("values before any reply: %q", got)
	}
	qmptest.Eventually(t, "the request", func() bool { return f.count.Load() == 1 })
	for range 50 {
		c.Values(complete.NodeName, "")
		c.Values(complete.Bitmap, "disk0") // the same query
	}
	v0 := c.Version()
	f.Release()
	qmptest.Eventually(t, "the node names", func() bool {
		return slices.Equal(texts(c.Values(complete.NodeName, "")), []string{"disk0", "file0"})
	})
	if c.Version() == v0 {
		t.Error("Version did not grow when the values came")
	}
	settle(t, s)
	if n := f.count.Load(); n != 1 {
		t.Errorf("%d query-named-block-nodes requests, want 1", n)
	}
	if got := texts(c.Values(complete.Bitmap, "disk0")); !slices.Equal(got, []string{"bm0", "bm1"}) {
		t.Errorf("bitmaps of disk0: %q", got)
	}
	if got := texts(c.Values(complete.Bitmap, "file0")); got != nil {
		t.Errorf("bitmaps of file0: %q", got)
	}
}

// TestFreshness fetches again only once the values are stale.
func TestFreshness(t *testing.T) {
	s, f := startVM(t)
	f.Release()
	c := ForSession(s)
	c.Freshness = time.Hour
	qmptest.Eventually(t, "the node names", func() bool { return len(texts(c.Values(complete.NodeName, ""))) == 2 })
	for range 20 {
		c.Values(complete.NodeName, "")
	}
	settle(t, s)
	if n := f.count.Load(); n != 1 {
		t.Fatalf("%d requests for fresh values, want 1", n)
	}

	c.mu.Lock()
	c.Freshness = 0 // everything is stale now
	c.mu.Unlock()
	v := c.Version()
	if got := texts(c.Values(complete.NodeName, "")); len(got) != 2 {
		t.Errorf("stale values not offered while fetching: %q", got)
	}
	qmptest.Eventually(t, "the values fetched again", func() bool { return c.Version() > v })
	if n := f.count.Load(); n != 2 {
		t.Errorf("%d requests after the values went stale, want 2", n)
	}
}

// TestNothingSentWhileDisconnected offers the values held and sends
// nothing once the VM is gone.
func TestNothingSentWhileDisconnected(t *testing.T) {
	s, f := startVM(t)
	f.Release()
	c := ForSession(s)
	c.Freshness = 0
	qmptest.Eventually(t, "the node names", func() bool { return len(texts(c.Values(complete.NodeName, ""))) == 2 })
	qmptest.Eventually(t, "no request in flight", func() bool {
		c.mu.Lock()
		defer c.mu.Unlock()
		return len(c.inFlight) == 0
	})
	f.peer.Close()
	qmptest.Eventually(t, "the disconnection", func() bool { return !s.State().Ready() })
	if got := texts(c.Values(complete.NodeName, "")); len(got) != 2 {
		t.Errorf("held values while disconnected: %q", got)
	}
	c.Values(complete.Job, "")
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.inFlight) != 0 {
		t.Errorf("requests started while disconnected: %v", c.inFlight)
	}
}

// TestOneQOMListInFlight asks for another path while a qom-list is in
// flight: it is sent after that one, and only the latest path asked for.
func TestOneQOMListInFlight(t *testing.T) {
	s, f := startVM(t)
	c := ForSession(s)
	c.Freshness = time.Hour // no path is fetched twice (qomPaths is closed below)
	c.Values(complete.QOMPath, "/")
	if p := <-f.qomPaths; p != "/" {
		t.Fatalf("first qom-list of %q", p)
	}
	c.Values(complete.QOMPath, "/a/")
	c.Values(complete.QOMPath, "/machine/") // the latest wins
	f.Release()
	qmptest.Eventually(t, "the children of /machine/", func() bool {
		return slices.Equal(texts(c.Values(complete.QOMPath, "/machine/")), []string{"/machine/in_machine/"})
	})
	settle(t, s)
	close(f.qomPaths)
	var rest []string
	for p := range f.qomPaths {
		rest = append(rest, p)
	}
	if !slices.Equal(rest, []string{"/machine"}) {
		t.Errorf("qom-list paths after the first: %q, want [/machine]", rest)
	}
	if got := texts(c.Values(complete.QOMPath, "/")); !slices.Equal(got, []string{"/in_/"}) {
		t.Errorf("children of / kept: %q", got)
	}
}
