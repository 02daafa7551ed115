// Command qmpbench measures qmpdash against its performance budgets (issue
// #10) and prints one table: what was measured, the result, the budget and
// whether it was met, with the machine it ran on. It runs the Go
// benchmarks of the repository with go test and parses their output, and
// measures start-up itself, with the real binary against real QEMU.
//
// Run it from the module root: go run ./cmd/qmpbench (make bench). It exits
// 1 when a measurement could not be made; a missed budget is reported in
// the table, not in the exit status, because figures from a shared machine
// are evidence to read, not a gate.
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"
)

func main() {
	verbose := flag.Bool("v", false, "echo the output of every go test run to stderr")
	bigEventsFor := flag.Duration("big-events-for", 5*time.Minute, "how long to send 1 MB events at 20/s to the dashboard (the recorded figure is for 5m)")
	only := flag.String("only", "", "run only the benchmarks whose name contains `TEXT` (go benchmark names, EventsCLI, StartUp)")
	flag.Usage = func() {
		fmt.Fprintln(flag.CommandLine.Output(), "usage: go run ./cmd/qmpbench [-v] [-big-events-for 5m] [-only TEXT]   (from the module root)")
		flag.PrintDefaults()
	}
	flag.Parse()
	os.Exit(run(os.Stdout, os.Stderr, *verbose, *bigEventsFor, *only))
}

// binaryMeasurements run the real binary rather than go test; -only
// matches their names as it matches the go benchmarks'.
var binaryMeasurements = []struct {
	name, what string
	measure    func() []row
}{
	{"EventsCLI", "events CLI against socat", measureEventsFlood},
	{"StartUp", "start-up against real QEMU", measureStartup},
	{"JobsViewBinary", "the jobs view of the real binary on 64 real QEMUs", measureJobsView},
}

func run(stdout, stderr io.Writer, verbose bool, bigEventsFor time.Duration, only string) int {
	start := time.Now()
	m := describeMachine()
	progress := func(what string) {
		fmt.Fprintf(stderr, "qmpbench: %s (%s)\n", what, time.Since(start).Round(time.Second))
	}
	var rows []row
	for _, b := range goBenchmarks(bigEventsFor) {
		if !strings.Contains(b.bench, only) {
			continue
		}
		progress("go test " + b.pkg + " " + b.bench)
		rows = append(rows, b.run(stderr, verbose)...)
	}
	for _, m := range binaryMeasurements {
		if strings.Contains(m.name, only) {
			progress(m.what)
			rows = append(rows, m.measure()...)
		}
	}
	m.loadAfter = loadAverage()

	printTable(stdout, m, rows, time.Since(start))
	for _, r := range rows {
		if r.verdict == errored {
			return 1
		}
	}
	return 0
}
