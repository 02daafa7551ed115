package qmptest

import (
	"crypto/rand"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// Execute runs one command on a QMP connection, as a test's own client
// does it; StartMirror and MigrationMachine's callers pass theirs.
type Execute func(command string, args any) error

// StartMirror gives a QEMU two 64 MiB raw images in a temp dir, as nodes
// src and dst, and starts blockdev-mirror job "mirror0" from one to the
// other throttled to 4 MiB/s in 1 MiB chunks: about 16 s, its progress
// moving every quarter of a second. It fails the test on an error.
func StartMirror(t testing.TB, execute Execute) {
	t.Helper()
	img := Require(t, "qemu-img")
	dir := t.TempDir()
	for _, node := range []string{"src", "dst"} {
		file := filepath.Join(dir, node+".img")
		if out, err := exec.Command(img, "create", "-q", "-f", "raw", file, "64M").CombinedOutput(); err != nil {
			t.Fatalf("qmptest: qemu-img: %v: %s", err, out)
		}
		if err := execute("blockdev-add", map[string]any{"driver": "raw", "node-name": node,
			"file": map[string]any{"driver": "file", "filename": file}}); err != nil {
			t.Fatalf("qmptest: blockdev-add: %v", err)
		}
	}
	if err := execute("blockdev-mirror", map[string]any{"job-id": "mirror0", "device": "src", "target": "dst", "sync": "full",
		"speed": 4 << 20, "buf-size": 1 << 20}); err != nil {
		t.Fatalf("qmptest: blockdev-mirror: %v", err)
	}
}

// MigrationMachine is the command line of a QEMU to migrate: a paused
// 256 MiB pc under TCG whose RAM holds 48 MiB of random bytes (a loader
// device), pages that cost bandwidth, unlike the zero pages of a guest
// that never ran. Add "-incoming", "defer" for the destination.
func MigrationMachine(t testing.TB) []string {
	t.Helper()
	blob := filepath.Join(t.TempDir(), "ram.bin")
	data := make([]byte, 48<<20)
	rand.Read(data)
	if err := os.WriteFile(blob, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return []string{"-machine", "pc", "-m", "256", "-S", "-accel", "tcg", "-nodefaults", "-display", "none",
		"-device", "loader,file=" + blob + ",addr=0x1000000,force-raw=on"}
}

// StartMigration migrates src to dst (started with MigrationMachine, dst
// with "-incoming defer") over a UNIX socket in dir, at 16 MiB/s: a few
// seconds. srcExec and dstExec run commands on a monitor of each.
func StartMigration(t testing.TB, dir string, srcExec, dstExec Execute) {
	t.Helper()
	uri := "unix:" + filepath.Join(dir, "mig.sock")
	for _, step := range []struct {
		exec    Execute
		command string
		args    any
	}{
		{dstExec, "migrate-incoming", map[string]any{"uri": uri}},
		{srcExec, "migrate-set-parameters", map[string]any{"max-bandwidth": 16 << 20}},
		{srcExec, "migrate", map[string]any{"uri": uri}},
	} {
		if err := step.exec(step.command, step.args); err != nil {
			t.Fatalf("qmptest: %s: %v", step.command, err)
		}
	}
}

// mirrorRow is StartMirror's job running in a jobs table: its percent.
var mirrorRow = regexp.MustCompile(`mirror0\s+running\s+\S+\s+(\d+)%`)

// MirrorPercent is the percent done a jobs table on screen shows for
// StartMirror's job while it runs, -1 when no such row shows.
func MirrorPercent(screen string) int {
	m := mirrorRow.FindStringSubmatch(screen)
	if m == nil {
		return -1
	}
	n, _ := strconv.Atoi(m[1])
	return n
}

// MigrationSourceDone reports whether screen has the migration source's
// finished row: completed, its progress bar full, and after it a
// throughput sparkline that rose above its floor while data moved. The
// row stays so after the end, so a test can check it however fast the
// migration ran.
func MigrationSourceDone(screen string) bool {
	for _, line := range strings.Split(screen, "\n") {
		_, after, ok := strings.Cut(line, "███ 100%")
		if ok && strings.Contains(line, "completed") && strings.ContainsAny(after, "▂▃▄▅▆▇█") {
			return true
		}
	}
	return false
}
