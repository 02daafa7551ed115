package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"text/tabwriter"
	"time"
)

// verdict is a row's outcome against its budget.
type verdict int

const (
	info    verdict = iota // no budget: shown for context
	met                    // within budget
	missed                 // over budget
	errored                // the measurement failed
	skipped                // a program it needs is not installed
)

func (v verdict) String() string {
	return [...]string{"", "met", "MISSED", "ERROR", "skipped"}[v]
}

// row is one line of the summary table.
type row struct {
	what, result, budget string
	verdict              verdict
}

// judge makes a row whose verdict compares value with limit: at most limit
// when atMost, at least limit otherwise.
func judge(what, result, budget string, value, limit float64, atMost bool) row {
	ok := value <= limit
	if !atMost {
		ok = value >= limit
	}
	v := missed
	if ok {
		v = met
	}
	return row{what: what, result: result, budget: budget, verdict: v}
}

// failed is the row for a measurement that could not be made.
func failed(what string, err error) row {
	return row{what: what, result: err.Error(), verdict: errored}
}

// machine describes where the figures were taken.
type machine struct {
	cores                 int
	cpu, goVersion        string
	loadBefore, loadAfter string
}

func describeMachine() machine {
	m := machine{cores: runtime.NumCPU(), cpu: cpuModel(), loadBefore: loadAverage()}
	// The toolchain that builds the benchmarks, not the one that built
	// qmpbench, though under go run they are the same.
	if out, err := exec.Command("go", "env", "GOVERSION").Output(); err == nil {
		m.goVersion = strings.TrimSpace(string(out))
	} else {
		m.goVersion = runtime.Version()
	}
	return m
}

// cpuModel is the first "model name" of /proc/cpuinfo.
func cpuModel() string {
	f, err := os.Open("/proc/cpuinfo")
	if err != nil {
		return "unknown CPU"
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if k, v, ok := strings.Cut(sc.Text(), ":"); ok && strings.TrimSpace(k) == "model name" {
			return strings.TrimSpace(v)
		}
	}
	return "unknown CPU"
}

// loadAverage is the 1, 5 and 15 minute load from /proc/loadavg: others
// share the machine, and their load moves every figure.
func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return "unknown"
	}
	return strings.Join(f[:3], " ")
}

func printTable(w io.Writer, m machine, rows []row, took time.Duration) {
	fmt.Fprintf(w, "\nmachine: %d cores, %s, %s, %s/%s; load %s before, %s after; took %s\n\n",
		m.cores, m.cpu, m.goVersion, runtime.GOOS, runtime.GOARCH, m.loadBefore, m.loadAfter, took.Round(time.Second))
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "what\tresult\tbudget\tverdict")
	fmt.Fprintln(tw, "----\t------\t------\t-------")
	counts := map[verdict]int{}
	for _, r := range rows {
		counts[r.verdict]++
		budget := r.budget
		if budget == "" {
			budget = "-"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", r.what, r.result, budget, r.verdict)
	}
	tw.Flush()
	fmt.Fprintf(w, "\n%d budgets met, %d missed; %d measurements failed, %d skipped\n",
		counts[met], counts[missed], counts[errored], counts[skipped])
}
