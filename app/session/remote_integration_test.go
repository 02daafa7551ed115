//go:build linux

package session

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/qmpdash/qmpdash/app/cmdline"
	"github.com/qmpdash/qmpdash/app/store"
	"github.com/qmpdash/qmpdash/app/transport"
	"github.com/qmpdash/qmpdash/app/transport/remote"
	"github.com/qmpdash/qmpdash/app/transport/remote/sshtest"
	"github.com/qmpdash/qmpdash/qmp"
	"github.com/qmpdash/qmpdash/qmp/qmptest"
)

// runRemoteSession runs a session on addr through dialer until the test
// ends.
func runRemoteSession(t *testing.T, addr string, dialer transport.Dialer) *Session {
	s := New(Config{Addr: addr, Protocol: transport.ProtocolQMP, NoDocs: true, Dialer: dialer,
		Backoff: qmp.Backoff{Initial: 20 * time.Millisecond, Max: 200 * time.Millisecond}})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { s.Run(ctx); close(done) }()
	t.Cleanup(func() { cancel(); <-done })
	return s
}

// sendQueryStatus sends query-status through the session and waits for
// its outcome.
func sendQueryStatus(t *testing.T, s *Session) {
	t.Helper()
	line, _ := cmdline.Parse("query-status")
	seq, err := s.Send(line, "query-status")
	if err != nil {
		t.Fatal(err)
	}
	qmptest.Eventually(t, "query-status answered", func() bool { e, _ := s.Commands.Get(seq); return e.Status == store.OK })
}

func TestSessionReconnectsThroughRestartedSSHD(t *testing.T) {
	srv := sshtest.Start(t)
	vm1, vm2 := qmptest.QEMU(t), qmptest.QEMU(t)
	pool := &remote.Pool{Settings: srv.Settings(t)}
	t.Cleanup(func() { pool.Close() })
	dialer := transport.Dialer{SSH: pool}
	s1, s2 := runRemoteSession(t, srv.URL(vm1.Socket), dialer), runRemoteSession(t, srv.URL(vm2.Socket), dialer)
	for _, s := range []*Session{s1, s2} {
		qmptest.Eventually(t, "connected", func() bool { return s.State().RunState == "prelaunch" })
		sendQueryStatus(t, s)
	}
	if n := pool.Handshakes(); n != 1 {
		t.Fatalf("two sessions on one host made %d SSH connections, want 1", n)
	}

	srv.Restart(t)
	for _, s := range []*Session{s1, s2} {
		qmptest.Eventually(t, "disconnected", func() bool { return s.State().Conn != qmp.StateReady })
	}
	for _, s := range []*Session{s1, s2} {
		qmptest.Eventually(t, "reconnected", func() bool { return s.State().Conn == qmp.StateReady })
		sendQueryStatus(t, s)
	}
	if n := pool.Handshakes(); n < 2 {
		t.Fatalf("%d SSH connections after sshd restarted, want a new one", n)
	}
}

func TestExpandRemoteGlobAndConnect(t *testing.T) {
	srv := sshtest.Start(t)
	vm := qmptest.QEMUWithMonitors(t, 2)
	pool := &remote.Pool{Settings: srv.Settings(t)}
	t.Cleanup(func() { pool.Close() })
	dialer := transport.Dialer{SSH: pool}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	addrs, err := dialer.ExpandAddresses(ctx, []string{srv.URL(filepath.Join(vm.Dir, "*.sock"))})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(addrs, " ") != srv.URL(vm.Sockets[0])+" "+srv.URL(vm.Sockets[1]) {
		t.Fatalf("expanded to %q", addrs)
	}
	for _, a := range addrs {
		c, err := dialer.Connect(ctx, a, transport.ProtocolAuto, qmp.Options{})
		if err != nil {
			t.Fatal(err)
		}
		if c.Mode() != qmp.ModeQMP || c.Addr() != a {
			t.Errorf("%s: mode %v, Addr %q", a, c.Mode(), c.Addr())
		}
		c.Close()
	}
	if n := pool.Handshakes(); n != 1 {
		t.Fatalf("listing and two connections made %d SSH connections, want 1", n)
	}
}
