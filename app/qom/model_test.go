package qom

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/qmpdash/qmpdash/app/qom/qomtest"
	"github.com/qmpdash/qmpdash/docs/docstest"
	"github.com/qmpdash/qmpdash/qmp/qmptest"
)

// countingPoller counts the requests by command and the most ever in
// flight at once.
type countingPoller struct {
	q              Poller
	mu             sync.Mutex
	sent           []string
	inflight, most int
}

// Poll passes the request on, counting.
func (c *countingPoller) Poll(ctx context.Context, command string, args json.RawMessage) (json.RawMessage, error) {
	c.mu.Lock()
	c.sent = append(c.sent, command+" "+string(args))
	c.inflight++
	c.most = max(c.most, c.inflight)
	c.mu.Unlock()
	defer func() { c.mu.Lock(); c.inflight--; c.mu.Unlock() }()
	return c.q.Poll(ctx, command, args)
}

// count is the number of requests of command sent so far.
func (c *countingPoller) count(command string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	n := 0
	for _, s := range c.sent {
		if strings.HasPrefix(s, command+" ") {
			n++
		}
	}
	return n
}

// startFake connects a session to a fake QEMU 7.2 answering qom-list and
// qom-get from qomtest (delayed by hold, to let requests pile up), and
// returns a running Model over it.
func startFake(t *testing.T, limits Limits, hold time.Duration) (*Model, *countingPoller) {
	f := qmptest.NewFakeQEMU(t, docstest.QEMU72)
	f.Reply = func(r qmptest.Request) string {
		time.Sleep(hold) // a slow server, not a wait for a condition
		if line, ok := qomtest.Reply(r); ok {
			return line
		}
		return qmptest.ReplyLine(r, "{}")
	}
	f.AcceptAll()
	cq := &countingPoller{q: connect(t, f.Path)}
	m := New(cq, limits, nil)
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	go m.Run(ctx)
	return m, cq
}

// rowNames are the "depth:name" of the visible rows.
func rowNames(m *Model) []string {
	var names []string
	for _, r := range m.Rows() {
		names = append(names, fmt.Sprintf("%d:%s", r.Depth, r.Name))
	}
	return names
}

// TestExpandListsOnlyThatNode expands the root and then /machine: each
// sends exactly one qom-list, of that path, and no value is read.
func TestExpandListsOnlyThatNode(t *testing.T) {
	m, q := startFake(t, Limits{}, 0)
	m.Expand("/")
	qmptest.Eventually(t, "the root listed", func() bool { return len(m.Rows()) == 4 })
	want := []string{"0:/", "1:machine", "1:objects", "1:type"}
	if got := rowNames(m); !slices.Equal(got, want) {
		t.Fatalf("rows %q, want %q", got, want)
	}
	m.Expand("/machine")
	qmptest.Eventually(t, "/machine listed", func() bool { return len(m.Rows()) == 9 })
	if n := q.count("qom-list"); n != 2 {
		t.Errorf("%d qom-list requests, want 2: %q", n, q.sent)
	}
	if q.sent[1] != `qom-list {"path":"/machine"}` {
		t.Errorf("second request %q", q.sent[1])
	}
	if n := q.count("qom-get"); n != 0 {
		t.Errorf("%d values read though none was wanted", n)
	}
	m.Collapse("/machine")
	m.Expand("/machine")
	if n := q.count("qom-list"); n != 2 {
		t.Errorf("expanding a loaded node again sent a request: %q", q.sent)
	}
}

// TestWantedLeavesReadOneAtATime wants every leaf of /machine from a
// slow server: each is read once, never two requests in flight, and a
// second Want within Fresh reads nothing again.
func TestWantedLeavesReadOneAtATime(t *testing.T) {
	m, q := startFake(t, Limits{Fresh: time.Hour}, 20*time.Millisecond)
	if err := m.Load(context.Background(), "/"); err != nil {
		t.Fatal(err)
	}
	m.Expand("/machine")
	qmptest.Eventually(t, "/machine listed", func() bool { return len(m.Rows()) == 9 })
	leaves := leafPaths(m)
	m.Want(leaves)
	m.Want(leaves) // the same frame drawn twice
	qmptest.Eventually(t, "every value", func() bool { return len(valued(m)) == len(leaves) })
	if n := q.count("qom-get"); n != len(leaves) {
		t.Errorf("%d qom-get for %d leaves: %q", n, len(leaves), q.sent)
	}
	if q.most != 1 {
		t.Errorf("%d requests in flight at once, want 1", q.most)
	}
	m.Want(leaves)
	if err := m.Load(context.Background(), "/objects"); err != nil { // a request after any stray read
		t.Fatal(err)
	}
	if n := q.count("qom-get"); n != len(leaves) {
		t.Errorf("fresh values read again: %d qom-get", n)
	}
	if got := valued(m)["/machine/smm"]; got != `"auto"` {
		t.Errorf("/machine/smm = %s", got)
	}
}

// TestWantedQueueIsBounded wants more leaves than MaxWanted: only the
// first MaxWanted are read.
func TestWantedQueueIsBounded(t *testing.T) {
	m, q := startFake(t, Limits{MaxWanted: 2, Fresh: time.Hour}, 0)
	if err := m.Load(context.Background(), "/"); err != nil {
		t.Fatal(err)
	}
	if err := m.Load(context.Background(), "/machine"); err != nil {
		t.Fatal(err)
	}
	m.Want([]string{"/machine/smm", "/machine/type", "/machine/boot-cpu", "/type"})
	qmptest.Eventually(t, "two values", func() bool { return len(valued(m)) == 2 })
	if err := m.Load(context.Background(), "/objects"); err != nil {
		t.Fatal(err)
	}
	if n := q.count("qom-get"); n != 2 {
		t.Errorf("%d qom-get, want 2", n)
	}
}

// TestFollowLink reads the boot-cpu link and reveals its target: the
// objects on the way are loaded one after another and the target is a
// visible row.
func TestFollowLink(t *testing.T) {
	m, _ := startFake(t, Limits{}, 0)
	ctx := context.Background()
	if err := m.LoadDepth(ctx, "/", 2); err != nil {
		t.Fatal(err)
	}
	var link Row
	for _, r := range m.Subtree("/machine", 1) {
		if r.Name == "boot-cpu" {
			link = r
		}
	}
	target := link.LinkTarget()
	if target != "/machine/unattached/device[0]" {
		t.Fatalf("boot-cpu points to %q (row %+v)", target, link)
	}
	m.Reveal(target, false)
	qmptest.Eventually(t, "the target visible", func() bool {
		return slices.ContainsFunc(m.Rows(), func(r Row) bool { return r.Path == target })
	})
	if got := m.Search("APIC"); !slices.Equal(got, nil) {
		t.Errorf("search found %q before the target was loaded", got)
	}
	m.Expand(target)
	qmptest.Eventually(t, "the target listed", func() bool { return len(m.Search("apic")) == 1 })
	if got := m.Search("apic")[0]; got != target+"/apic-id" {
		t.Errorf("search found %q", got)
	}
}

// TestMaxNodesRefuses loads more nodes than the cap: the rest are counted
// and the object is partial.
func TestMaxNodesRefuses(t *testing.T) {
	m, _ := startFake(t, Limits{MaxNodes: 6}, 0)
	ctx := context.Background()
	if err := m.Load(ctx, "/"); err != nil {
		t.Fatal(err)
	}
	if err := m.Load(ctx, "/machine"); err != nil {
		t.Fatal(err)
	}
	if got := m.Refused(); got != 3 {
		t.Errorf("refused %d, want 3 (6 of 9 nodes fit)", got)
	}
	if r := m.Subtree("/machine", 0)[0]; !r.Partial || r.Children != 2 {
		t.Errorf("/machine row %+v, want partial with 2 children", r)
	}
}

// TestErrorsStayOnTheNode reads a property the server refuses and lists
// an object it does not know: both errors are on their rows.
func TestErrorsStayOnTheNode(t *testing.T) {
	m, _ := startFake(t, Limits{}, 0)
	ctx := context.Background()
	if err := m.LoadDepth(ctx, "/", 1); err != nil {
		t.Fatal(err)
	}
	if err := m.Load(ctx, "/nowhere"); err == nil {
		t.Error("loading an unknown path succeeded")
	}
	if err := m.LoadDepth(ctx, "/machine", 1); err != nil {
		t.Fatal(err)
	}
	if err := m.Load(ctx, "/machine/peripheral"); err == nil {
		t.Error("listing an object the server refuses succeeded")
	}
	if r := m.Subtree("/machine/peripheral", 0)[0]; !strings.Contains(r.Err, "no /machine/peripheral") {
		t.Errorf("row %+v carries no error", r)
	}
}

// leafPaths are the visible rows that have values.
func leafPaths(m *Model) []string {
	var paths []string
	for _, r := range m.Rows() {
		if r.Kind != Object {
			paths = append(paths, r.Path)
		}
	}
	return paths
}

// valued maps the loaded nodes with a value to it.
func valued(m *Model) map[string]string {
	v := map[string]string{}
	for _, r := range m.Subtree("/", -1) {
		if r.Value != "" {
			v[r.Path] = r.Value
		}
	}
	return v
}
