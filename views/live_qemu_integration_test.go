//go:build linux

package views

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/qmpdash/qmpdash/app/send"
	"github.com/qmpdash/qmpdash/app/session"
	"github.com/qmpdash/qmpdash/app/transport"
	"github.com/qmpdash/qmpdash/keymap"
	"github.com/qmpdash/qmpdash/qmp"
	"github.com/qmpdash/qmpdash/qmp/qmptest"
)

// The live views against real QEMU: a throttled blockdev-mirror whose
// percent rises and which the row's cancel ends, and a migration between
// two QEMUs followed to completed on both ends.

// startRealFleet runs a dashboard over real monitors, by VM name, with
// destructive commands confirmed.
func startRealFleet(t *testing.T, names []string, socks []string) *fleetHarness {
	t.Helper()
	fh := &fleetHarness{peers: map[string]*qmptest.Peer{}, got: map[string][]string{}}
	var sessions []*session.Session
	for i, name := range names {
		sessions = append(sessions, session.New(session.Config{Name: name, Addr: socks[i], Protocol: transport.ProtocolQMP,
			NoDocs: true, Policy: send.Policy{Confirm: send.DefaultConfirm()}}))
	}
	fh.startDashboard(t, sessions, 160, 30, nil)
	return fh
}

// setupClient connects to a QEMU's second monitor, which the test uses
// behind the dashboard's back.
func setupClient(t *testing.T, sock string) *qmp.Client {
	t.Helper()
	c, err := qmp.Dial(context.Background(), sock, qmp.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

// executor runs setup commands on c, failing the test on an error.
func executor(t *testing.T, c *qmp.Client) qmptest.Execute {
	return func(command string, args any) error {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		_, err := c.Execute(ctx, command, args)
		return err
	}
}

func TestJobsViewFollowsAndCancelsARealMirror(t *testing.T) {
	qemu := qmptest.QEMUWithMonitors(t, 2)
	c := setupClient(t, qemu.Sockets[1])
	qmptest.StartMirror(t, executor(t, c))
	fh := startRealFleet(t, []string{"vm"}, []string{qemu.Socket})
	fh.leaveInput()
	fh.press(keymap.LiveJobs)
	percent := qmptest.MirrorPercent
	first := percent(fh.waitFor("the running mirror", func(s string) bool { return percent(s) >= 0 }))
	fh.waitFor("its percent rising without a key pressed", func(s string) bool { return percent(s) > first })
	fh.press(keymap.JobCancel)
	fh.waitText("Send job-cancel to vm?")
	fh.typeText("y")
	fh.waitFor("the mirror ended", func(s string) bool { return qmptest.MirrorPercent(s) < 0 && strings.Contains(s, "mirror0") })
	if jobs, err := c.Execute(context.Background(), "query-block-jobs", nil); err != nil || string(jobs) != "[]" {
		t.Fatalf("after the cancel QEMU still has %s", jobs)
	}
	e, _ := lastCommand(fh.fleet.Sessions()[0])
	if e.Text != "job-cancel id=mirror0" {
		t.Errorf("the command log's last entry is %q", e.Text)
	}
}

func TestMigrationViewFollowsBothEnds(t *testing.T) {
	machine := qmptest.MigrationMachine(t)
	src := qmptest.QEMUIn(t, qmptest.SocketDir(t), 2, machine...)
	dst := qmptest.QEMUIn(t, qmptest.SocketDir(t), 2, append(machine, "-incoming", "defer")...)
	fh := startRealFleet(t, []string{"dst", "src"}, []string{dst.Socket, src.Socket})
	fh.leaveInput()
	fh.press(keymap.LiveMigration)
	fh.waitText("<M> migration")
	qmptest.StartMigration(t, qmptest.SocketDir(t), executor(t, setupClient(t, src.Sockets[1])), executor(t, setupClient(t, dst.Sockets[1])))

	fh.waitFor("the source active", func(s string) bool { return strings.Contains(lineWith(s, "src "), "active") })
	fh.waitFor("completed on both ends, the source's bar full and its throughput line risen", func(s string) bool {
		return qmptest.MigrationSourceDone(lineWith(s, "src ")) && strings.Contains(lineWith(s, "dst "), "completed")
	})
}

// lineWith is the screen's first line holding text past its border.
func lineWith(screen, text string) string {
	for _, l := range strings.Split(screen, "\n") {
		if strings.HasPrefix(strings.TrimLeft(l, "║│ "), text) {
			return l
		}
	}
	return ""
}
