//go:build linux

package main

import (
	"bufio"
	"context"
	"encoding/json"
	"os/exec"
	"strings"
	"testing"

	"github.com/qmpdash/qmpdash/qmp"
	"github.com/qmpdash/qmpdash/qmp/qmptest"
)

// executor runs setup commands on a test's own connection.
func executor(t *testing.T, c *qmp.Client) qmptest.Execute {
	return func(command string, args any) error {
		_, err := c.Execute(ctxFor(t), command, args)
		return err
	}
}

func TestJobsJSONAgainstQEMU(t *testing.T) {
	privateXDG(t)
	p := qmptest.QEMUWithMonitors(t, 2)
	qmptest.StartMirror(t, executor(t, dialT(t, p.Sockets[1])))
	code, out, errOut := runIn(t, "", "jobs", p.Socket, "-o", "json")
	var doc struct {
		View string
		Rows []struct {
			Key, Status string
			Progress    *float64
			Data        struct{ Block struct{ Speed int } }
		}
	}
	if code != 0 || json.Unmarshal([]byte(out), &doc) != nil {
		t.Fatalf("jobs -o json: %d %q %q", code, out, errOut)
	}
	if doc.View != "jobs" || len(doc.Rows) != 1 || doc.Rows[0].Key != "mirror0" || doc.Rows[0].Status != "running" ||
		doc.Rows[0].Progress == nil || doc.Rows[0].Data.Block.Speed != 4<<20 {
		t.Fatalf("jobs -o json: %s", out)
	}
	code, out, _ = runIn(t, "", "migration", p.Socket, "-o", "json")
	if code != 0 || !json.Valid([]byte(out)) || !strings.Contains(out, `"view":"migration"`) {
		t.Fatalf("migration -o json: %d %q", code, out)
	}
	code, out, _ = runIn(t, "", "jobs", p.Socket)
	if code != 0 || !strings.HasPrefix(out, "VM ") || !strings.Contains(out, "mirror0") || !strings.Contains(out, "4.0 MiB/s") {
		t.Fatalf("jobs: %d %q", code, out)
	}
}

func TestJobsFollowEndsWithItsReader(t *testing.T) {
	p := qmptest.QEMUWithMonitors(t, 2)
	qmptest.StartMirror(t, executor(t, dialT(t, p.Sockets[1])))
	cmd := exec.Command(binary(t), "jobs", "--follow", "-n", "100ms", "-o", "json", p.Socket)
	cmd.Env = append(cmd.Environ(), "XDG_CACHE_HOME="+t.TempDir(), "XDG_STATE_HOME="+t.TempDir())
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	lines := bufio.NewScanner(out)
	for range 3 {
		if !lines.Scan() || !json.Valid(lines.Bytes()) {
			t.Fatalf("jobs --follow: %q %v", lines.Text(), lines.Err())
		}
	}
	out.Close() // the reader goes away, as head's does
	if err := cmd.Wait(); err != nil {
		t.Fatalf("jobs --follow after its reader left: %v", err)
	}
}

func TestJobsViewInTmux(t *testing.T) {
	p := qmptest.QEMUWithMonitors(t, 2)
	c := dialT(t, p.Sockets[1])
	qmptest.StartMirror(t, executor(t, c))
	tm := startTmux(t, binary(t), p.Socket)
	tm.waitText("● connected")
	tm.keys("Escape") // alone: a key right behind it would arrive as Alt+key
	tm.waitText("╔")
	tm.keys("J")
	percent := qmptest.MirrorPercent
	first := percent(tm.waitFor("the running mirror", func(s string) bool { return percent(s) >= 0 }))
	tm.waitFor("its percent rising", func(s string) bool { return percent(s) > first })
	tm.keys("c")
	tm.waitText("Send job-cancel to")
	tm.keys("y")
	tm.waitFor("the mirror ended", func(s string) bool { return qmptest.MirrorPercent(s) < 0 && strings.Contains(s, "ended") })
	if jobs, err := c.Execute(context.Background(), "query-block-jobs", nil); err != nil || string(jobs) != "[]" {
		t.Fatalf("after the cancel QEMU has %s %v", jobs, err)
	}
}

func TestMigrationViewInTmux(t *testing.T) {
	machine := qmptest.MigrationMachine(t)
	src := qmptest.QEMUIn(t, qmptest.SocketDir(t), 2, machine...)
	dst := qmptest.QEMUIn(t, qmptest.SocketDir(t), 2, append(machine, "-incoming", "defer")...)
	tm := startTmux(t, binary(t), src.Socket, dst.Socket)
	tm.waitFor("both connected", func(s string) bool { return strings.Count(s, "●") >= 2 })
	tm.keys("Escape")
	tm.waitText("╔")
	tm.keys("M")
	tm.waitText("Migration")
	qmptest.StartMigration(t, qmptest.SocketDir(t), executor(t, dialT(t, src.Sockets[1])), executor(t, dialT(t, dst.Sockets[1])))
	tm.waitFor("the migration active", func(s string) bool { return strings.Contains(s, "active") })
	tm.waitFor("completed on both ends, the source's bar full and its throughput line risen", func(s string) bool {
		return tableRowsWith(s, "completed") == 2 && qmptest.MigrationSourceDone(s)
	})
}

// tableRowsWith counts the lines of the live view's table (not of the
// detail pane below it, which shows the selected row's JSON) holding text.
func tableRowsWith(screen, text string) int {
	n := 0
	for _, line := range strings.Split(screen, "\n") {
		if strings.HasPrefix(line, "║") && strings.Contains(line, text) {
			n++
		}
	}
	return n
}
