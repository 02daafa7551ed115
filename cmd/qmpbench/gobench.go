package main

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"os/exec"
	"slices"
	"strconv"
	"strings"
	"time"
)

// goBenchmark is one go test run and how its results become rows.
type goBenchmark struct {
	pkg, bench string
	// args are further go test flags: -benchtime, -cpu; testArgs are
	// flags for the test binary itself (after -args).
	args, testArgs []string
	rows           func(results) []row
}

// goBenchmarks are run in this order. Their benchtimes keep the whole run
// to a few minutes on two cores, and the big-events run to bigEventsFor
// more; each benchmark's doc comment says what it measures.
func goBenchmarks(bigEventsFor time.Duration) []goBenchmark {
	return []goBenchmark{
		// Ingest is the most sensitive to others' load: the median of three.
		{pkg: "./qmp", bench: "^BenchmarkIngest(RawLines)?$", args: []string{"-cpu", "1,2", "-benchtime", "1s", "-count", "3"}, rows: ingestRows},
		{pkg: "./views", bench: "^BenchmarkDashboardFlood$", args: []string{"-benchtime", "1x"}, rows: floodRows},
		{pkg: "./views", bench: "^BenchmarkBigReply236KB$", args: []string{"-benchtime", "20x"}, rows: bigReplyRows},
		{pkg: "./views", bench: "^BenchmarkBigReply64MiB$", args: []string{"-benchtime", "3x"}, rows: hugeReplyRows},
		{pkg: "./app/session", bench: "^BenchmarkManyVMs$", args: []string{"-benchtime", "1x"}, rows: manyVMsRows},
		{pkg: "./views", bench: "^BenchmarkJobsView64$", args: []string{"-benchtime", "1x"}, rows: jobsViewRows},
		{pkg: "./app/store", bench: "^BenchmarkSetFilter1M$", args: []string{"-benchtime", "20x"}, rows: filterRows},
		{pkg: "./app/complete", bench: "^BenchmarkComplete$", args: []string{"-benchtime", "0.2s"}, rows: completeRows},
		{pkg: "./app/complete", bench: "^BenchmarkCompleteLive$", args: []string{"-benchtime", "0.2s"}, rows: completeLiveRows},
		{pkg: "./views", bench: "^BenchmarkDashboardBigEvents$", args: []string{"-benchtime", "1x", "-timeout", "0"},
			testArgs: []string{"-big-events-for", bigEventsFor.String()}, rows: bigEventsRows},
	}
}

// run runs the benchmark and turns its output into rows. When go test
// fails, or a benchmark prints no result, the rows say so.
func (b goBenchmark) run(stderr io.Writer, verbose bool) []row {
	args := append([]string{"test", "-run", "^$", "-bench", b.bench, "-benchmem"}, b.args...)
	args = append(args, b.pkg)
	if len(b.testArgs) > 0 {
		args = append(append(args, "-args"), b.testArgs...)
	}
	cmd := exec.Command("go", args...)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if verbose {
		cmd.Stdout = io.MultiWriter(&out, stderr)
		cmd.Stderr = cmd.Stdout
	}
	err := cmd.Run()
	res := parseBench(out.Bytes())
	res.skips = skipReasons(out.Bytes())
	if err != nil {
		return []row{failed("go test "+b.pkg+" -bench "+b.bench, fmt.Errorf("%v: %s", err, firstError(out.Bytes())))}
	}
	return b.rows(res)
}

// results holds parsed benchmark lines: name (without the -GOMAXPROCS
// suffix) and GOMAXPROCS to metrics by unit, one value per -count.
type results struct {
	m     map[string]map[int]map[string][]float64
	skips []string
}

// get returns the median of one metric. procs 0 accepts any GOMAXPROCS.
func (r results) get(name string, procs int, unit string) (float64, bool) {
	for p, metrics := range r.m[name] {
		if procs == 0 || p == procs {
			return median(metrics[unit])
		}
	}
	return 0, false
}

func median(vs []float64) (float64, bool) {
	if len(vs) == 0 {
		return 0, false
	}
	vs = slices.Clone(vs)
	slices.Sort(vs)
	return vs[len(vs)/2], true
}

// missing is the row for a benchmark that printed no result: it was
// skipped (the reason is in its output) or it did not run.
func (r results) missing(what string) row {
	if len(r.skips) > 0 {
		return row{what: what, result: "skipped: " + strings.Join(r.skips, "; "), verdict: skipped}
	}
	return failed(what, fmt.Errorf("no result; run qmpbench -v to see go test's output"))
}

// parseBench reads the lines "BenchmarkName-N  iterations  value unit ...".
func parseBench(out []byte) results {
	r := results{m: map[string]map[int]map[string][]float64{}}
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) < 4 || !strings.HasPrefix(f[0], "Benchmark") || len(f)%2 != 0 {
			continue
		}
		if _, err := strconv.Atoi(f[1]); err != nil {
			continue
		}
		name, procs := f[0], 1 // go test omits the suffix when GOMAXPROCS is 1
		if i := strings.LastIndexByte(name, '-'); i > 0 {
			if p, err := strconv.Atoi(name[i+1:]); err == nil {
				name, procs = name[:i], p
			}
		}
		if r.m[name] == nil {
			r.m[name] = map[int]map[string][]float64{}
		}
		if r.m[name][procs] == nil {
			r.m[name][procs] = map[string][]float64{}
		}
		for i := 2; i+1 < len(f); i += 2 {
			if v, err := strconv.ParseFloat(f[i], 64); err == nil {
				r.m[name][procs][f[i+1]] = append(r.m[name][procs][f[i+1]], v)
			}
		}
	}
	return r
}

// skipReasons collects the messages printed after "--- SKIP" lines.
func skipReasons(out []byte) []string {
	var reasons []string
	lines := strings.Split(string(out), "\n")
	for i, l := range lines {
		if strings.Contains(l, "--- SKIP") && i+1 < len(lines) {
			msg := strings.TrimSpace(lines[i+1])
			if _, after, ok := strings.Cut(msg, ": "); ok && strings.Contains(msg, ".go:") {
				msg = after
			}
			reasons = append(reasons, msg)
		}
	}
	return reasons
}

// firstError picks the first line of go test's output that explains a
// failure, to fit in a table cell; -v shows the rest.
func firstError(out []byte) string {
	for _, l := range strings.Split(string(out), "\n") {
		l = strings.TrimSpace(l)
		if strings.Contains(l, ".go:") || strings.HasPrefix(l, "panic:") {
			return l
		}
	}
	return "see qmpbench -v"
}
