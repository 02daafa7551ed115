//go:build linux

package main

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/qmpdash/qmpdash/qmp/qmptest"
)

// floodCount overflows every buffer on the way: the subscription's queue
// (eventsQueue), the socket's and the pipe's, about 30 MB in all.
const floodCount = 200_000

// TestEventsFloodLosesNothing runs the real binary against a server that
// writes events as fast as the socket takes them: every event reaches a
// file, in order, and a pipe into wc -l.
func TestEventsFloodLosesNothing(t *testing.T) {
	srv := qmptest.NewFloodServer(t, floodCount)
	bin := binary(t)
	out := filepath.Join(t.TempDir(), "events.jsonl")
	f, err := os.Create(out)
	if err != nil {
		t.Fatal(err)
	}
	var stderr bytes.Buffer
	cmd := exec.Command(bin, "events", "--count", strconv.Itoa(floodCount), srv.Path)
	cmd.Stdout, cmd.Stderr = f, &stderr
	err = cmd.Run()
	f.Close()
	if err != nil || stderr.Len() > 0 {
		t.Fatalf("events > file: %v, stderr %q", err, clipStderr(stderr.String()))
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(string(data), "\n"), "\n")
	if len(lines) != floodCount {
		t.Fatalf("%d lines in the file, want %d", len(lines), floodCount)
	}
	for i, l := range lines {
		if want := strings.TrimSuffix(qmptest.FloodEvent(i), "\r\n"); l != want {
			t.Fatalf("line %d = %s, want %s", i, l, want)
		}
	}

	stderr.Reset()
	wc := exec.Command("sh", "-c", `"$0" events --count "$1" "$2" | wc -l`, bin, strconv.Itoa(floodCount), srv.Path)
	wc.Stderr = &stderr
	got, err := wc.Output()
	if err != nil || strings.TrimSpace(string(got)) != strconv.Itoa(floodCount) || stderr.Len() > 0 {
		t.Fatalf("events | wc -l = %q (%v), want %d; stderr %q", got, err, floodCount, clipStderr(stderr.String()))
	}
}

// TestEventsIntoHeadEndsAtOnce pipes events into head -n 3 from a monitor
// that goes quiet after three events: qmpdash ends, with status 0, as soon
// as head has gone, without waiting for a fourth event to fail to write.
func TestEventsIntoHeadEndsAtOnce(t *testing.T) {
	srv := qmptest.NewServer(t)
	go func() {
		p := srv.Accept()
		if p == nil {
			return
		}
		p.Negotiate()
		p.Write(qmptest.EventLine("STOP", ""), qmptest.EventLine("RESUME", ""), qmptest.EventLine("STOP", ""))
		p.Next() // stays open and quiet until the client hangs up
	}()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	sh := exec.CommandContext(ctx, "bash", "-c", `"$0" events "$1" | head -n 3; echo "status ${PIPESTATUS[0]}"`, binary(t), srv.Path)
	out, err := sh.Output()
	if err != nil || ctx.Err() != nil {
		t.Fatalf("events | head: %v (%v), output %q", err, ctx.Err(), out)
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	if len(lines) != 4 || !strings.Contains(lines[2], `"event": "STOP"`) || lines[3] != "status 0" {
		t.Fatalf("output:\n%s", out)
	}
}

func clipStderr(s string) string {
	if len(s) > 2000 {
		return s[:2000] + "…"
	}
	return s
}
