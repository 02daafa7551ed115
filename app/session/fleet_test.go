package session

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/qmpdash/qmpdash/app/cmdline"
	"github.com/qmpdash/qmpdash/app/send"
	"github.com/qmpdash/qmpdash/app/store"
	"github.com/qmpdash/qmpdash/app/transport"
	"github.com/qmpdash/qmpdash/qmp"
	"github.com/qmpdash/qmpdash/qmp/qmptest"
)

// fleetOf adopts ready sessions named after their index into a fleet.
func fleetOf(t *testing.T, n int, policy send.Policy) (*Fleet, []*Session, []*qmptest.Peer) {
	f := NewFleet(context.Background(), FleetConfig{})
	var ss []*Session
	var ps []*qmptest.Peer
	for i := range n {
		s, _, p := readySession(t, Config{Name: "vm" + string(rune('a'+i)), Policy: policy})
		if err := f.Adopt(s); err != nil {
			t.Fatal(err)
		}
		ss, ps = append(ss, s), append(ps, p)
	}
	return f, ss, ps
}

func TestFleetBroadcastGivesOneResultPerVM(t *testing.T) {
	f, ss, ps := fleetOf(t, 3, send.Policy{})
	line, _ := cmdline.Parse("query-status")
	b, err := f.PrepareBroadcast(ss, line, "query-status")
	if err != nil {
		t.Fatal(err)
	}
	if b.NeedsConfirm() {
		t.Fatal("query-status needs no confirmation")
	}
	id := b.Send()
	ps[0].Reply(ps[0].Expect("query-status"), `{"status": "running"}`)
	ps[1].ReplyError(ps[1].Expect("query-status"), "GenericError", "broken")
	ps[2].Reply(ps[2].Expect("query-status"), `{"status": "paused"}`)
	qmptest.Eventually(t, "three outcomes", func() bool {
		for _, r := range f.BroadcastResults(id) {
			if r.Entry.Status == store.Pending {
				return false
			}
		}
		return true
	})
	res := f.BroadcastResults(id)
	got := make([]string, len(res))
	for i, r := range res {
		got[i] = r.VM + "=" + r.Entry.Status.String() + " " + string(r.Entry.Reply)
		if r.Entry.Broadcast != id {
			t.Fatalf("%s: entry not tied to the broadcast: %+v", r.VM, r.Entry)
		}
	}
	want := []string{"vma=ok", "vmb=failed", "vmc=ok"}
	for i := range want {
		if !strings.HasPrefix(got[i], want[i]) {
			t.Fatalf("results = %q, want prefixes %q", got, want)
		}
	}
	if !strings.Contains(got[2], "paused") {
		t.Fatalf("vmc's reply lost: %q", got[2])
	}
}

func TestFleetBroadcastRefusedWholeWhenOneVMRefuses(t *testing.T) {
	f, ss, _ := fleetOf(t, 2, send.Policy{})
	ss[1].cfg.Policy = send.Policy{ReadOnly: true}
	line, _ := cmdline.Parse("stop")
	_, err := f.PrepareBroadcast(ss, line, "stop")
	if err == nil || !strings.Contains(err.Error(), "vmb: ") || strings.Contains(err.Error(), "vma:") {
		t.Fatalf("err = %v, want vmb's refusal only", err)
	}
	for _, s := range ss {
		if s.Commands.Len() != 0 {
			t.Fatalf("%s got a command though the broadcast was refused", s.Name())
		}
	}
}

func TestFleetBroadcastAsksOnceForDestructiveCommands(t *testing.T) {
	f, ss, _ := fleetOf(t, 2, send.Policy{Confirm: send.DefaultConfirm()})
	line, _ := cmdline.Parse("!system_reset")
	b, err := f.PrepareBroadcast(ss, line, "!system_reset")
	if err != nil {
		t.Fatal(err)
	}
	if !b.NeedsConfirm() || strings.Join(b.Targets(), ",") != "vma,vmb" {
		t.Fatalf("confirm = %v targets = %v", b.NeedsConfirm(), b.Targets())
	}
}

func TestFleetMarksNamesAndRemoval(t *testing.T) {
	f, ss, _ := fleetOf(t, 3, send.Policy{})
	if err := f.Adopt(New(Config{Name: "vma", Addr: "/x"})); err == nil {
		t.Fatal("a second VM named vma was accepted")
	}
	v := f.Version()
	f.ToggleMark("vmb")
	if m := f.Marked(); len(m) != 1 || m[0] != ss[1] || f.Version() == v {
		t.Fatalf("marked = %v", m)
	}
	f.MarkAll()
	if len(f.Marked()) != 3 {
		t.Fatal("* did not mark every VM")
	}
	f.MarkAll()
	if len(f.Marked()) != 0 {
		t.Fatal("* with all marked did not clear the marks")
	}
	if err := f.Remove("vmb"); err != nil {
		t.Fatal(err)
	}
	if f.Len() != 2 || f.Session("vmb") != nil || f.Remove("vmb") == nil {
		t.Fatal("vmb still in the fleet")
	}
}

func TestFleetMergesEventsFromRunningSessions(t *testing.T) {
	srvA, srvB := qmptest.NewServer(t), qmptest.NewServer(t)
	f := NewFleet(context.Background(), FleetConfig{MergeDelay: time.Millisecond})
	t.Cleanup(f.Close)
	for i, srv := range []*qmptest.Server{srvA, srvB} {
		s := New(Config{Name: []string{"a", "b"}[i], Addr: srv.Path, Protocol: transport.ProtocolQMP, NoDocs: true, Keepalive: -1})
		if err := f.Add(s); err != nil {
			t.Fatal(err)
		}
	}
	pa, pb := srvA.Accept(), srvB.Accept()
	serveSession(pa, "running")
	serveSession(pb, "running")
	pa.Event("STOP", "")
	qmptest.Eventually(t, "a's event", func() bool { return f.Merged.VisibleLen() == 1 })
	pb.Event("RESUME", "")
	qmptest.Eventually(t, "b's event", func() bool { return f.Merged.VisibleLen() == 2 })
	got := f.Merged.Visible(0, 2, nil)
	if got[0].VM != "a" || got[0].Name != "STOP" || got[1].VM != "b" || got[1].Name != "RESUME" {
		t.Fatalf("merged = %+v", got)
	}
	if err := f.Remove("a"); err != nil {
		t.Fatal(err)
	}
	if _, err := pa.Next(); err == nil {
		t.Fatal("removing a did not close its connection")
	}
}

func TestSessionNotRespondingUntilTheServerSpeaks(t *testing.T) {
	s, _, p := readySession(t, Config{CommandTimeout: 100 * time.Millisecond, Keepalive: 50 * time.Millisecond})
	r := p.Expect("query-status") // a keepalive probe, left unanswered
	qmptest.Eventually(t, "not responding", func() bool { return s.State().NotResponding })
	if n, _ := s.Notices.Latest(); n.Level != store.Failure || !strings.Contains(n.Text, "not responding") {
		t.Fatalf("notice = %+v", n)
	}
	p.Reply(r, `{"status": "running"}`) // a late reply is a sign of life
	qmptest.Eventually(t, "responding again", func() bool { return !s.State().NotResponding })
	if s.State().Conn != qmp.StateReady {
		t.Fatal("a slow server was disconnected")
	}
}

func TestFleetOpenPreparesTheNewVM(t *testing.T) {
	var prepared []string
	f := NewFleet(context.Background(), FleetConfig{Template: Config{Keepalive: -1, NoDocs: true},
		Prepare: func(cfg *Config) error {
			prepared = append(prepared, cfg.Name+"="+cfg.Addr)
			if cfg.Name == "bad" {
				return errors.New("no log for you")
			}
			return nil
		}})
	t.Cleanup(f.Close)
	if _, err := f.Open("/nowhere.sock", ""); err != nil {
		t.Fatal(err)
	}
	if _, err := f.Open("/other.sock", "bad"); err == nil || f.Session("bad") != nil {
		t.Fatal("a VM whose preparation failed was added")
	}
	if _, err := f.Open("/nowhere.sock", ""); err == nil || len(prepared) != 2 {
		t.Fatalf("a second VM of the same name was prepared or added: %v", prepared)
	}
	if strings.Join(prepared, " ") != "/nowhere.sock=/nowhere.sock bad=/other.sock" {
		t.Fatalf("prepared = %v", prepared)
	}
}

// A command in flight does not hold the probe back: a server that
// answers nothing shows as not responding after the keepalive period, not
// after the command's own (here one minute) timeout.
func TestKeepaliveProbesWhileACommandIsPending(t *testing.T) {
	s, _, p := readySession(t, Config{Keepalive: 50 * time.Millisecond, CommandTimeout: time.Minute})
	line, _ := cmdline.Parse("stop")
	if _, err := s.Send(line, "stop"); err != nil {
		t.Fatal(err)
	}
	r := p.Expect("stop")
	if probe := p.ReadRequest(); probe.Name() != "query-status" {
		t.Fatalf("while stop was pending, the next request was %q, not the probe", probe.Line)
	}
	qmptest.Eventually(t, "not responding with stop still pending", func() bool { return s.State().NotResponding })
	if e, _ := s.Commands.Get(1); e.Status != store.Pending {
		t.Fatalf("stop is %s", e.Status)
	}
	p.Reply(r, "{}")
	qmptest.Eventually(t, "responding again", func() bool { return !s.State().NotResponding })
}

// A reply that takes longer than the keepalive period to arrive is a sign
// of life while it streams in: no probe goes out beside it, so an
// over-size reply could still be pinned on its one command.
func TestKeepaliveWaitsWhileAReplyStreamsIn(t *testing.T) {
	s, _, p := readySession(t, Config{Keepalive: 200 * time.Millisecond, CommandTimeout: time.Minute})
	line, _ := cmdline.Parse("stop")
	if _, err := s.Send(line, "stop"); err != nil {
		t.Fatal(err)
	}
	r := p.Expect("stop")
	reply := qmptest.ReplyLine(r, "{}") // one byte every 50 ms: over a second
	for start := time.Now(); time.Since(start) < time.Second; {
		p.Write(reply[:1])
		reply = reply[1:]
		time.Sleep(50 * time.Millisecond)
	}
	p.Write(reply)
	qmptest.Eventually(t, "the reply", func() bool { e, _ := s.Commands.Get(1); return e.Status == store.OK })
	if _, err := s.Send(line, "stop"); err != nil { // the only other command this server knows
		t.Fatal(err)
	}
	if next := p.ReadRequest(); next.Name() != "stop" {
		t.Fatalf("a %s went out while the reply streamed in", next.Name())
	}
	if s.State().NotResponding {
		t.Fatal("marked not responding while the reply streamed in")
	}
}

// A probe that finds the run state as it was leaves the version alone:
// the screen is not redrawn for it.
func TestKeepaliveProbeMovesTheVersionOnlyOnAChange(t *testing.T) {
	s, _, p := readySession(t, Config{Keepalive: 20 * time.Millisecond, CommandTimeout: time.Minute})
	p.Reply(p.Expect("query-status"), `{"status": "running"}`)
	qmptest.Eventually(t, "the run state", func() bool { return s.State().RunState == "running" })
	before := s.Version()
	p.Reply(p.Expect("query-status"), `{"status": "running"}`)
	r := p.Expect("query-status") // the probe after it: the first was handled
	if v := s.Version(); v != before {
		t.Errorf("the version moved from %d to %d on an unchanged run state", before, v)
	}
	p.Reply(r, `{"status": "paused"}`)
	qmptest.Eventually(t, "the change", func() bool { return s.State().RunState == "paused" && s.Version() != before })
}

// Keepalive probes go out on the ticks of the clock every VM's keepalive
// shares (a quarter period apart), whenever the session connected, so that
// idle VMs wake the process together.
func TestKeepaliveProbesOnTheTicksOfOneClock(t *testing.T) {
	const every, slack = 1200 * time.Millisecond, 80 * time.Millisecond
	tick := every / 4
	now := time.Now()
	time.Sleep(now.Truncate(tick).Add(tick + tick/2).Sub(now)) // connect half a tick in
	_, _, p := readySession(t, Config{Keepalive: every, CommandTimeout: time.Minute})
	onTick := 0
	var at []time.Time
	for range 3 {
		r := p.Expect("query-status")
		a := time.Now()
		at = append(at, a)
		if a.Sub(a.Truncate(tick)) < slack {
			onTick++
		}
		p.Reply(r, `{"status": "running"}`)
	}
	if onTick < 2 { // one may be late on a loaded machine
		t.Errorf("%d of 3 probes came within %v of a tick of the %v clock, want 2 or more: %v", onTick, slack, tick, at)
	}
}
