package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/qmpdash/qmpdash/app/session"
	"github.com/qmpdash/qmpdash/qmp"
)

// The jobs view's budget (issue #20) is measured on the real binary too,
// as a user runs it: 64 real QEMUs (-machine none), each mirroring a
// 1 TiB null-co node to another at 1 MiB/s (a job that runs for days)
// in 1 MiB steps, so that every row's progress, rate and ETA change at
// every refresh and every refresh makes a frame; and qmpdash on all 64
// in a detached tmux at 200x80 with the jobs view open, drawing to a real
// terminal (tmux's). The figures are the qmpdash process's CPU time (user
// and system, all threads, /proc/PID/stat) over openWindow, then over
// closedWindow with the view closed, and its resident memory per VM. The
// QEMUs' and tmux's own CPU is not counted. The open window spans a
// minute: the collector runs every half minute or more here, and a
// shorter window holds one of its cycles or none, which moves the figure
// by a tenth of the budget or more.
const (
	jobsVMs      = 64
	openWindow   = time.Minute
	closedWindow = 20 * time.Second
	// userHZ is the unit of /proc/PID/stat's times (USER_HZ, 100 on
	// Linux's mainstream architectures).
	userHZ = 100
)

// jobsQEMUArgs make a VM with two 1 TiB null-co nodes to mirror between
// (without read-zeroes, so the mirror copies and the speed limit holds).
var jobsQEMUArgs = append(append([]string{}, qemuArgs...),
	"-blockdev", "driver=null-co,node-name=src,size=1099511627776",
	"-blockdev", "driver=null-co,node-name=dst,size=1099511627776")

// jobRow matches a row of a running mirror once it shows a rate.
var jobRow = regexp.MustCompile(`mirror0 +running .*[KM]iB/s`)

func measureJobsView() []row {
	const what = "jobs view, 64 real QEMUs with a running mirror, the real binary in tmux at 200x80"
	dir, bin, stop := prepareBinary(what)
	if stop != nil {
		return stop
	}
	defer os.RemoveAll(dir)
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	vms, err := startMirroringVMs(ctx, jobsVMs)
	defer func() {
		for _, vm := range vms {
			vm.Stop()
		}
	}()
	if err != nil {
		return []row{failed(what, err)}
	}
	var socks []string
	for _, vm := range vms {
		socks = append(socks, quote(vm.Sockets[0]))
	}
	tmux := &tmuxServer{name: "qmpbench-jobs-" + strconv.Itoa(os.Getpid())}
	line := envAssignments(privateEnv(dir, dir+"/cache")) + "exec " + quote(bin) + " --qmp " + strings.Join(socks, " ")
	if err := tmux.start(200, 80, line); err != nil {
		return []row{failed(what, err)}
	}
	defer tmux.stop()
	open, closed, rss, err := measureJobsWindows(tmux)
	if err != nil {
		return []row{failed(what, err)}
	}
	perVM := float64(rss) / jobsVMs / (1 << 20)
	return []row{
		judge(what+": qmpdash's CPU over a minute", fmt.Sprintf("%.2f %% of a core (view closed: %.2f %%)", open, closed), "< 2 %", open, 2, true),
		judge(what+": qmpdash's resident memory per VM", fmt.Sprintf("%.1f MiB (%.0f MiB for 64)", perVM, float64(rss)/(1<<20)), "< 10 MiB", perVM, 10, true),
	}
}

// startMirroringVMs starts n QEMUs, each with a throttled mirror running;
// it returns those it started, also on failure, for the caller to stop.
func startMirroringVMs(ctx context.Context, n int) ([]*session.QEMUProcess, error) {
	vms := make([]*session.QEMUProcess, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			vms[i], errs[i] = session.StartQEMU(ctx, "qemu-system-x86_64", jobsQEMUArgs, 1)
			if errs[i] == nil {
				errs[i] = startMirror(ctx, vms[i].Sockets[0])
			}
		}()
	}
	wg.Wait()
	started := vms[:0]
	for _, vm := range vms {
		if vm != nil {
			started = append(started, vm)
		}
	}
	return started, errors.Join(errs...)
}

// startMirror starts the VM's mirror job at 1 MiB/s and disconnects. Its
// 1 MiB buffer makes the progress move every second: with the default
// 16 MiB, it moves every 16 s and most refreshes change nothing. A
// QEMU just started may have made its socket but not be listening yet.
func startMirror(ctx context.Context, sock string) error {
	c, err := qmp.Dial(ctx, sock, qmp.Options{Mode: qmp.ModeQMP})
	for err != nil && errors.Is(err, syscall.ECONNREFUSED) && ctx.Err() == nil {
		time.Sleep(20 * time.Millisecond)
		c, err = qmp.Dial(ctx, sock, qmp.Options{Mode: qmp.ModeQMP})
	}
	if err != nil {
		return err
	}
	defer c.Close()
	_, err = c.Execute(ctx, "blockdev-mirror", map[string]any{
		"job-id": "mirror0", "device": "src", "target": "dst", "sync": "full", "speed": 1 << 20, "buf-size": 1 << 20})
	return err
}

// measureJobsWindows opens the jobs view, waits until its rows show rates
// and the start-up messages faded, and measures the process's CPU over a
// window (in % of a core) and its resident memory; then closes the view
// and measures the CPU again.
func measureJobsWindows(tmux *tmuxServer) (open, closed float64, rss int64, err error) {
	if _, _, err := pollScreen(tmux.run, "● connected"); err != nil {
		return 0, 0, 0, err
	}
	if err := openJobsView(tmux); err != nil {
		return 0, 0, 0, err
	}
	var screen []byte
	for deadline := time.Now().Add(time.Minute); ; time.Sleep(200 * time.Millisecond) {
		screen, _ = tmux.run("capture-pane", "-p")
		if len(jobRow.FindAll(screen, -1)) >= 30 {
			break
		}
		if time.Now().After(deadline) {
			return 0, 0, 0, fmt.Errorf("the jobs view showed no 30 running mirrors with rates within a minute; screen:\n%s", screen)
		}
	}
	time.Sleep(6 * time.Second) // the start-up messages fade from the status bar
	if open, err = cpuPercent(tmux.pid, openWindow); err != nil {
		return 0, 0, 0, err
	}
	if rss, err = residentBytes(tmux.pid); err != nil {
		return 0, 0, 0, err
	}
	if out, err := tmux.run("send-keys", "J"); err != nil { // J again closes it
		return 0, 0, 0, fmt.Errorf("tmux send-keys: %v: %s", err, out)
	}
	time.Sleep(2 * time.Second)
	if screen, _ = tmux.run("capture-pane", "-p"); bytes.Contains(screen, []byte("Live views:")) {
		return 0, 0, 0, fmt.Errorf("the jobs view did not close; screen:\n%s", screen)
	}
	closed, err = cpuPercent(tmux.pid, closedWindow)
	return open, closed, rss, err
}

// openJobsView leaves the input line with Escape and opens the jobs view
// with J, trying again while the view does not show: a dashboard busy
// starting 64 sessions can read the two keys together, as Alt-J.
func openJobsView(tmux *tmuxServer) error {
	var screen []byte
	for range 5 {
		for _, key := range []string{"Escape", "J"} {
			if out, err := tmux.run("send-keys", key); err != nil {
				return fmt.Errorf("tmux send-keys: %v: %s", err, out)
			}
			time.Sleep(500 * time.Millisecond)
		}
		for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(200 * time.Millisecond) {
			if screen, _ = tmux.run("capture-pane", "-p"); bytes.Contains(screen, []byte("Live views:")) {
				return nil
			}
		}
	}
	return fmt.Errorf("the jobs view did not open; screen:\n%s", screen)
}

// cpuPercent is the CPU time process pid spends over window, in % of a
// core.
func cpuPercent(pid int, window time.Duration) (float64, error) {
	before, err := cpuTicks(pid)
	if err != nil {
		return 0, err
	}
	start := time.Now()
	time.Sleep(window)
	after, err := cpuTicks(pid)
	if err != nil {
		return 0, err
	}
	return 100 * float64(after-before) / userHZ / time.Since(start).Seconds(), nil
}

// cpuTicks is process pid's user and system time so far, in USER_HZ
// ticks, all threads included.
func cpuTicks(pid int) (int64, error) {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return 0, err
	}
	// The fields after the command's closing parenthesis start at the
	// third; utime and stime are the 14th and 15th.
	i := bytes.LastIndexByte(b, ')')
	fields := strings.Fields(string(b[i+1:]))
	if i < 0 || len(fields) < 13 {
		return 0, fmt.Errorf("/proc/%d/stat: %q", pid, b)
	}
	utime, err1 := strconv.ParseInt(fields[11], 10, 64)
	stime, err2 := strconv.ParseInt(fields[12], 10, 64)
	if err := errors.Join(err1, err2); err != nil {
		return 0, fmt.Errorf("/proc/%d/stat: %w", pid, err)
	}
	return utime + stime, nil
}

// residentBytes is process pid's resident memory (VmRSS).
func residentBytes(pid int) (int64, error) {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/status")
	if err != nil {
		return 0, err
	}
	for _, l := range strings.Split(string(b), "\n") {
		if rest, ok := strings.CutPrefix(l, "VmRSS:"); ok {
			kb, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
			return kb << 10, err
		}
	}
	return 0, fmt.Errorf("/proc/%d/status has no VmRSS", pid)
}
