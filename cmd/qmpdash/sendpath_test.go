//go:build linux

package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/qmpdash/qmpdash/app/cmdline"
	"github.com/qmpdash/qmpdash/app/config"
	"github.com/qmpdash/qmpdash/app/paths"
	"github.com/qmpdash/qmpdash/app/replay"
	"github.com/qmpdash/qmpdash/app/session"
	"github.com/qmpdash/qmpdash/app/store"
	"github.com/qmpdash/qmpdash/app/transport"
	"github.com/qmpdash/qmpdash/qmp"
	"github.com/qmpdash/qmpdash/qmp/qmptest"
	"github.com/qmpdash/qmpdash/views/headless"
)

// sendPathConfig is the configuration every entry point reads: "hang",
// which the fake server never answers, has a short deadline, far below the
// default; system_reset is the only command to confirm.
const sendPathConfig = `confirm = ["system_reset"]
[timeouts]
default = "1m"
hang = "200ms"
`

// hangFor is how long the fake server leaves "hang" unanswered before it
// hangs up, so that an entry point that ignores the configured deadline
// fails the test instead of waiting for a minute or for ever.
const hangFor = 5 * time.Second

// sendOutcome is what became of a command line at an entry point.
type sendOutcome struct {
	// asked: reported as needing a person's confirmation, nothing sent.
	asked bool
	// refused is the refusal's text, nothing sent.
	refused string
	// status is the outcome of a command sent ("ok", "timed out"), and
	// took how long the entry point took from sending to the outcome.
	status string
	took   time.Duration
}

// sendPathEntry is one way a command line reaches a monitor.
type sendPathEntry struct {
	name string
	// confirms is what the entry point does with a command on the
	// confirmation list: "asks" a person, "refuses" it, or "sends" it.
	confirms string
	send     func(t *testing.T, sock, line string, readOnly bool) sendOutcome
}

// TestOneSendPath sends the same command lines through every entry point
// (the dashboard's input line, a broadcast, a macro, a replay into the
// dashboard, qmpdash replay, shell and exec) to a fake server, with the
// same configuration file: the [timeouts] entry of a command applies, a
// read-only refusal comes before anything reaches the server, and a
// command to confirm is asked about where a person is, refused by a
// macro, and sent by replays and the headless commands.
func TestOneSendPath(t *testing.T) {
	privateXDG(t)
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	if err := os.MkdirAll(paths.ConfigDir(), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(config.DefaultPath(), []byte(sendPathConfig), 0o600); err != nil {
		t.Fatal(err)
	}
	entries := []sendPathEntry{
		{"dashboard", "asks", sendFromDashboard},
		{"broadcast", "asks", sendBroadcast},
		{"macro", "refuses", sendMacro},
		{":replay", "sends", replayIntoDashboard},
		{"qmpdash replay", "sends", replayCommand},
		{"shell", "sends", sendFromShell},
		{"exec", "sends", sendFromExec},
	}
	cases := []struct {
		name, line string
		readOnly   bool
		// want judges the outcome at entry point e; reached says whether
		// the command must have reached the server.
		want func(e sendPathEntry, got sendOutcome) (ok, reached bool)
	}{
		{"timeouts override", "hang", false, func(_ sendPathEntry, got sendOutcome) (bool, bool) {
			return got.status == "timed out" && got.took >= 200*time.Millisecond && got.took < 3*time.Second, true
		}},
		{"read-only refusal", "stop", true, func(_ sendPathEntry, got sendOutcome) (bool, bool) {
			return strings.Contains(got.refused, "read-only mode") && got.status == "", false
		}},
		{"confirm list", "system_reset", false, func(e sendPathEntry, got sendOutcome) (bool, bool) {
			switch e.confirms {
			case "asks":
				return got == sendOutcome{asked: true}, false
			case "refuses":
				return strings.Contains(got.refused, "asks for confirmation") && got.status == "", false
			}
			return got.status == "ok", true
		}},
	}
	for _, c := range cases {
		for _, e := range entries {
			t.Run(c.name+"/"+e.name, func(t *testing.T) {
				srv := newSendPathServer(t)
				got := e.send(t, srv.path, c.line, c.readOnly)
				ok, reached := c.want(e, got)
				if !ok {
					t.Errorf("%s: %+v", c.line, got)
				}
				if name := strings.Fields(c.line)[0]; srv.saw(name) != reached {
					t.Errorf("%s reached the server: %v, want %v", name, !reached, reached)
				}
			})
		}
	}
}

// sendPathServer is a fake QMP server without a schema that answers every
// command but "hang", and notes the names of the commands it receives.
type sendPathServer struct {
	path string
	mu   sync.Mutex
	seen []string
}

func newSendPathServer(t *testing.T) *sendPathServer {
	srv := qmptest.NewServer(t)
	s := &sendPathServer{path: srv.Path}
	srv.AcceptAll(func(peer *qmptest.Peer) {
		peer.Negotiate()
		peer.Serve(func(r qmptest.Request) string {
			s.mu.Lock()
			s.seen = append(s.seen, r.Name())
			s.mu.Unlock()
			switch r.Name() {
			case "query-qmp-schema", "query-commands":
				return `{"id": ` + string(r.ID) + `, "error": {"class": "CommandNotFound", "desc": "no schema"}}` + "\r\n"
			case "hang":
				time.AfterFunc(hangFor, peer.Close)
				return ""
			}
			return qmptest.ReplyLine(r, `{"status": "running"}`)
		})
	})
	return s
}

// saw reports whether the server received a command named name.
func (s *sendPathServer) saw(name string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Contains(s.seen, name)
}

// sendPathSession is a dashboard session on sock configured as the
// dashboard configures it from the configuration file; it is connected
// when returned. With fleet it runs in the fleet (Fleet.Close stops it),
// else on its own until stop, which the caller defers: it must end before
// the server's side of the connection closes at the end of the test, or it
// would connect again to a server that is going away.
func sendPathSession(t *testing.T, sock string, readOnly bool, fleet *session.Fleet) (s *session.Session, stop func()) {
	cfg, err := config.Load(config.DefaultPath())
	if err != nil {
		t.Fatal(err)
	}
	sc := cfg.SessionFor(config.VM{Name: "vm", Address: sock}, config.SessionOverrides{Protocol: transport.ProtocolQMP, ReadOnly: readOnly})
	sc.NoDocs, sc.Keepalive = true, -1
	s = session.New(sc)
	stop = func() {}
	if fleet != nil {
		if err := fleet.Add(s); err != nil {
			t.Fatal(err)
		}
	} else {
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan struct{})
		go func() { s.Run(ctx); close(done) }()
		stop = func() { cancel(); <-done }
	}
	qmptest.Eventually(t, "the session to connect", func() bool { return s.State().Conn == qmp.StateReady })
	return s, stop
}

func parseLine(t *testing.T, text string) *cmdline.Line {
	line, err := cmdline.Parse(text)
	if err != nil {
		t.Fatal(err)
	}
	return line
}

// sendFromDashboard does what the dashboard's input line does.
func sendFromDashboard(t *testing.T, sock, text string, readOnly bool) sendOutcome {
	s, stop := sendPathSession(t, sock, readOnly, nil)
	defer stop()
	out, err := s.Check(parseLine(t, text), text)
	if err != nil {
		return sendOutcome{refused: err.Error()}
	}
	if s.NeedsConfirm(out) {
		return sendOutcome{asked: true}
	}
	start := time.Now()
	sent, err := s.SendChecked(out)
	if err != nil {
		t.Fatal(err)
	}
	seq := sent.Seq
	var e store.CommandEntry
	qmptest.Eventually(t, "the outcome", func() bool { e, _ = s.Commands.Get(seq); return e.Status != store.Pending })
	return sendOutcome{status: e.Status.String(), took: time.Since(start)}
}

// sendBroadcast does what the dashboard does with VMs marked.
func sendBroadcast(t *testing.T, sock, text string, readOnly bool) sendOutcome {
	fleet := session.NewFleet(context.Background(), session.FleetConfig{})
	defer fleet.Close()
	s, _ := sendPathSession(t, sock, readOnly, fleet)
	b, err := fleet.PrepareBroadcast([]*session.Session{s}, parseLine(t, text), text)
	if err != nil {
		return sendOutcome{refused: err.Error()}
	}
	if b.NeedsConfirm() {
		return sendOutcome{asked: true}
	}
	start := time.Now()
	id := b.Send()
	var res []session.BroadcastResult
	qmptest.Eventually(t, "the outcome", func() bool {
		res = fleet.BroadcastResults(id)
		return len(res) == 1 && res[0].Entry.Status != store.Pending
	})
	return sendOutcome{status: res[0].Entry.Status.String(), took: time.Since(start)}
}

// sendMacro does what a macro key does.
func sendMacro(t *testing.T, sock, text string, readOnly bool) sendOutcome {
	s, stop := sendPathSession(t, sock, readOnly, nil)
	defer stop()
	steps, err := replay.MacroSteps([]string{text})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.CheckMacro(steps); err != nil {
		return sendOutcome{refused: err.Error()}
	}
	return runSessionReplay(t, s, "macro f5", steps)
}

// replayIntoDashboard does what :replay does with a script.
func replayIntoDashboard(t *testing.T, sock, text string, readOnly bool) sendOutcome {
	s, stop := sendPathSession(t, sock, readOnly, nil)
	defer stop()
	steps, err := replay.ParseScript("script", text)
	if err != nil {
		t.Fatal(err)
	}
	return runSessionReplay(t, s, "replay script", steps)
}

// runSessionReplay replays steps into s and reads the outcome of its one
// command from the command log, or its refusal from the notices.
func runSessionReplay(t *testing.T, s *session.Session, label string, steps []replay.Step) sendOutcome {
	start := time.Now()
	r, err := s.StartReplay(label, steps, replay.Options{})
	if err != nil {
		t.Fatal(err)
	}
	select {
	case <-r.Ended():
	case <-time.After(10 * time.Second):
		t.Fatal("the replay did not end")
	}
	took := time.Since(start)
	if s.Commands.Len() == 1 {
		e := s.Commands.Range(0, 1, nil)[0]
		return sendOutcome{status: e.Status.String(), took: took}
	}
	var failures []string
	for _, n := range s.Notices.All() {
		if n.Level == store.Failure {
			failures = append(failures, n.Text)
		}
	}
	return sendOutcome{refused: strings.Join(failures, "\n")}
}

// replayCommand runs qmpdash replay on a script.
func replayCommand(t *testing.T, sock, text string, readOnly bool) sendOutcome {
	script := filepath.Join(t.TempDir(), "script")
	if err := os.WriteFile(script, []byte(text+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	args := []string{"replay", "--to", sock}
	if readOnly {
		args = append(args, "--read-only")
	}
	start := time.Now()
	code, out, errOut := runIn(t, "", append(args, script)...)
	took := time.Since(start)
	_, failure, failed := strings.Cut(out, "FAILED: ")
	switch {
	case code == 0 && !failed:
		return sendOutcome{status: "ok", took: took}
	case code == headless.ExitQMPError && strings.HasPrefix(failure, "timed out"):
		return sendOutcome{status: "timed out", took: took}
	case code == headless.ExitQMPError && failed:
		return sendOutcome{refused: failure}
	}
	return sendOutcome{status: fmt.Sprintf("exit %d: %s%s", code, out, errOut), took: took}
}

// sendFromShell pipes the line into qmpdash shell.
func sendFromShell(t *testing.T, sock, text string, readOnly bool) sendOutcome {
	args := []string{"shell", "--exit-on-error"}
	if readOnly {
		args = append(args, "--read-only")
	}
	return headlessOutcome(t, text+"\n", append(args, sock)...)
}

// sendFromExec runs qmpdash exec.
func sendFromExec(t *testing.T, sock, text string, readOnly bool) sendOutcome {
	args := []string{"exec"}
	if readOnly {
		args = append(args, "--read-only")
	}
	return headlessOutcome(t, "", append(args, sock, text)...)
}

// headlessOutcome runs exec or shell and reads the outcome from the exit
// status: 0 sent and answered, 2 refused, 1 with "no reply" timed out.
func headlessOutcome(t *testing.T, stdin string, args ...string) sendOutcome {
	start := time.Now()
	code, out, errOut := runIn(t, stdin, args...)
	took := time.Since(start)
	switch {
	case code == 0:
		return sendOutcome{status: "ok", took: took}
	case code == headless.ExitUsage:
		return sendOutcome{refused: errOut}
	case code == headless.ExitQMPError && strings.Contains(errOut, "no reply (timed out"):
		return sendOutcome{status: "timed out", took: took}
	}
	return sendOutcome{status: fmt.Sprintf("exit %d: %s%s", code, out, errOut), took: took}
}
