//go:build linux

package session

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/qmpdash/qmpdash/app/cmdline"
	"github.com/qmpdash/qmpdash/app/replay"
	"github.com/qmpdash/qmpdash/app/send"
	"github.com/qmpdash/qmpdash/app/transport"
	"github.com/qmpdash/qmpdash/app/wirelog"
	"github.com/qmpdash/qmpdash/qmp"
	"github.com/qmpdash/qmpdash/qmp/qmptest"
)

// qemuTarget connects a replay target to a monitor, with the live schema.
func qemuTarget(t *testing.T, sock string, policy send.Policy) (*replay.ClientTarget, *qmp.Client) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	c, err := transport.Connect(ctx, sock, transport.ProtocolQMP, qmp.Options{})
	if err != nil {
		t.Fatal(err)
	}
	schema, _, err := LoadSchema(ctx, c, nil)
	if err != nil {
		t.Fatal(err)
	}
	target := replay.NewClientTarget(c, schema, policy, send.Timeouts{Default: 10 * time.Second})
	t.Cleanup(func() { target.Close(); c.Close() })
	return target, c
}

// replayScript parses a script and replays it, collecting the results.
func replayScript(t *testing.T, target replay.Target, script string, opts replay.Options) ([]replay.Result, error) {
	t.Helper()
	steps, err := replay.ParseScript("test.qmp", script)
	if err != nil {
		t.Fatal(err)
	}
	var results []replay.Result
	opts.Report = func(r replay.Result) { results = append(results, r) }
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	return results, replay.Run(ctx, target, steps, opts)
}

// runStatus asks the monitor for its run state.
func runStatus(t *testing.T, c *qmp.Client) string {
	t.Helper()
	ret, err := c.Execute(context.Background(), "query-status", nil)
	if err != nil {
		t.Fatal(err)
	}
	return strings.Split(strings.SplitN(string(ret), `"status": "`, 2)[1], `"`)[0]
}

func TestReplayRecordedSessionAgainstQEMU(t *testing.T) {
	q := qmptest.QEMU(t)
	path := filepath.Join(t.TempDir(), "recorded.jsonl")
	l, err := wirelog.Open(path, "vm1", q.Socket, 0)
	if err != nil {
		t.Fatal(err)
	}
	s := New(Config{Name: "vm1", Addr: q.Socket, Protocol: transport.ProtocolQMP, NoDocs: true, Log: l})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { s.Run(ctx); close(done) }()
	qmptest.Eventually(t, "the schema", func() bool { return s.Schema() != nil })
	for _, text := range []string{"cont", "stop", "query-status", "device_del id=nope"} {
		line, _ := cmdline.Parse(text)
		if _, err := s.Send(line, text); err != nil {
			t.Fatal(err)
		}
		qmptest.Eventually(t, text+"'s reply", func() bool { return s.Commands.Pending() == 0 })
	}
	cancel() // QEMU takes one client at a time
	<-done
	l.Close()

	rf, err := replay.LoadFile(path, "")
	if err != nil {
		t.Fatal(err)
	}
	if !rf.FromLog || rf.Addr != q.Socket || rf.VM != "vm1" || len(rf.Steps) != 4 || len(rf.Skipped) != 0 {
		t.Fatalf("replay file: %+v", rf)
	}
	if last := rf.Steps[3]; last.Text != "device_del id=nope" || last.ExpectError != "DeviceNotFound" || last.Recorded == nil {
		t.Fatalf("the recorded failure: %+v", last)
	}
	target, c := qemuTarget(t, rf.Addr, send.Policy{})
	var results []replay.Result
	err = replay.Run(context.Background(), target, rf.Steps, replay.Options{Diff: true, Pace: replay.Pace{Original: true},
		Report: func(r replay.Result) { results = append(results, r) }})
	if err != nil || len(results) != 4 {
		t.Fatalf("replay: %v, %d results", err, len(results))
	}
	for _, r := range results {
		if r.Err != nil || len(r.Diff) != 0 || r.Entry.Reply == nil {
			t.Errorf("%s: err %v, diff %v", r.Step.Text, r.Err, r.Diff)
		}
	}
	if got := runStatus(t, c); got != "paused" {
		t.Fatalf("after the replay QEMU is %s", got)
	}
}

func TestReplayScriptWaitsForEvents(t *testing.T) {
	q := qmptest.QEMU(t)
	target, _ := qemuTarget(t, q.Socket, send.Policy{})
	script := `# start, then pause; STOP may come before stop's reply
cont
stop
@wait STOP 5s
# RESUME came before stop was sent, so this wait must not find it
@wait RESUME 200ms
`
	results, err := replayScript(t, target, script, replay.Options{ContinueOnError: true})
	var rerr *replay.Error
	if !errors.As(err, &rerr) || rerr.Failed != 1 || len(results) != 4 {
		t.Fatalf("err %v, %d results", err, len(results))
	}
	if r := results[2]; r.Err != nil || r.Event == nil || r.Event.Name != "STOP" {
		t.Fatalf("@wait STOP: %+v", r)
	}
	if r := results[3]; r.Err == nil || !strings.Contains(r.Err.Error(), "no RESUME event within 200ms") {
		t.Fatalf("@wait RESUME: %v", r.Err)
	}
}

func TestReplayDryRunSendsNothing(t *testing.T) {
	q := qmptest.QEMU(t)
	target, c := qemuTarget(t, q.Socket, send.Policy{})
	before := c.Stats().Sent
	results, err := replayScript(t, target, "cont\n@wait RESUME\nblock_resize device=d0 size=big\n", replay.Options{DryRun: true, ContinueOnError: true})
	if sent := c.Stats().Sent - before; sent != 0 {
		t.Fatalf("a dry run sent %d messages", sent)
	}
	var verr *send.ValidationError
	if len(results) != 3 || results[0].Err != nil || !errors.As(results[2].Err, &verr) || err == nil {
		t.Fatalf("err %v, results %+v", err, results)
	}
	time.Sleep(100 * time.Millisecond) // a RESUME would have come by now
	if got := runStatus(t, c); got != "prelaunch" || target.Events().Len() != 0 {
		t.Fatalf("QEMU is %s with %d events after a dry run", got, target.Events().Len())
	}
}

func TestReplayExpectedAndUnexpectedErrors(t *testing.T) {
	q := qmptest.QEMU(t)
	target, _ := qemuTarget(t, q.Socket, send.Policy{})
	script := "@expect-error GenericError\ndevice_add driver=nope\n@expect-error DeviceNotFound\ndevice_del id=nope\nquery-status\n"
	if results, err := replayScript(t, target, script, replay.Options{}); err != nil || len(results) != 3 {
		t.Fatalf("expected errors: %v, %d results", err, len(results))
	}
	results, err := replayScript(t, target, "device_del id=nope\nquery-status\n", replay.Options{})
	var rerr *replay.Error
	if !errors.As(err, &rerr) || !rerr.Aborted || len(results) != 1 || !strings.Contains(err.Error(), "DeviceNotFound") {
		t.Fatalf("unexpected error: %v, %d results", err, len(results))
	}
	results, err = replayScript(t, target, "@expect-error GenericError\nquery-status\n", replay.Options{})
	if err == nil || !strings.Contains(results[0].Err.Error(), "expected the error GenericError, but it succeeded") {
		t.Fatalf("a success where an error was expected: %v", err)
	}
}

func TestReplayKeepsTheReadOnlyPolicy(t *testing.T) {
	q := qmptest.QEMU(t)
	target, c := qemuTarget(t, q.Socket, send.Policy{ReadOnly: true})
	_, err := replayScript(t, target, "query-status\ncont\n", replay.Options{})
	if !errors.Is(err, send.ErrReadOnly) {
		t.Fatalf("err %v", err)
	}
	if got := runStatus(t, c); got != "prelaunch" {
		t.Fatalf("QEMU is %s: cont was sent", got)
	}
}
