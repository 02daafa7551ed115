package wirelog

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/qmpdash/qmpdash/qmp"
	"github.com/qmpdash/qmpdash/qmp/qmptest"
)

// logWriterEnv makes the test binary a log writer under flood, for
// TestSessionLogSurvivesKill.
const logWriterEnv = "QMPDASH_TEST_LOG_WRITER"

func TestSessionLogSurvivesKill(t *testing.T) {
	if path := os.Getenv(logWriterEnv); path != "" {
		floodLog(path) // never returns: the parent kills this process
	}
	path := filepath.Join(t.TempDir(), "killed.jsonl")
	child := exec.Command(os.Args[0], "-test.run=^TestSessionLogSurvivesKill$")
	child.Env = append(os.Environ(), logWriterEnv+"="+path)
	if err := child.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { child.Process.Kill(); child.Wait() }) // when the wait fails
	qmptest.Eventually(t, "the writer to write 4 MB", func() bool {
		fi, err := os.Stat(path)
		return err == nil && fi.Size() > 4<<20
	})
	if err := child.Process.Kill(); err != nil { // SIGKILL, mid-flood
		t.Fatal(err)
	}
	child.Wait()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	lines := bytes.Split(data, []byte("\n"))
	complete := lines[:len(lines)-1] // after the last newline: "" or a torn line
	for i, line := range complete {
		if _, err := parseRecord(line); err != nil {
			t.Fatalf("line %d of %d is broken: %v: %.200s", i+1, len(complete), err, line)
		}
	}
	if len(complete) < 1000 {
		t.Fatalf("only %d complete lines", len(complete))
	}
	t.Logf("%d complete lines, %d bytes torn at the end", len(complete), len(lines[len(lines)-1]))
}

// floodLog writes events, replies and markers to a session log from four
// goroutines until the process is killed.
func floodLog(path string) {
	l, err := Open(path, "vm1", "unix:/flood.sock", 0)
	if err != nil {
		os.Exit(2)
	}
	for g := range 4 {
		go func() {
			ev := []byte(`{"timestamp": {"seconds": 1700000000, "microseconds": 250}, "event": "RTC_CHANGE", "data": {"offset": ` + strconv.Itoa(g) + `, "pad": "` + strings.Repeat("x", 300*g) + `"}}`)
			for i := 0; ; i++ {
				l.Tap(qmp.WireMessage{Dir: qmp.In, Time: time.Now(), Data: ev})
				if i%100 == 0 {
					l.Tap(qmp.WireMessage{Dir: qmp.Out, Time: time.Now(), Data: []byte(`{"execute":"query-status","id":"c` + strconv.Itoa(i) + `"}`)})
					l.Mark("connected", "qmp")
				}
			}
		}()
	}
	select {}
}
