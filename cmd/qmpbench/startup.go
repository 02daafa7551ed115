package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/qmpdash/qmpdash/app/session"
)

// Start-up is measured on the real binary against a real QEMU (-machine
// none, stopped, no devices), in two ways:
//
//   - qmpdash exec SOCK query-status, from fork to exit: connect, negotiate,
//     load the schema (fetch, parse and cache it when cold; read the
//     cache and parse it when warm) and run one command. No frame is drawn.
//   - the dashboard in a detached tmux: from a timestamp taken by the
//     pane's shell just before it execs qmpdash to the first capture-pane
//     that shows "● connected" (a frame drawn after the handshake), and to
//     the arrival of the last schema reply, read from the wire log
//     (--log). Parsing the schema after that reply is not included; the
//     236 KB benchmark measures it (a few ms).
//
// Cold means an empty XDG_CACHE_HOME, warm one holding the schema.
const (
	execRuns      = 10
	dashboardRuns = 5
	// Budgets, process start to ready.
	warmBudget = 150 * time.Millisecond
	coldBudget = 300 * time.Millisecond
)

var qemuArgs = []string{"-machine", "none", "-nodefaults", "-display", "none", "-S"}

func measureStartup() []row {
	const what = "start-up"
	dir, bin, stop := prepareBinary(what)
	if stop != nil {
		return stop
	}
	defer os.RemoveAll(dir)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	qemu, err := session.StartQEMU(ctx, "qemu-system-x86_64", qemuArgs, 1)
	if err != nil {
		return []row{failed(what, err)}
	}
	defer qemu.Stop()
	st := startup{bin: bin, sock: qemu.Sockets[0], dir: dir}

	var rows []row
	for _, warm := range []bool{false, true} {
		times, err := st.execRuns(warm)
		label := fmt.Sprintf("start-up %s, qmpdash exec query-status (fork to exit)", coldWarm(warm))
		if err != nil {
			rows = append(rows, failed(label, err))
			continue
		}
		rows = append(rows, judgeStartup(label, times, warm, ""))
	}
	for _, warm := range []bool{false, true} {
		frames, schemas, poll, err := st.dashboardRuns(warm)
		label := fmt.Sprintf("start-up %s, dashboard: first frame with \"● connected\"", coldWarm(warm))
		if err != nil {
			rows = append(rows, failed(label, err))
			continue
		}
		note := fmt.Sprintf("; capture-pane polled every %.1f ms", ms(poll))
		rows = append(rows, judgeStartup(label, frames, warm, note))
		label = fmt.Sprintf("start-up %s, dashboard: schema reply received", coldWarm(warm))
		rows = append(rows, judgeStartup(label, schemas, warm, ""))
	}
	return rows
}

// prepareBinary checks that QEMU and tmux are installed and builds the
// binary into a fresh directory (the caller removes it); stop is the
// measurement's rows when it cannot go on.
func prepareBinary(what string) (dir, bin string, stop []row) {
	for _, prog := range []string{"qemu-system-x86_64", "tmux"} {
		if _, err := exec.LookPath(prog); err != nil {
			return "", "", []row{{what: what, result: prog + " is not installed", verdict: skipped}}
		}
	}
	dir, err := os.MkdirTemp("", "qmpbench-")
	if err != nil {
		return "", "", []row{failed(what, err)}
	}
	if bin, err = buildQMPDash(dir); err != nil {
		os.RemoveAll(dir)
		return "", "", []row{failed(what, err)}
	}
	return dir, bin, nil
}

// buildQMPDash builds the binary into dir and returns its path.
func buildQMPDash(dir string) (string, error) {
	bin := filepath.Join(dir, "qmpdash")
	if out, err := exec.Command("go", "build", "-o", bin, "./cmd/qmpdash").CombinedOutput(); err != nil {
		return "", fmt.Errorf("go build ./cmd/qmpdash: %v: %s", err, firstError(out))
	}
	return bin, nil
}

func coldWarm(warm bool) string {
	if warm {
		return "warm"
	}
	return "cold"
}

// judgeStartup compares the median of times with the budget.
func judgeStartup(label string, times []time.Duration, warm bool, note string) row {
	slices.Sort(times)
	med := times[len(times)/2]
	budget := coldBudget
	if warm {
		budget = warmBudget
	}
	result := fmt.Sprintf("median %.0f ms (%.0f–%.0f, %d runs)%s", ms(med), ms(times[0]), ms(times[len(times)-1]), len(times), note)
	return judge(label, result, fmt.Sprintf("≤ %.0f ms", ms(budget)), ms(med), ms(budget), true)
}

func ms(d time.Duration) float64 { return d.Seconds() * 1000 }

// startup holds what the start-up runs share.
type startup struct {
	bin, sock, dir string
	n              int // runs so far, for fresh names
}

// env returns the environment for one run with private XDG directories;
// cache is XDG_CACHE_HOME.
func (s *startup) env(cache string) []string { return privateEnv(s.dir, cache) }

// privateEnv is this process's environment with private XDG directories
// under dir, so that no user's configuration or cache is read; cache is
// XDG_CACHE_HOME.
func privateEnv(dir, cache string) []string {
	base := filepath.Join(dir, "home")
	env := slices.DeleteFunc(os.Environ(), func(kv string) bool {
		return strings.HasPrefix(kv, "XDG_") || strings.HasPrefix(kv, "TERM=")
	})
	return append(env, "XDG_CACHE_HOME="+cache, "XDG_STATE_HOME="+filepath.Join(base, "state"),
		"XDG_CONFIG_HOME="+filepath.Join(base, "config"), "TERM=xterm-256color")
}

// cacheDir returns the cache to use for a run: the shared warm one, filled
// by an unmeasured run first, or a fresh empty one.
func (s *startup) cacheDir(warm bool) (string, error) {
	s.n++
	if !warm {
		return filepath.Join(s.dir, "cold-"+strconv.Itoa(s.n)), nil
	}
	cache := filepath.Join(s.dir, "warm")
	if _, err := os.Stat(cache); err == nil {
		return cache, nil
	}
	_, err := s.exec(cache)
	return cache, err
}

func (s *startup) execRuns(warm bool) ([]time.Duration, error) {
	var times []time.Duration
	for range execRuns {
		cache, err := s.cacheDir(warm)
		if err != nil {
			return nil, err
		}
		d, err := s.exec(cache)
		if err != nil {
			return nil, err
		}
		times = append(times, d)
	}
	return times, nil
}

// exec times one qmpdash exec run from fork to exit.
func (s *startup) exec(cache string) (time.Duration, error) {
	cmd := exec.Command(s.bin, "exec", "--qmp", s.sock, "query-status")
	cmd.Env = s.env(cache)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	t0 := time.Now()
	err := cmd.Run()
	d := time.Since(t0)
	if err != nil || !bytes.Contains(out.Bytes(), []byte(`"status"`)) {
		return 0, fmt.Errorf("qmpdash exec: %v: %s", err, out.Bytes())
	}
	return d, nil
}

func (s *startup) dashboardRuns(warm bool) (frames, schemas []time.Duration, poll time.Duration, err error) {
	var polls []time.Duration
	for range dashboardRuns {
		cache, err := s.cacheDir(warm)
		if err != nil {
			return nil, nil, 0, err
		}
		r, err := s.dashboard(cache, warm)
		if err != nil {
			return nil, nil, 0, err
		}
		frames, schemas, polls = append(frames, r.frame), append(schemas, r.schema), append(polls, r.poll)
	}
	var sum time.Duration
	for _, p := range polls {
		sum += p
	}
	return frames, schemas, sum / time.Duration(len(polls)), nil
}

// dashboardRun is what one dashboard start-up showed, each time counted
// from just before qmpdash was executed.
type dashboardRun struct {
	frame  time.Duration // first poll that saw "● connected"
	schema time.Duration // the last schema reply's arrival, as logged
	poll   time.Duration // mean time between polls: the frame's resolution
}

// dashboard runs the dashboard once in a private tmux server.
func (s *startup) dashboard(cache string, warm bool) (dashboardRun, error) {
	var r dashboardRun
	name := "qmpbench-" + strconv.Itoa(os.Getpid()) + "-" + strconv.Itoa(s.n)
	t0File := filepath.Join(s.dir, name+".t0")
	logFile := filepath.Join(s.dir, name+".log")
	// tmux runs this through the shell: date stamps the start, then the
	// shell replaces itself with qmpdash, so no process sits in between.
	line := fmt.Sprintf("date +%%s%%N > %s; %sexec %s --qmp --log %s %s", quote(t0File), envAssignments(s.env(cache)),
		quote(s.bin), quote(logFile), quote(s.sock))
	tmux := &tmuxServer{name: name}
	if err := tmux.start(160, 40, line); err != nil {
		return r, err
	}
	stop := tmux.stop

	seen, polls, err := pollScreen(tmux.run, "● connected")
	if err != nil {
		stop()
		return r, err
	}
	r.poll = polls
	// A cold start asks for the schema itself; a warm one finds it in the
	// cache by the fingerprint of query-commands' reply.
	want := "query-qmp-schema"
	if warm {
		want = "query-commands"
	}
	var replies map[string]time.Time
	for deadline := time.Now().Add(10 * time.Second); replies[want].IsZero(); time.Sleep(10 * time.Millisecond) {
		if replies, err = replyTimes(logFile); err != nil || time.Now().After(deadline) {
			stop()
			return r, fmt.Errorf("no %s reply in the wire log within 10 s (%v)", want, err)
		}
	}
	stop()
	if replies, err = replyTimes(logFile); err == nil && warm && !replies["query-qmp-schema"].IsZero() {
		err = errors.New("the warm start fetched the schema: the cache was not used")
	}
	if err != nil {
		return r, err
	}
	start, err := readStamp(t0File)
	if err != nil {
		return r, err
	}
	r.frame, r.schema = seen.Sub(start), replies[want].Sub(start)
	return r, nil
}

// pollScreen runs capture-pane until the screen shows text, for at most
// 10 s, and returns when it first did and the mean time between polls,
// which is the resolution of that time.
func pollScreen(tmux func(...string) ([]byte, error), text string) (seen time.Time, poll time.Duration, err error) {
	first := time.Now()
	deadline := first.Add(10 * time.Second)
	for polls := 1; ; polls++ {
		screen, err := tmux("capture-pane", "-p")
		if err == nil && bytes.Contains(screen, []byte(text)) {
			seen = time.Now()
			return seen, seen.Sub(first) / time.Duration(polls), nil
		}
		if time.Now().After(deadline) {
			return seen, 0, fmt.Errorf("no %q on the screen within 10 s; screen:\n%s", text, screen)
		}
	}
}

// quote makes s one shell word.
func quote(s string) string { return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'" }

// readStamp reads the nanoseconds since the epoch written by date +%s%N.
func readStamp(path string) (time.Time, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return time.Time{}, err
	}
	ns, err := strconv.ParseInt(strings.TrimSpace(string(b)), 10, 64)
	if err != nil {
		return time.Time{}, fmt.Errorf("start stamp %q: %w", b, err)
	}
	return time.Unix(0, ns), nil
}

// replyTimes reads a wire log and returns, by command name, when the
// reply to it arrived. A missing log is an empty one: qmpdash has not
// opened it yet.
func replyTimes(path string) (map[string]time.Time, error) {
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	defer f.Close()
	asked := map[string]string{} // request id -> command
	replies := map[string]time.Time{}
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 64<<20)
	for sc.Scan() {
		var rec struct {
			Time string
			Dir  string
			Msg  struct {
				Execute string
				ID      json.RawMessage
			}
		}
		if json.Unmarshal(sc.Bytes(), &rec) != nil || rec.Msg.ID == nil {
			continue // a line being written, or a connection marker
		}
		id := string(rec.Msg.ID)
		switch rec.Dir {
		case "out":
			asked[id] = rec.Msg.Execute
		case "in":
			at, err := time.Parse(time.RFC3339Nano, rec.Time)
			if err != nil {
				return nil, err
			}
			replies[asked[id]] = at
		}
	}
	return replies, sc.Err()
}

// waitGone waits up to five seconds for process pid to exit.
func waitGone(pid int) {
	if pid <= 0 {
		return
	}
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); {
		if syscall.Kill(pid, 0) != nil {
			return
		}
		time.Sleep(5 * time.Millisecond)
	}
}
