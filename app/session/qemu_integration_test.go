//go:build linux

package session

import (
	"bytes"
	"context"
	"path/filepath"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/qmpdash/qmpdash/app/cmdline"
	"github.com/qmpdash/qmpdash/app/store"
	"github.com/qmpdash/qmpdash/app/transport"
	"github.com/qmpdash/qmpdash/docs"
	"github.com/qmpdash/qmpdash/qmp"
	"github.com/qmpdash/qmpdash/qmp/qmptest"
	"go.uber.org/goleak"
)

// TestSessionThroughQEMUKillsAndRestarts kills QEMU (-9) mid-command and
// restarts it on the same socket, twenty times: each time the pending
// command ends interrupted, the session reconnects by itself and marks the
// outage, and when it stops no goroutine is left. It must not run in
// parallel: it counts every goroutine in the test binary.
func TestSessionThroughQEMUKillsAndRestarts(t *testing.T) {
	qmptest.Require(t, qmptest.QEMUBinary)
	before := goleak.IgnoreCurrent()
	sock := filepath.Join(qmptest.SocketDir(t), "vm.sock")
	startQEMU := func() *qmptest.Process { return qmptest.QEMU(t, "-qmp", "unix:"+sock+",server=on,wait=off") }
	qemu := startQEMU()
	var m marks
	var userSends atomic.Int32 // the user's commands written to the socket
	tap := func(w qmp.WireMessage) {
		if w.Dir == qmp.Out && bytes.Contains(w.Data, []byte(`"id":"c`)) {
			userSends.Add(1)
		}
	}
	// The schema cache, as the dashboard has it, keeps each reconnection
	// from parsing the whole schema again on a loaded machine.
	s := New(Config{Addr: sock, Protocol: transport.ProtocolQMP, NoDocs: true, Mark: m.add, Tap: tap,
		Cache:   &docs.Cache{Dir: t.TempDir()},
		Backoff: qmp.Backoff{Initial: 10 * time.Millisecond, Max: 50 * time.Millisecond}})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { s.Run(ctx); close(done) }()
	const cycles = 20
	for i := range cycles {
		qmptest.Eventually(t, "connected with the run state", func() bool {
			st := s.State()
			return st.Conn == qmp.StateReady && st.RunState == "prelaunch" && s.Schema() != nil
		})
		// A stopped QEMU reads nothing: the command is surely unanswered
		// when it dies.
		if err := qemu.Signal(syscall.SIGSTOP); err != nil {
			t.Fatal(err)
		}
		line, _ := cmdline.Parse("query-status")
		seq, err := s.Send(line, "query-status")
		if err != nil {
			t.Fatal(err)
		}
		// Killed before the request is written, the command would fail
		// to send rather than be interrupted.
		qmptest.Eventually(t, "the command on the wire", func() bool { return int(userSends.Load()) == i+1 })
		if err := qemu.Kill(); err != nil {
			t.Fatal(err)
		}
		qmptest.Eventually(t, "the command interrupted", func() bool { e, _ := s.Commands.Get(seq); return e.Status == store.Interrupted })
		if i < cycles-1 {
			qemu = startQEMU()
		}
	}
	qmptest.Eventually(t, "the last outage noticed", func() bool { return s.State().Conn != qmp.StateReady })
	cancel()
	<-done
	if n := s.Events.Len(); n != cycles-1 {
		t.Errorf("%d outage markers after %d restarts", n, cycles-1)
	}
	if got := m.count("reconnected"); got != cycles-1 {
		t.Errorf("%d reconnected marks in the log, want %d", got, cycles-1)
	}
	if !noticeWith(s, "interrupted — outcome unknown") {
		t.Error("no notice told of the interrupted command")
	}
	goleak.VerifyNone(t, before, goleak.IgnoreAnyFunction(qmptest.ReaperFunc))
}

// TestSessionStoppedQEMUNotRespondingWithACommandPending stops QEMU with
// SIGSTOP and sends a command, whose own timeout is 30 s: with the default
// keepalive the session shows the VM as not responding within 10 s all the
// same.
func TestSessionStoppedQEMUNotRespondingWithACommandPending(t *testing.T) {
	qemu := qmptest.QEMU(t)
	t.Cleanup(func() { qemu.Signal(syscall.SIGCONT) })
	s := New(Config{Addr: qemu.Socket, Protocol: transport.ProtocolQMP, NoDocs: true, Cache: &docs.Cache{Dir: t.TempDir()}})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { s.Run(ctx); close(done) }()
	t.Cleanup(func() { cancel(); <-done })
	qmptest.Eventually(t, "connected with the schema", func() bool { return s.State().Conn == qmp.StateReady && s.Schema() != nil })
	if err := qemu.Signal(syscall.SIGSTOP); err != nil {
		t.Fatal(err)
	}
	line, _ := cmdline.Parse("query-status")
	seq, err := s.Send(line, "query-status")
	if err != nil {
		t.Fatal(err)
	}
	qmptest.Eventually(t, "not responding after SIGSTOP, with a command pending", func() bool { return s.State().NotResponding })
	if e, _ := s.Commands.Get(seq); e.Status != store.Pending {
		t.Fatalf("the command is %s, want still pending", e.Status)
	}
}
