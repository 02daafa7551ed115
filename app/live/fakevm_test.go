package live

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/qmpdash/qmpdash/app/session"
	"github.com/qmpdash/qmpdash/app/transport"
	"github.com/qmpdash/qmpdash/qmp"
	"github.com/qmpdash/qmpdash/qmp/qmptest"
)

// fakeVM is a fake QMP server over a real socket that answers the
// session's start-up queries and the jobs view's, records every request
// and notes when a view's query came while another was unanswered (the
// session's own start-up queries may overlap).
type fakeVM struct {
	t    *testing.T
	peer *qmptest.Peer

	replies sync.WaitGroup

	mu          sync.Mutex
	closed      bool
	requests    []request
	pending     int
	maxPending  int
	delay       time.Duration
	jobs, block string
}

// startFakeVM runs a session with cfg against a fake VM until the test
// ends and returns once it is connected.
func startFakeVM(t *testing.T, cfg session.Config) (*session.Session, *fakeVM) {
	srv := qmptest.NewServer(t)
	cfg.Addr, cfg.Protocol, cfg.NoDocs = srv.Path, transport.ProtocolQMP, true
	cfg.Backoff = qmp.Backoff{Initial: 10 * time.Millisecond}
	if cfg.Name == "" {
		cfg.Name = "vm1"
	}
	if cfg.Keepalive == 0 {
		cfg.Keepalive = -1
	}
	s := session.New(cfg)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { s.Run(ctx); close(done) }()
	vm := &fakeVM{t: t, jobs: "[]", block: "[]"}
	vm.peer = srv.Accept()
	vm.peer.Negotiate()
	go vm.serve()
	t.Cleanup(func() { cancel(); <-done })
	t.Cleanup(vm.close)
	eventually(t, "connected", func() bool { return s.State().Ready() })
	return s, vm
}

// request is a request and when it came.
type request struct {
	qmptest.Request
	At time.Time
}

// close ends the connection once the replies under way are written.
func (vm *fakeVM) close() {
	vm.mu.Lock()
	vm.closed = true
	vm.mu.Unlock()
	vm.replies.Wait()
	vm.peer.Close()
}

// serve answers requests until the connection closes.
func (vm *fakeVM) serve() {
	for {
		r, err := vm.peer.Next()
		if err != nil {
			return
		}
		vm.mu.Lock()
		vm.requests = append(vm.requests, request{r, time.Now()})
		polled := strings.HasPrefix(r.Name(), "query-") && strings.HasSuffix(r.Name(), "jobs")
		if polled {
			vm.pending++
			vm.maxPending = max(vm.maxPending, vm.pending)
		}
		delay, line, closed := vm.delay, vm.reply(r), vm.closed
		if !closed {
			vm.replies.Add(1)
		}
		vm.mu.Unlock()
		if closed {
			return
		}
		go func() {
			defer vm.replies.Done()
			time.Sleep(delay) // the VM's own slowness, not a wait of the test
			vm.mu.Lock()
			defer vm.mu.Unlock()
			if polled {
				vm.pending--
			}
			if !vm.closed {
				vm.peer.Write(line)
			}
		}()
	}
}

// reply is the answer to r; vm.mu is held.
func (vm *fakeVM) reply(r qmptest.Request) string {
	switch r.Name() {
	case "query-status":
		return qmptest.ReplyLine(r, `{"status": "running", "running": true}`)
	case "query-jobs":
		return qmptest.ReplyLine(r, vm.jobs)
	case "query-block-jobs":
		return qmptest.ReplyLine(r, vm.block)
	case "query-commands":
		return qmptest.ReplyLine(r, `[]`)
	}
	return `{"id": ` + string(r.ID) + `, "error": {"class": "CommandNotFound", "desc": "not here"}}` + "\r\n"
}

// count is how many requests named name came so far.
func (vm *fakeVM) count(name string) int {
	vm.mu.Lock()
	defer vm.mu.Unlock()
	n := 0
	for _, r := range vm.requests {
		if r.Name() == name {
			n++
		}
	}
	return n
}

// set changes the replies to query-jobs and query-block-jobs.
func (vm *fakeVM) set(jobs, block string) {
	vm.mu.Lock()
	vm.jobs, vm.block = jobs, block
	vm.mu.Unlock()
}

// eventually polls cond until it holds or fails the test.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// fastJobs is the jobs view refreshed every interval.
func fastJobs(interval time.Duration) *View {
	v := JobsView()
	v.Interval = interval
	return v
}

// ids are the ids of the requests named name.
func (vm *fakeVM) ids(name string) []string {
	vm.mu.Lock()
	defer vm.mu.Unlock()
	var out []string
	for _, r := range vm.requests {
		if r.Name() == name {
			out = append(out, strings.Trim(string(r.ID), `"`))
		}
	}
	return out
}

// event sends an event.
func (vm *fakeVM) event(name, data string) {
	vm.mu.Lock()
	defer vm.mu.Unlock()
	vm.peer.Event(name, data)
}
