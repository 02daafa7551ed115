package views

import (
	"strings"
	"sync"
	"testing"

	"github.com/qmpdash/qmpdash/app/send"
	"github.com/qmpdash/qmpdash/app/session"
	"github.com/qmpdash/qmpdash/app/transport"
	"github.com/qmpdash/qmpdash/docs/docstest"
	"github.com/qmpdash/qmpdash/keymap"
	"github.com/qmpdash/qmpdash/qmp/qmptest"
)

// jobVM is a fake VM whose one mirror job the test moves along.
type jobVM struct {
	mu     sync.Mutex
	jobs   string
	counts map[string]int
}

// set changes what query-jobs answers.
func (j *jobVM) set(jobs string) {
	j.mu.Lock()
	j.jobs = jobs
	j.mu.Unlock()
}

// count is how many requests named name came.
func (j *jobVM) count(name string) int {
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.counts[name]
}

func (j *jobVM) reply(r qmptest.Request) string {
	j.mu.Lock()
	defer j.mu.Unlock()
	j.counts[r.Name()]++
	switch r.Name() {
	case "query-jobs":
		return qmptest.ReplyLine(r, j.jobs)
	case "query-block-jobs":
		return qmptest.ReplyLine(r, `[]`)
	case "query-migrate":
		return qmptest.ReplyLine(r, `{}`)
	}
	return qmptest.ReplyLine(r, `{}`)
}

func TestStripAndTileShowARunningJob(t *testing.T) {
	// delta runs the job; echo, idle, is there so that the strip shows.
	names := []string{"delta", "echo"}
	vms := []*jobVM{{jobs: `[]`, counts: map[string]int{}}, {jobs: `[]`, counts: map[string]int{}}}
	fh := &fleetHarness{peers: map[string]*qmptest.Peer{}, got: map[string][]string{}}
	var sessions []*session.Session
	var fakes []*qmptest.FakeQEMU
	for i, name := range names {
		f := qmptest.NewFakeQEMU(t, docstest.QEMU72)
		f.Reply = vms[i].reply
		fakes = append(fakes, f)
		sessions = append(sessions, session.New(session.Config{Name: name, Addr: f.Path, Protocol: transport.ProtocolQMP,
			NoDocs: true, Keepalive: -1, Policy: send.Policy{}}))
	}
	fh.startDashboard(t, sessions, 160, 30, func(i int) { fh.peers[names[i]] = fakes[i].Accept() })
	fh.leaveInput()
	vm, s := vms[0], sessions[0]
	if n := vm.count("query-jobs"); n != 0 {
		t.Fatalf("%d query-jobs before any job event", n)
	}

	vm.set(`[{"id": "m0", "type": "mirror", "status": "running", "current-progress": 42, "total-progress": 100}]`)
	fh.peers["delta"].Event("JOB_STATUS_CHANGE", `{"id": "m0", "status": "running"}`)
	fh.waitText("▕██···▏42%")
	fh.press(keymap.LayoutCycle)
	fh.press(keymap.LayoutCycle)
	fh.waitFor("the bar in the strip and the tile", func(s string) bool { return strings.Count(s, "▏42%") == 2 })

	vm.set(`[{"id": "m0", "type": "mirror", "status": "concluded", "current-progress": 100, "total-progress": 100}]`)
	fh.peers["delta"].Event("JOB_STATUS_CHANGE", `{"id": "m0", "status": "concluded"}`)
	fh.waitFor("the bar gone", func(s string) bool { return !strings.Contains(s, "▏") })
	jobsPoller := fh.d.live.views[0].poller
	fh.waitFor("polling stopped", func(string) bool { return !jobsPoller.Active("delta") })
	settled := vm.count("query-jobs")
	// Count the wait in the events the dashboard has seen since: each
	// check of the event watcher (every 200 ms) sees one more RTC_CHANGE.
	for i := range 15 {
		fh.peers["delta"].Event("RTC_CHANGE", `{"offset": 1}`)
		fh.waitFor("the RTC_CHANGE", func(string) bool { return s.Events.Len() >= 3+i })
	}
	if n := vm.count("query-jobs"); n != settled {
		t.Fatalf("%d more query-jobs after the job concluded", n-settled)
	}
	if n := vms[1].count("query-jobs") + vms[1].count("query-migrate"); n != 0 {
		t.Fatalf("the idle VM was polled %d times", n)
	}
}
