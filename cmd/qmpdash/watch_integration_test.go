//go:build linux

package main

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/qmpdash/qmpdash/qmp/qmptest"
	"github.com/qmpdash/qmpdash/views/headless"
)

// startWatch runs the real binary's watch command with args; lines
// delivers its output line by line. It is interrupted and reaped when the
// test ends, unless stopWatch did so first.
func startWatch(t *testing.T, args ...string) (*exec.Cmd, <-chan string) {
	t.Helper()
	cmd := exec.Command(binary(t), append([]string{"watch"}, args...)...)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if cmd.ProcessState == nil {
			cmd.Process.Kill()
			cmd.Wait()
		}
	})
	lines := make(chan string, 256)
	go func() {
		defer close(lines)
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			lines <- sc.Text()
		}
		io.Copy(io.Discard, out)
	}()
	return cmd, lines
}

// waitLine returns the first line for which match holds, failing the test
// if the output ends or 20 s pass first.
func waitLine(t *testing.T, lines <-chan string, what string, match func(string) bool) string {
	t.Helper()
	deadline := time.After(20 * time.Second)
	for {
		select {
		case l, ok := <-lines:
			if !ok {
				t.Fatalf("the output ended before %s", what)
			}
			if match(l) {
				return l
			}
		case <-deadline:
			t.Fatalf("no %s within 20 s", what)
		}
	}
}

// stopWatch interrupts the command as Ctrl-C would; it must end with 0.
func stopWatch(t *testing.T, cmd *exec.Cmd) {
	t.Helper()
	cmd.Process.Signal(syscall.SIGINT)
	if err := cmd.Wait(); err != nil {
		t.Fatalf("after SIGINT: %v", err)
	}
}

func TestWatchPrintsAReplyEverySecond(t *testing.T) {
	privateXDG(t)
	p := qmptest.QEMU(t)
	cmd, lines := startWatch(t, "-n", "1", p.Socket, "query-status")
	isHeader := func(l string) bool { return strings.Contains(l, "every 1s: query-status") }
	var times []string
	for range 2 {
		h := waitLine(t, lines, "a header line", isHeader)
		times = append(times, h)
		waitLine(t, lines, "the reply", func(l string) bool { return strings.Contains(l, `"status": "prelaunch"`) })
	}
	stopWatch(t, cmd)
	if times[0] == times[1] {
		t.Fatalf("two refreshes with the same header %q", times[0])
	}
}

func TestWatchChangesShowStopAndCont(t *testing.T) {
	privateXDG(t)
	p := qmptest.QEMUWithMonitors(t, 2)
	cmd, lines := startWatch(t, "-n", "0.2", "--changes", "-o", "json", p.Sockets[0], "query-status")
	var first struct {
		Refresh uint64
		Return  struct{ Status string }
	}
	if err := json.Unmarshal([]byte(waitLine(t, lines, "the first reply", func(string) bool { return true })), &first); err != nil || first.Refresh != 1 || first.Return.Status != "prelaunch" {
		t.Fatalf("first line: %+v %v", first, err)
	}
	c := dialT(t, p.Sockets[1])
	for _, step := range []struct{ command, status string }{{"cont", "running"}, {"stop", "paused"}} {
		if _, err := c.Execute(ctxFor(t), step.command, nil); err != nil {
			t.Fatal(err)
		}
		l := waitLine(t, lines, "the change to "+step.status, func(string) bool { return true })
		var raw struct {
			Return  json.RawMessage
			Changes []struct {
				Op, Path string
				New      json.RawMessage
			}
		}
		if err := json.Unmarshal([]byte(l), &raw); err != nil || raw.Return != nil || len(raw.Changes) == 0 {
			t.Fatalf("after %s: %s (%v)", step.command, l, err)
		}
		found := false
		for _, ch := range raw.Changes {
			found = found || ch.Op == "change" && ch.Path == ".status" && string(ch.New) == `"`+step.status+`"`
		}
		if !found {
			t.Fatalf("after %s: no .status change to %s in %s", step.command, step.status, l)
		}
	}
	stopWatch(t, cmd)
}

func TestWatchRefusesACommandThatChangesTheVM(t *testing.T) {
	privateXDG(t)
	p := qmptest.QEMU(t)
	code, out, errOut := runIn(t, "", "watch", p.Socket, "stop")
	if code != headless.ExitUsage || out != "" || !strings.Contains(errOut, `only read-only commands can be watched: "stop" may change the VM`) {
		t.Fatalf("watch stop: %d %q %q", code, out, errOut)
	}
	// Nothing was sent: QEMU is still in prelaunch.
	code, out, _ = runIn(t, "", "exec", p.Socket, "query-status")
	if code != 0 || !strings.Contains(out, `"prelaunch"`) {
		t.Fatalf("after the refusal: %d %q", code, out)
	}
}

// Piped into head, watch ends with status 0 as soon as head has gone.
func TestWatchIntoHeadEnds(t *testing.T) {
	privateXDG(t)
	p := qmptest.QEMU(t)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	sh := exec.CommandContext(ctx, "bash", "-c", `"$0" watch -n 0.2 -o json "$1" query-status | head -n 2; echo "status ${PIPESTATUS[0]}"`, binary(t), p.Socket)
	out, err := sh.Output()
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	if err != nil || ctx.Err() != nil || len(lines) != 3 || lines[2] != "status 0" || !strings.Contains(lines[1], `"refresh":2`) {
		t.Fatalf("watch | head: %v (%v), output %q", err, ctx.Err(), out)
	}
}
