package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/qmpdash/qmpdash/qmp/qmptest"
)

// The headless event stream is measured on the real binary against a
// fake server that writes floodEvents events of ~150 bytes as fast as the
// socket takes them, next to socat reading the same flood in the same run:
// socat only copies bytes, so it is the floor. Both pipe into wc -l, whose
// count proves that nothing was lost. Budget (issue #17): lossless, and at
// most twice socat's time.
const (
	floodEvents = 1_000_000
	floodRuns   = 3
)

func measureEventsFlood() []row {
	const what = "events CLI, 1,000,000 events of ~150 B piped into wc -l"
	if _, err := exec.LookPath("socat"); err != nil {
		return []row{{what: what, result: "socat is not installed", verdict: skipped}}
	}
	dir, err := os.MkdirTemp("", "qmpbench-flood-")
	if err != nil {
		return []row{failed(what, err)}
	}
	defer os.RemoveAll(dir)
	bin := filepath.Join(dir, "qmpdash")
	if out, err := exec.Command("go", "build", "-o", bin, "./cmd/qmpdash").CombinedOutput(); err != nil {
		return []row{failed(what, fmt.Errorf("go build ./cmd/qmpdash: %v: %s", err, firstError(out)))}
	}
	srv, err := qmptest.ListenFlood(filepath.Join(dir, "flood.sock"), floodEvents)
	if err != nil {
		return []row{failed(what, err)}
	}
	defer srv.Close()
	// socat sends qmp_capabilities from its stdin and prints the greeting
	// and its reply too; -t waits for the flood after stdin's end.
	socat := fmt.Sprintf(`echo '{"execute":"qmp_capabilities"}' | socat -t 60 - UNIX-CONNECT:%s | wc -l`, srv.Path)
	qmpdash := fmt.Sprintf(`%s events --qmp --count %d %s | wc -l`, bin, floodEvents, srv.Path)
	var socatTimes, qmpdashTimes []time.Duration
	for range floodRuns { // alternating, so both see the same load
		d, err := timePipeline(socat, floodEvents+2)
		if err != nil {
			return []row{failed(what, fmt.Errorf("socat: %w", err))}
		}
		socatTimes = append(socatTimes, d)
		if d, err = timePipeline(qmpdash, floodEvents); err != nil {
			return []row{failed(what, fmt.Errorf("qmpdash events: %w", err))}
		}
		qmpdashTimes = append(qmpdashTimes, d)
	}
	s, q := medianDuration(socatTimes), medianDuration(qmpdashTimes)
	result := fmt.Sprintf("lossless; median %.0f ms (%s events/s), socat %.0f ms: %.2f× socat (%d runs each)",
		ms(q), mega(floodEvents/q.Seconds()), ms(s), q.Seconds()/s.Seconds(), floodRuns)
	return []row{judge(what, result, "lossless, ≤ 2× socat's time", q.Seconds()/s.Seconds(), 2, true)}
}

// timePipeline runs a shell pipeline ending in wc -l and fails unless it
// counted want lines.
func timePipeline(script string, want int) (time.Duration, error) {
	cmd := exec.Command("sh", "-c", script)
	var out, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &stderr
	t0 := time.Now()
	err := cmd.Run()
	d := time.Since(t0)
	if err != nil {
		return 0, fmt.Errorf("%v: %s", err, stderr.Bytes())
	}
	if got := strings.TrimSpace(out.String()); got != strconv.Itoa(want) || stderr.Len() > 0 {
		return 0, fmt.Errorf("counted %s lines, want %d (stderr %q)", got, want, stderr.Bytes())
	}
	return d, nil
}

func medianDuration(ds []time.Duration) time.Duration {
	ds = slices.Clone(ds)
	slices.Sort(ds)
	return ds[len(ds)/2]
}
