package qmptest

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/qmpdash/qmpdash/docs/docstest"
)

// RunningStatus is the query-status return value a FakeQEMU answers with
// unless told otherwise.
const RunningStatus = `{"status": "running", "running": true}`

// FakeQEMU is a fake QEMU monitor on a UNIX socket in a temp dir that
// answers the start-up exchange from a captured fixture (docstest): it
// greets, answers qmp_capabilities, and answers query-qmp-schema,
// query-commands and query-version with the fixture's replies and
// query-status with RunningStatus. Set its fields before the first
// Accept or AcceptAll; they are read by the goroutines serving clients.
type FakeQEMU struct {
	// Server is the listener; Path is the socket to dial.
	*Server
	// Greeting is the greeting line, without its line end: the
	// fixture's by default.
	Greeting string
	// Answers holds return values (JSON) by command name; they take the
	// place of the fixture's answers, so a test can change a start-up
	// reply (say, query-status) as well as script another command.
	Answers map[string]string
	// Reply answers every other request with whole reply lines (it may
	// add events, or answer with an error); nil answers with {}.
	Reply func(Request) string

	fixture map[string]string
}

// NewFakeQEMU listens on a fresh socket in t.TempDir() and loads fixture
// (docstest.QEMU72, docstest.QEMU10, docstest.QSD72); like docstest.Load,
// it skips the test when the fixtures are absent, except in CI. The
// fixture is found from the package directory: create the fake before a
// test changes its working directory.
func NewFakeQEMU(t testing.TB, fixture string) *FakeQEMU {
	t.Helper()
	fx := docstest.Load(t, fixture)
	var greeting bytes.Buffer
	if err := json.Compact(&greeting, fx.Greeting); err != nil {
		t.Fatalf("qmptest: the greeting of %s: %v", fixture, err)
	}
	answers := map[string]string{
		"query-qmp-schema": string(fx.Schema),
		"query-commands":   string(fx.Commands),
		"query-status":     RunningStatus,
	}
	if len(fx.Version) > 0 {
		answers["query-version"] = string(fx.Version)
	}
	return &FakeQEMU{Server: NewServer(t), Greeting: greeting.String(), fixture: answers}
}

// Accept waits for the next client, does the start-up exchange and serves
// the client in the background until the connection or the test ends. It
// returns the server's side of the connection (to send events on), or nil
// when no client came (reported with t.Error).
func (f *FakeQEMU) Accept() *Peer {
	p := f.Server.Accept()
	if p == nil {
		return nil
	}
	p.negotiate(f.Greeting)
	go p.Serve(f.answer)
	return p
}

// AcceptAll serves every client as Accept does, until the test ends; it
// returns at once.
func (f *FakeQEMU) AcceptAll() {
	f.Server.AcceptAll(func(p *Peer) {
		if p.negotiateServing(f.Greeting) {
			p.Serve(f.answer)
		}
	})
}

// answer is the reply line for r: Answers first, then the fixture, then
// Reply.
func (f *FakeQEMU) answer(r Request) string {
	if ret, ok := f.Answers[r.Name()]; ok {
		return ReplyLine(r, ret)
	}
	if ret, ok := f.fixture[r.Name()]; ok {
		return ReplyLine(r, ret)
	}
	if f.Reply != nil {
		return f.Reply(r)
	}
	return ReplyLine(r, "{}")
}
