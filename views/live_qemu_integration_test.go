//go:build linux

package views

import (
	"context"
	"crypto/rand"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
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

// execute runs a setup command and fails the test on an error.
func execute(t *testing.T, c *qmp.Client, command string, args any) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	ret, err := c.Execute(ctx, command, args)
	if err != nil {
		t.Fatalf("%s: %v", command, err)
	}
	return string(ret)
}

var mirrorPercent = regexp.MustCompile(`mirror0\s+running\s+\S+\s+(\d+)%`)

func TestJobsViewFollowsAndCancelsARealMirror(t *testing.T) {
	img := qmptest.Require(t, "qemu-img")
	qemu := qmptest.QEMUWithMonitors(t, 2)
	dir := t.TempDir()
	for _, f := range []string{"src.img", "dst.img"} {
		if out, err := exec.Command(img, "create", "-q", "-f", "raw", filepath.Join(dir, f), "64M").CombinedOutput(); err != nil {
			t.Fatalf("qemu-img: %v: %s", err, out)
		}
	}
	c := setupClient(t, qemu.Sockets[1])
	for _, node := range []string{"src", "dst"} {
		execute(t, c, "blockdev-add", map[string]any{"driver": "raw", "node-name": node,
			"file": map[string]any{"driver": "file", "filename": filepath.Join(dir, node+".img")}})
	}
	// 4 MiB/s over 64 MiB in 1 MiB chunks: 16 s unless cancelled, the
	// percent moving every quarter of a second.
	execute(t, c, "blockdev-mirror", map[string]any{"job-id": "mirror0", "device": "src", "target": "dst", "sync": "full",
		"speed": 4 << 20, "buf-size": 1 << 20})

	fh := startRealFleet(t, []string{"vm"}, []string{qemu.Socket})
	fh.leaveInput()
	fh.press(keymap.LiveJobs)
	percent := func(s string) int {
		m := mirrorPercent.FindStringSubmatch(s)
		if m == nil {
			return -1
		}
		n, _ := strconv.Atoi(m[1])
		return n
	}
	first := percent(fh.waitFor("the running mirror", func(s string) bool { return percent(s) >= 0 }))
	fh.waitFor("its percent rising without a key pressed", func(s string) bool { return percent(s) > first })
	fh.press(keymap.JobCancel)
	fh.waitText("Send job-cancel to vm?")
	fh.typeText("y")
	fh.waitFor("the mirror ended", func(s string) bool { return !mirrorPercent.MatchString(s) && strings.Contains(s, "mirror0") })
	if jobs := execute(t, c, "query-block-jobs", nil); jobs != "[]" {
		t.Fatalf("after the cancel QEMU still has %s", jobs)
	}
	e, _ := lastCommand(fh.fleet.Sessions()[0])
	if e.Text != "job-cancel id=mirror0" {
		t.Errorf("the command log's last entry is %q", e.Text)
	}
}

func TestMigrationViewFollowsBothEnds(t *testing.T) {
	qmptest.Require(t, qmptest.QEMUBinary)
	dir := qmptest.SocketDir(t)
	// 48 MiB of random bytes in guest RAM: pages that cost bandwidth,
	// unlike the zero pages of a guest that never ran.
	blob := filepath.Join(t.TempDir(), "ram.bin")
	data := make([]byte, 48<<20)
	rand.Read(data)
	if err := os.WriteFile(blob, data, 0o600); err != nil {
		t.Fatal(err)
	}
	machine := []string{"-machine", "pc", "-m", "256", "-S", "-accel", "tcg", "-nodefaults", "-display", "none",
		"-device", "loader,file=" + blob + ",addr=0x1000000,force-raw=on"}
	src := qmptest.QEMUIn(t, qmptest.SocketDir(t), 2, machine...)
	dst := qmptest.QEMUIn(t, qmptest.SocketDir(t), 2, append(machine, "-incoming", "defer")...)
	fh := startRealFleet(t, []string{"dst", "src"}, []string{dst.Socket, src.Socket})
	fh.leaveInput()
	fh.press(keymap.LiveMigration)
	fh.waitText("<M> migration")

	uri := "unix:" + filepath.Join(dir, "mig.sock")
	execute(t, setupClient(t, dst.Sockets[1]), "migrate-incoming", map[string]any{"uri": uri})
	sc := setupClient(t, src.Sockets[1])
	execute(t, sc, "migrate-set-parameters", map[string]any{"max-bandwidth": 16 << 20})
	execute(t, sc, "migrate", map[string]any{"uri": uri})

	fh.waitFor("the source's progress bar and throughput line", func(s string) bool {
		row := lineWith(s, "src ")
		return strings.Contains(row, "active") && strings.Contains(row, "█") && strings.ContainsAny(row, "▁▂▃▄▅▆▇")
	})
	fh.waitFor("completed on both ends", func(s string) bool {
		return strings.Contains(lineWith(s, "src "), "completed") && strings.Contains(lineWith(s, "dst "), "completed")
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
