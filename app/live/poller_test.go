package live

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/qmpdash/qmpdash/app/session"
	"github.com/qmpdash/qmpdash/app/store"
	"github.com/qmpdash/qmpdash/app/wirelog"
)

const runningJob = `[{"id": "mirror0", "type": "mirror", "status": "running", "current-progress": %d, "total-progress": 1000}]`

func TestPollerFillsRowsWithAutomaticRequests(t *testing.T) {
	s, vm := startFakeVM(t, session.Config{})
	vm.set(strings.Replace(runningJob, "%d", "250", 1), `[{"device": "mirror0", "speed": 4096, "len": 1000, "offset": 250}]`)
	p := NewPoller(t.Context(), fastJobs(10*time.Millisecond))
	p.Add(SessionTarget{s})
	defer p.Show()()
	eventually(t, "a row", func() bool { return len(p.Table.Rows()) == 1 })
	r := p.Table.Rows()[0]
	if r.VM != "vm1" || r.Key != "mirror0" || r.Status != "running" {
		t.Fatalf("row = %+v", r)
	}
	cols := JobsView().Columns
	for i, want := range map[string]string{"PROGRESS": "25%", "SPEED": "4.0 KiB/s", "ID": "mirror0", "TYPE": "mirror"} {
		if got := r.Cells[columnIndex(t, cols, i)].Text; got != want {
			t.Errorf("%s = %q, want %q", i, got, want)
		}
	}
	for _, id := range append(vm.ids("query-jobs"), vm.ids("query-block-jobs")...) {
		if !wirelog.IsAutomatic([]byte(`{"execute": "query-jobs", "id": "` + id + `"}`)) {
			t.Errorf("poll id %q is not automatic", id)
		}
	}
	if n := s.Commands.Len(); n != 0 {
		t.Errorf("the command log lists %d polls, want none", n)
	}
}

func TestPollerKeepsOneRequestInFlight(t *testing.T) {
	s, vm := startFakeVM(t, session.Config{})
	vm.mu.Lock()
	vm.delay = 10 * time.Millisecond
	vm.mu.Unlock()
	p := NewPoller(t.Context(), fastJobs(100*time.Millisecond))
	p.Add(SessionTarget{s})
	p.Add(SessionTarget{s}) // a second Add of the same VM starts no second loop
	defer p.Show()()
	p.Refresh("vm1") // a refresh asked for meanwhile waits for the one in flight
	eventually(t, "six refreshes", func() bool { return vm.count("query-jobs") >= 6 })
	vm.mu.Lock()
	defer vm.mu.Unlock()
	if vm.maxPending != 1 {
		t.Fatalf("%d requests were in flight at once, want 1", vm.maxPending)
	}
}

func TestPollerPausesWhileHidden(t *testing.T) {
	s, vm := startFakeVM(t, session.Config{})
	p := NewPoller(t.Context(), fastJobs(5*time.Millisecond))
	p.Add(SessionTarget{s})
	hide := p.Show()
	eventually(t, "a refresh", func() bool { return vm.count("query-jobs") >= 2 })
	hide()
	// A refresh under way when the view was hidden may still finish.
	eventually(t, "no request pending", func() bool { vm.mu.Lock(); defer vm.mu.Unlock(); return vm.pending == 0 })
	settled := vm.count("query-jobs")
	waitShownRefreshes(t, s, vm)
	if n := vm.count("query-jobs"); n > settled+1 {
		t.Fatalf("the hidden view sent %d more query-jobs", n-settled)
	}
	defer p.Show()()
	eventually(t, "polling again once shown", func() bool { return vm.count("query-jobs") > settled+1 })
}

func TestPollerRefreshesOnEvent(t *testing.T) {
	s, vm := startFakeVM(t, session.Config{})
	p := NewPoller(t.Context(), fastJobs(time.Hour))
	p.Add(SessionTarget{s})
	defer p.Show()()
	eventually(t, "the first refresh", func() bool { return len(p.Table.Rows()) == 0 && vm.count("query-block-jobs") == 1 })
	vm.set(strings.Replace(runningJob, "%d", "10", 1), "[]")
	vm.event("RTC_CHANGE", `{"offset": 1}`) // not one of the view's
	vm.event("JOB_STATUS_CHANGE", `{"id": "mirror0", "status": "running"}`)
	eventually(t, "the row the event brought", func() bool { return len(p.Table.Rows()) == 1 })
	if n := vm.count("query-jobs"); n != 2 {
		t.Fatalf("query-jobs sent %d times, want 2 (start, event)", n)
	}
}

func TestPollerSkipsDisconnectedAndStopsKeepalive(t *testing.T) {
	s, vm := startFakeVM(t, session.Config{Keepalive: 20 * time.Millisecond})
	eventually(t, "a keepalive probe", func() bool { return vm.count("query-status") >= 2 })
	p := NewPoller(t.Context(), fastJobs(5*time.Millisecond))
	p.Add(SessionTarget{s})
	defer p.Show()()
	eventually(t, "polling", func() bool { return vm.count("query-jobs") >= 2 })
	probes := vm.count("query-status")
	eventually(t, "40 refreshes", func() bool { return vm.count("query-jobs") >= 40 })
	if n := vm.count("query-status"); n > probes+1 {
		t.Fatalf("keepalive probed %d times while the view polled", n-probes)
	}
	vm.close()
	eventually(t, "disconnected", func() bool { return !s.State().Ready() })
	if _, err := s.Poll(context.Background(), "query-jobs", nil); err == nil {
		t.Fatal("Poll on a disconnected session succeeded")
	}
}

func TestPollerBacksOffFromASlowVM(t *testing.T) {
	s, vm := startFakeVM(t, session.Config{})
	vm.mu.Lock()
	vm.delay = 30 * time.Millisecond
	vm.mu.Unlock()
	p := NewPoller(t.Context(), fastJobs(10*time.Millisecond))
	p.Add(SessionTarget{s})
	defer p.Show()()
	eventually(t, "four refreshes", func() bool { return vm.count("query-jobs") >= 4 })
	// Refreshes take 60 ms against a 10 ms interval: the waits double from
	// 120 ms, so the fourth refresh starts at least 120+240+480 ms after
	// the first (a timer never fires early, so this bound cannot flake).
	vm.mu.Lock()
	var starts []time.Time
	for _, r := range vm.requests {
		if r.Name() == "query-jobs" {
			starts = append(starts, r.At)
		}
	}
	vm.mu.Unlock()
	if gap := starts[3].Sub(starts[0]); gap < 840*time.Millisecond {
		t.Fatalf("four refreshes of a slow VM within %v: no backoff", gap)
	}
}

func TestBackoff(t *testing.T) {
	const iv = time.Second
	for _, c := range []struct {
		prev, took time.Duration
		err        error
		want       time.Duration
	}{
		{iv, 10 * time.Millisecond, nil, iv},
		{8 * iv, 10 * time.Millisecond, nil, iv},      // prompt again: back to the interval
		{iv, 600 * time.Millisecond, nil, 2 * iv},     // slower than half the interval
		{2 * iv, 600 * time.Millisecond, nil, 4 * iv}, // doubles
		{iv, 3 * iv, nil, 6 * iv},                     // at least twice what it took
		{iv, 10 * time.Millisecond, context.DeadlineExceeded, 2 * iv},
		{20 * iv, 30 * iv, nil, MaxDelay}, // capped
	} {
		if got := Backoff(iv, c.prev, c.took, c.err); got != c.want {
			t.Errorf("Backoff(prev %v, took %v, %v) = %v, want %v", c.prev, c.took, c.err, got, c.want)
		}
	}
}

func columnIndex(t *testing.T, cols []Column, name string) int {
	t.Helper()
	for i, c := range cols {
		if c.Name == name {
			return i
		}
	}
	t.Fatalf("no column %s", name)
	return 0
}

func TestPollerPollsHiddenOnlyWhileAJobRuns(t *testing.T) {
	s, vm := startFakeVM(t, session.Config{})
	p := NewPoller(t.Context(), fastJobs(time.Hour))
	p.Add(SessionTarget{s})
	vm.event("RTC_CHANGE", `{"offset": 1}`) // not one of the view's
	vm.set(strings.Replace(runningJob, "%d", "400", 1), "[]")
	vm.event("JOB_STATUS_CHANGE", `{"id": "mirror0", "status": "running"}`)
	eventually(t, "the summary of the running job", func() bool {
		sum := p.Table.Summary("vm1")
		return sum.Active && sum.HasFraction && sum.Fraction == 0.4
	})
	if !p.Active("vm1") || p.Shown() {
		t.Fatalf("active %v, shown %v: want polled for the summary only", p.Active("vm1"), p.Shown())
	}
	vm.set(`[{"id": "mirror0", "type": "mirror", "status": "concluded", "current-progress": 1000, "total-progress": 1000}]`, "[]")
	vm.event("JOB_STATUS_CHANGE", `{"id": "mirror0", "status": "concluded"}`)
	eventually(t, "polling to stop", func() bool { return !p.Active("vm1") })
	if p.Table.Summary("vm1").Active {
		t.Fatal("a concluded job still counts as under way")
	}
	settled := vm.count("query-jobs")
	waitShownRefreshes(t, s, vm)
	if n := vm.count("query-jobs"); n != settled {
		t.Fatalf("%d more query-jobs after the job concluded", n-settled)
	}
}

// waitShownRefreshes waits for 20 refreshes of a second poller of s that
// is shown (the migration view, every 5 ms): a wait counted in another VM
// loop's work, not in time.
func waitShownRefreshes(t *testing.T, s *session.Session, vm *fakeVM) {
	t.Helper()
	other := NewPoller(t.Context(), MigrationView())
	other.view.Interval = 5 * time.Millisecond
	other.Add(SessionTarget{s})
	hide := other.Show()
	defer hide()
	from := vm.count("query-migrate")
	eventually(t, "20 refreshes of the shown view", func() bool { return vm.count("query-migrate") >= from+20 })
}

func TestUnsummarisedViewRestsWhileHidden(t *testing.T) {
	s, vm := startFakeVM(t, session.Config{})
	v := BlockView()
	v.Interval = time.Hour
	p := NewPoller(t.Context(), v)
	p.Add(SessionTarget{s})
	vm.event("DEVICE_DELETED", `{"path": "/machine/peripheral/vd0"}`)
	waitShownRefreshes(t, s, vm)
	if n := vm.count("query-blockstats"); n != 0 || p.Active("vm1") {
		t.Fatalf("hidden, the block view sent %d query-blockstats (active %v) on one of its events", n, p.Active("vm1"))
	}
	hide := p.Show()
	defer hide()
	// The fake VM knows no block query: each refresh is one failed
	// query-blockstats.
	eventually(t, "the refresh on showing", func() bool { return vm.count("query-blockstats") == 1 })
	waitShownRefreshes(t, s, vm)
	if n := vm.count("query-blockstats"); n != 1 {
		t.Fatalf("%d query-blockstats: the event that came while hidden refreshed the view again", n)
	}
	vm.event("DEVICE_DELETED", `{"path": "/machine/peripheral/vd1"}`)
	eventually(t, "a refresh on the event while shown", func() bool { return vm.count("query-blockstats") == 2 })
}

// After the refresh at once on Show, a view refreshes on the ticks of the
// clock its interval makes (app/tick), whenever it was shown, so that all
// VMs' loops wake together: shown half a tick late, its next refreshes
// still start just after the ticks.
func TestPollerRefreshesOnTheTicksOfOneClock(t *testing.T) {
	const interval, slack = 300 * time.Millisecond, 80 * time.Millisecond
	s, vm := startFakeVM(t, session.Config{})
	p := NewPoller(t.Context(), fastJobs(interval))
	p.Add(SessionTarget{s})
	now := time.Now()
	time.Sleep(now.Truncate(interval).Add(interval + interval/2).Sub(now)) // half a tick in
	defer p.Show()()
	eventually(t, "five refreshes", func() bool { return vm.count("query-jobs") >= 5 })
	vm.mu.Lock()
	var at []time.Time
	for _, r := range vm.requests {
		if r.Name() == "query-jobs" {
			at = append(at, r.At)
		}
	}
	vm.mu.Unlock()
	onTick := 0
	for _, a := range at[1:5] {
		if a.Sub(a.Truncate(interval)) < slack {
			onTick++
		}
	}
	if onTick < 3 { // one may be late on a loaded machine
		t.Errorf("%d of 4 refreshes came within %v of a tick of the %v clock, want 3 or more: %v", onTick, slack, interval, at)
	}
}

// countingTarget answers every query with reply and counts them.
type countingTarget struct {
	reply map[string]string
	asked map[string]int
}

func (c *countingTarget) Name() string            { return "vm1" }
func (c *countingTarget) Ready() bool             { return true }
func (c *countingTarget) Events() *store.EventLog { return nil }
func (c *countingTarget) Query(_ context.Context, command string) (json.RawMessage, error) {
	c.asked[command]++
	return json.RawMessage(c.reply[command]), nil
}

// A query asked only every fifth refresh is asked at the first, the sixth
// and the eleventh, and the rows keep its last reply between; a full
// refresh asks it whenever it comes.
func TestPollerAsksAnEveryQueryOnlyEveryFewRefreshes(t *testing.T) {
	target := &countingTarget{asked: map[string]int{}, reply: map[string]string{
		"query-jobs":       strings.Replace(runningJob, "%d", "250", 1),
		"query-block-jobs": `[{"device": "mirror0", "speed": 4096}]`,
	}}
	p := NewPoller(t.Context(), JobsView())
	l := &loop{t: target}
	speed := columnIndex(t, JobsView().Columns, "SPEED")
	for i := range 11 {
		if err := p.refresh(t.Context(), target, l, false); err != nil {
			t.Fatal(err)
		}
		if got := p.Table.Rows()[0].Cells[speed].Text; got != "4.0 KiB/s" {
			t.Fatalf("refresh %d: SPEED = %q, want the kept speed", i+1, got)
		}
	}
	if target.asked["query-jobs"] != 11 || target.asked["query-block-jobs"] != 3 {
		t.Fatalf("asked %v in 11 refreshes, want query-jobs 11 times, query-block-jobs 3", target.asked)
	}
	if err := p.refresh(t.Context(), target, l, true); err != nil {
		t.Fatal(err)
	}
	if target.asked["query-block-jobs"] != 4 {
		t.Fatalf("a full refresh did not ask query-block-jobs: %v", target.asked)
	}
}

// A refresh asked for (after a row's action, say) asks every query: the
// speed a set-speed action changed shows at once.
func TestPollerRefreshAskedForAsksEveryQuery(t *testing.T) {
	s, vm := startFakeVM(t, session.Config{})
	vm.set(strings.Replace(runningJob, "%d", "250", 1), `[{"device": "mirror0", "speed": 4096}]`)
	p := NewPoller(t.Context(), fastJobs(time.Hour))
	p.Add(SessionTarget{s})
	defer p.Show()()
	eventually(t, "the first refresh", func() bool { return len(p.Table.Rows()) == 1 })
	vm.set(strings.Replace(runningJob, "%d", "300", 1), `[{"device": "mirror0", "speed": 8192}]`)
	p.Refresh("vm1")
	speed := columnIndex(t, JobsView().Columns, "SPEED")
	eventually(t, "the new speed", func() bool { return p.Table.Rows()[0].Cells[speed].Text == "8.0 KiB/s" })
	if n := vm.count("query-block-jobs"); n != 2 {
		t.Fatalf("query-block-jobs sent %d times, want 2 (start, refresh asked for)", n)
	}
}

// A view shown again refreshes at once with every query: what a query
// asked only every few refreshes returned may have changed while no one
// looked.
func TestPollerShownAgainAsksEveryQuery(t *testing.T) {
	s, vm := startFakeVM(t, session.Config{})
	vm.set(strings.Replace(runningJob, "%d", "250", 1), `[{"device": "mirror0", "speed": 4096}]`)
	p := NewPoller(t.Context(), fastJobs(20*time.Millisecond))
	p.Add(SessionTarget{s})
	for cycle := range 3 {
		hide := p.Show()
		eventually(t, "two refreshes", func() bool { return vm.count("query-jobs") >= 2*(cycle+1) })
		hide()
		waitShownRefreshes(t, s, vm) // the loop has seen the view hidden and waits
		vm.mu.Lock()
		from := len(vm.requests)
		vm.mu.Unlock()
		hide = p.Show()
		eventually(t, "the refresh on showing", func() bool { return vm.count("query-block-jobs") > 0 && nextJobsRefresh(vm, from) != "" })
		hide()
		if got := nextJobsRefresh(vm, from); got != "query-block-jobs" {
			t.Fatalf("cycle %d: the refresh on showing the view again sent query-jobs then %q, want query-block-jobs", cycle, got)
		}
	}
}

// nextJobsRefresh is the jobs-view request that followed the first
// query-jobs from the from-th request on, "" while none has.
func nextJobsRefresh(vm *fakeVM, from int) string {
	vm.mu.Lock()
	defer vm.mu.Unlock()
	for i := from; i < len(vm.requests); i++ {
		if vm.requests[i].Name() != "query-jobs" {
			continue
		}
		for _, r := range vm.requests[i+1:] {
			if n := r.Name(); n == "query-jobs" || n == "query-block-jobs" {
				return n
			}
		}
		return ""
	}
	return ""
}
