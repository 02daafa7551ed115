package views

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strconv"
	"testing"

	"github.com/qmpdash/qmpdash/docs/docstest"
	"github.com/qmpdash/qmpdash/qmp/qmptest"
)

// benchFakesEnv, set to a count, makes TestBenchFakeServers serve that
// many fake VMs: BenchmarkJobsView64 runs them in a child process, so that
// the CPU it measures (getrusage of its own process) is the dashboard's
// alone, not the servers'.
const benchFakesEnv = "QMPDASH_BENCH_FAKES"

// TestBenchFakeServers is the child process of startBenchFakes: it serves
// the fake VMs, prints their socket paths one a line, and ends when its
// standard input closes. Run without benchFakesEnv it does nothing.
func TestBenchFakeServers(t *testing.T) {
	n, _ := strconv.Atoi(os.Getenv(benchFakesEnv))
	if n <= 0 {
		t.Skip("the fake VMs of BenchmarkJobsView64, run in its child process")
	}
	for range n {
		f := qmptest.NewFakeQEMU(t, docstest.QEMU72)
		f.Reply = growingMirror()
		f.AcceptAll()
		fmt.Println(f.Path)
	}
	io.Copy(io.Discard, os.Stdin)
}

// startBenchFakes re-executes the test binary to serve n fake VMs in a
// child process and returns their socket paths; the child ends with b.
func startBenchFakes(b *testing.B, n int) []string {
	b.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestBenchFakeServers$", "-test.bench=^$")
	cmd.Env = append(os.Environ(), benchFakesEnv+"="+strconv.Itoa(n))
	cmd.Stderr = os.Stderr
	stdin, err := cmd.StdinPipe()
	if err != nil {
		b.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		b.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() {
		stdin.Close()
		go io.Copy(io.Discard, stdout)
		cmd.Wait()
	})
	lines := bufio.NewScanner(stdout)
	paths := make([]string, 0, n)
	for len(paths) < n && lines.Scan() {
		paths = append(paths, lines.Text())
	}
	if len(paths) < n {
		b.Fatalf("the fake VMs' process gave %d of %d sockets: %v", len(paths), n, lines.Err())
	}
	return paths
}
