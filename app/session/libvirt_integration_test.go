//go:build linux

package session

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/qmpdash/qmpdash/app/cmdline"
	"github.com/qmpdash/qmpdash/app/complete"
	"github.com/qmpdash/qmpdash/app/send"
	"github.com/qmpdash/qmpdash/app/store"

	"github.com/qmpdash/qmpdash/app/transport"
	"github.com/qmpdash/qmpdash/app/transport/libvirt/libvirttest"
	"github.com/qmpdash/qmpdash/app/transport/remote"
	"github.com/qmpdash/qmpdash/app/transport/remote/sshtest"
	"github.com/qmpdash/qmpdash/qmp"
	"github.com/qmpdash/qmpdash/qmp/qmptest"
)

// A destroyed domain shows "shut off" without reconnection attempts, and
// the session comes back by itself when the domain starts.
func TestSessionWaitsForShutOffDomain(t *testing.T) {
	name := libvirttest.PersistentDomain(t)
	s := runRemoteSession(t, "libvirt:///system/"+name, transport.Dialer{})
	qmptest.Eventually(t, "connected", func() bool { return s.State().RunState == "running" })
	sendQueryStatus(t, s)

	libvirttest.Virsh(t, "destroy", name)
	qmptest.Eventually(t, "shut off", func() bool { return s.State().ShutOff })
	if st := s.State(); st.Conn != qmp.StateClosed || !st.RetryAt.IsZero() {
		t.Errorf("shut off: conn %v, retry at %v; want closed and no retry planned", st.Conn, st.RetryAt)
	}

	libvirttest.Virsh(t, "start", name)
	qmptest.Eventually(t, "back after virsh start", func() bool { return s.State().Ready() && !s.State().ShutOff })
	sendQueryStatus(t, s)
}

// checkLine checks a command line against s's policy.
func checkLine(t *testing.T, s *Session, text string) (*send.Outgoing, error) {
	t.Helper()
	line, err := cmdline.Parse(text)
	if err != nil {
		t.Fatal(err)
	}
	return s.Check(line, text)
}

// The first command that is not a query on a libvirt domain is confirmed
// with the passthrough warning, once; read_only refuses it as anywhere.
func TestSessionWarnsOfLibvirtPassthrough(t *testing.T) {
	name := libvirttest.Domain(t)
	s := runRemoteSession(t, "libvirt:///system/"+name, transport.Dialer{})
	qmptest.Eventually(t, "connected", func() bool { return s.State().RunState == "running" })
	if n := countNotices(s, "custom-monitor"); n != 1 {
		t.Errorf("%d notices name the custom-monitor taint, want 1", n)
	}

	query, err := checkLine(t, s, "query-status")
	if err != nil || s.NeedsConfirm(query) {
		t.Fatalf("query-status: err %v, confirm %v; want neither", err, s.NeedsConfirm(query))
	}
	stop, err := checkLine(t, s, "stop")
	if err != nil || !s.NeedsConfirm(stop) || !strings.Contains(s.PassthroughWarning(stop), "custom-monitor") {
		t.Fatalf("stop: err %v, confirm %v, warning %q; want the passthrough warning", err, s.NeedsConfirm(stop), s.PassthroughWarning(stop))
	}
	if _, err := s.SendChecked(stop); err != nil {
		t.Fatal(err)
	}
	qmptest.Eventually(t, "paused", func() bool { return s.State().RunState == "paused" })
	cont, err := checkLine(t, s, "cont")
	if err != nil || s.NeedsConfirm(cont) {
		t.Errorf("cont after a confirmed stop: err %v, confirm %v; want no second confirmation", err, s.NeedsConfirm(cont))
	}

	ro := New(Config{Addr: "libvirt:///system/" + name, Protocol: transport.ProtocolQMP, NoDocs: true, Policy: send.Policy{ReadOnly: true}})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { ro.Run(ctx); close(done) }()
	t.Cleanup(func() { cancel(); <-done })
	qmptest.Eventually(t, "read-only session connected", func() bool { return ro.State().Ready() })
	if _, err := checkLine(t, ro, "cont"); !errors.Is(err, send.ErrReadOnly) {
		t.Errorf("cont on a read-only libvirt domain: %v, want ErrReadOnly", err)
	}
}

// countNotices counts s's notices that mention word.
func countNotices(s *Session, word string) int {
	n := 0
	for _, note := range s.Notices.All() {
		if strings.Contains(note.Text, word) {
			n++
		}
	}
	return n
}

// Over libvirt+ssh:// (the test sshd forwarding to the daemon's socket)
// the session connects, loads the schema by query-qmp-schema through
// libvirt, completes from it, and HMP answers.
func TestSessionOverLibvirtSSH(t *testing.T) {
	name := libvirttest.Domain(t)
	srv := sshtest.Start(t)
	pool := &remote.Pool{Settings: srv.Settings(t)}
	t.Cleanup(func() { pool.Close() })
	addr := "libvirt+ssh://" + srv.User + "@" + srv.Addr + "/system/" + name
	s := runRemoteSession(t, addr, transport.Dialer{SSH: pool})
	qmptest.Eventually(t, "connected", func() bool { return s.State().RunState == "running" })
	qmptest.Eventually(t, "schema loaded", func() bool { return s.State().SchemaSource == SchemaFromIntrospection })
	found := false
	for _, c := range complete.New(s.Schema(), nil).Complete("query-sta", len("query-sta")) {
		found = found || c.Display == "query-status"
	}
	if !found {
		t.Error("query-sta does not complete to query-status with the schema read through libvirt")
	}
	line, err := cmdline.Parse("hmp info status")
	if err != nil {
		t.Fatal(err)
	}
	seq, err := s.Send(line, "hmp info status")
	if err != nil {
		t.Fatal(err)
	}
	qmptest.Eventually(t, "info status answered", func() bool {
		e, _ := s.Commands.Get(seq)
		return e.Status == store.OK && strings.Contains(string(e.Reply), "VM status: running")
	})
}
