package share

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/qmpdash/qmpdash/app/cmdline"
	"github.com/qmpdash/qmpdash/app/send"
	"github.com/qmpdash/qmpdash/app/session"
	"github.com/qmpdash/qmpdash/app/store"
	"github.com/qmpdash/qmpdash/qmp"
	"github.com/qmpdash/qmpdash/qmp/qmptest"
)

func TestSocketPathNamesTheMonitorNotTheSpelling(t *testing.T) {
	privateRuntime(t)
	dir := t.TempDir()
	t.Chdir(dir)
	abs := filepath.Join(dir, "vm.sock")
	want := SocketPath(abs)
	sum := sha256.Sum256([]byte("unix:" + abs)) // as the README tells a shell to find it
	if documented := filepath.Join(os.Getenv("XDG_RUNTIME_DIR"), "qmpdash", hex.EncodeToString(sum[:])[:16]+".sock"); want != documented {
		t.Errorf("SocketPath(%s) = %s, the README says %s", abs, want, documented)
	}
	for _, addr := range []string{"vm.sock", "./vm.sock", "unix:" + abs, " " + abs} {
		if got := SocketPath(addr); got != want {
			t.Errorf("SocketPath(%q) = %s, want %s as for %s", addr, got, want, abs)
		}
	}
	if SocketPath(filepath.Join(dir, "other.sock")) == want || SocketPath("127.0.0.1:4444") == want {
		t.Error("two monitors share a socket name")
	}
}

func TestGreetingNegotiationAndTheClientsIDComesBackVerbatim(t *testing.T) {
	privateRuntime(t)
	vm := startFakeVM(t, session.Config{})
	path := vm.serve(t, Options{})
	p, greeting := dialPeer(t, path)
	if greeting.Get("QMP.version.qemu.major").Int() != 7 || greeting.Get("QMP.capabilities").Raw != "[]" {
		t.Fatalf("greeting %s: want the VM's version and no capabilities", greeting.Raw)
	}
	p.send(`{"execute": "query-status", "id": 1}`)
	if r := p.next(); r.Get("error.class").String() != "CommandNotFound" || r.Get("id").Raw != "1" {
		t.Fatalf("a command before negotiation: %s", r.Raw)
	}
	p.send(`{"execute": "qmp_capabilities", "arguments": {"enable": ["oob"]}}`)
	if r := p.next(); r.Get("error.class").String() != "GenericError" {
		t.Fatalf("oob asked for: %s", r.Raw)
	}
	p.send(`{"execute": "qmp_capabilities", "id": "neg"}`)
	if r := p.next(); r.Get("return").Raw != "{}" || r.Get("id").Raw != `"neg"` {
		t.Fatalf("qmp_capabilities: %s", r.Raw)
	}
	p.send(`{"execute": "qmp_capabilities"}`)
	if r := p.next(); r.Get("error.class").String() != "CommandNotFound" {
		t.Fatalf("a second qmp_capabilities: %s", r.Raw)
	}
	// Sent with no separator, as older qmp.py does; any JSON id.
	for _, id := range []string{`"a"`, `7`, `-1.5e3`, `{"x": [1, null]}`, `[true]`, `null`} {
		p.send(`{"execute": "x-echo", "arguments": {"k": "v"}, "id": ` + id + `}`)
		r := p.next()
		if r.Get("id").Raw != id || r.Get("return.k").String() != "v" {
			t.Errorf("id %s: reply %s", id, r.Raw)
		}
	}
	p.send(`{"execute": "x-echo", "arguments": {"k": "no id"}}`)
	if r := p.next(); r.Get("id").Exists() || r.Get("return.k").String() != "no id" {
		t.Errorf("no id: reply %s", r.Raw)
	}
	p.send("{\n  \"execute\": \"x-echo\",\n  \"arguments\": {\n    \"k\": \"pretty\"\n  },\n  \"id\": 2\n}\n")
	if r := p.next(); r.Get("id").Int() != 2 || r.Get("return.k").String() != "pretty" {
		t.Errorf("a message over several lines: reply %s", r.Raw)
	}
	if e := vm.s.Commands.Range(vm.s.Commands.Len()-1, 1, nil); len(e) != 1 || e[0].Text != `{"execute":"x-echo","arguments":{"k":"pretty"}}` {
		t.Errorf("the command log shows %v", e)
	}
	p.send(`{"execute": "no-such-command", "id": "e"}`)
	if r := p.next(); r.Get("error.class").String() != "CommandNotFound" || r.Get("id").String() != "e" {
		t.Errorf("the VM's error reply: %s", r.Raw)
	}
	p.send(`{"exec-oob": "x-echo", "id": "o"}`)
	if r := p.next(); r.Get("error.class").String() != "GenericError" || r.Get("id").String() != "o" {
		t.Errorf("exec-oob: %s", r.Raw)
	}
	p.send(`[1, 2]`)
	if r := p.next(); !strings.Contains(r.Get("error.desc").String(), "JSON object") {
		t.Errorf("an array: %s", r.Raw)
	}
	p.send(`{"execute": }`)
	if r := p.next(); !strings.Contains(r.Get("error.desc").String(), "parse error") {
		t.Errorf("broken JSON: %s", r.Raw)
	}
	if _, err := p.readLine(); err == nil {
		t.Error("the connection stays open after broken JSON")
	}
}

func TestTwoClientsWithTheSameIDsGetOnlyTheirOwnReplies(t *testing.T) {
	privateRuntime(t)
	vm := startFakeVM(t, session.Config{})
	path := vm.serve(t, Options{})
	const n = 200
	clients := []*peer{negotiatedPeer(t, path), negotiatedPeer(t, path)}
	var wg sync.WaitGroup
	for who, p := range clients {
		wg.Go(func() {
			var msgs strings.Builder
			for i := range n { // pipelined: all sent before any is read
				fmt.Fprintf(&msgs, `{"execute": "x-echo", "arguments": {"who": %d, "i": %d}, "id": %d}`+"\n", who, i, i)
			}
			p.send(msgs.String())
		})
	}
	wg.Wait()
	for who, p := range clients {
		for i := range n {
			r := p.next()
			if r.Get("id").Int() != int64(i) || r.Get("return.who").Int() != int64(who) || r.Get("return.i").Int() != int64(i) {
				t.Fatalf("client %d, reply %d: %s", who, i, r.Raw)
			}
		}
	}
	from := map[string]int{}
	for _, e := range vm.s.Commands.Range(0, vm.s.Commands.Len(), nil) {
		from[e.From]++
	}
	if len(from) != 2 || from["shared #1 pid "+fmt.Sprint(os.Getpid())] != n || from["shared #2 pid "+fmt.Sprint(os.Getpid())] != n {
		t.Errorf("the command log's senders: %v", from)
	}
}

func TestEventsReachEveryNegotiatedClient(t *testing.T) {
	privateRuntime(t)
	vm := startFakeVM(t, session.Config{})
	path := vm.serve(t, Options{})
	a, b := negotiatedPeer(t, path), negotiatedPeer(t, path)
	late, _ := dialPeer(t, path) // not negotiated: no events
	if _, err := vm.s.Send(mustParse(t, "stop"), "stop"); err != nil {
		t.Fatal(err)
	}
	for _, p := range []*peer{a, b} {
		if ev := p.next(); ev.Get("event").String() != "STOP" || ev.Get("timestamp.seconds").Int() != 1700000000 {
			t.Fatalf("want the STOP event as QEMU sent it, got %s", ev.Raw)
		}
	}
	late.send(`{"execute": "qmp_capabilities", "id": 1}`)
	if r := late.next(); r.Get("id").Int() != 1 {
		t.Fatalf("a client that negotiated after the event got %s first", r.Raw)
	}
	// A client's own command's events reach the others too.
	a.send(`{"execute": "stop", "id": "s"}`)
	got := map[string]bool{}
	for range 2 {
		got[a.next().Raw] = true
	}
	if b.next().Get("event").String() != "STOP" || late.next().Get("event").String() != "STOP" || len(got) != 2 {
		t.Fatalf("client a's stop: %v", got)
	}
}

func TestReadOnlyRefusesAndConfirmationSendsWithAWarning(t *testing.T) {
	privateRuntime(t)
	vm := startFakeVM(t, session.Config{Policy: send.Policy{ReadOnly: true}})
	path := vm.serve(t, Options{})
	p := negotiatedPeer(t, path)
	p.send(`{"execute": "stop", "id": 5}`)
	r := p.next()
	if r.Get("error.class").String() != "GenericError" || !strings.Contains(r.Get("error.desc").String(), "read-only") || r.Get("id").Int() != 5 {
		t.Fatalf("stop on a read-only VM: %s", r.Raw)
	}
	p.send(`{"execute": "query-status", "id": 6}`)
	if r := p.next(); r.Get("return.status").String() != "running" {
		t.Fatalf("query-status on a read-only VM: %s", r.Raw)
	}
	if vm.sent("stop") {
		t.Error("the VM was sent stop")
	}

	vm2 := startFakeVM(t, session.Config{Policy: send.Policy{Confirm: []string{"stop"}}})
	p2 := negotiatedPeer(t, vm2.serve(t, Options{}))
	p2.send(`{"execute": "stop", "id": 5}`)
	for r := p2.next(); !r.Get("id").Exists(); r = p2.next() { // the STOP event may come first
	}
	if !vm2.sent("stop") || !notice(vm2.s, store.Warning, "sent stop, which the dashboard asks to confirm") {
		t.Errorf("stop on the confirmation list: sent %v, notices %v", vm2.sent("stop"), vm2.s.Notices.All())
	}
}

func TestAClientThatDoesNotReadIsDroppedAndTheOthersGetEverything(t *testing.T) {
	privateRuntime(t)
	vm := startFakeVM(t, session.Config{})
	path := vm.serve(t, Options{Queue: 1000})
	stuck := negotiatedPeer(t, path)
	reader := negotiatedPeer(t, path)
	dropped := "shared #1 pid " + fmt.Sprint(os.Getpid()) + " disconnected: it left 1000 messages unread"
	// Rounds of 500 events of 4 KiB, each read to its end by reader, until
	// stuck's socket buffer and queue are full.
	for round := 0; !notice(vm.s, store.Warning, dropped); round++ {
		if round == 100 {
			t.Fatalf("stuck was not dropped after %d rounds: %v", round, vm.s.Notices.All())
		}
		reader.send(fmt.Sprintf(`{"execute": "x-flood", "arguments": {"count": 500, "size": 4096}, "id": %d}`, round))
		events := 0
		for r := reader.next(); !r.Get("id").Exists(); r = reader.next() {
			events++
		}
		for events < 500 { // events the reply overtook
			if reader.next().Get("event").String() == "FLOOD" {
				events++
			}
		}
	}
	for { // what it was sent before, then the end
		if _, err := stuck.readLine(); err != nil {
			break
		}
	}
	reader.send(`{"execute": "query-status", "id": 1}`)
	if r := reader.next(); r.Get("return.status").String() != "running" {
		t.Fatalf("the reader after the other was dropped: %s", r.Raw)
	}
}

func TestClientsLeaveWithTheMonitorAndComeBackWithIt(t *testing.T) {
	privateRuntime(t)
	vm := startFakeVM(t, session.Config{})
	path := vm.serve(t, Options{})
	p := negotiatedPeer(t, path)
	vm.hangUp()
	if line, err := p.readLine(); err == nil {
		t.Fatalf("a client kept its connection after the monitor's ended: %s", line)
	}
	qmptest.Eventually(t, "the session to see the end", func() bool { return vm.s.State().Conn != qmp.StateReady })
	conn, err := net.Dial("unix", path)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if n, err := conn.Read(make([]byte, 100)); err == nil {
		t.Fatalf("a greeting while the monitor is away: %d bytes", n)
	}
	vm.accept(t) // the session reconnects
	p = negotiatedPeer(t, path)
	p.send(`{"execute": "query-status", "id": 1}`)
	if r := p.next(); r.Get("return.status").String() != "running" {
		t.Fatalf("after the reconnection: %s", r.Raw)
	}
}

func TestSocketAndDirectoryArePrivate(t *testing.T) {
	dir := privateRuntime(t)
	if err := os.Mkdir(dir, 0o755); err != nil { // made loose by someone: tightened
		t.Fatal(err)
	}
	vm := startFakeVM(t, session.Config{})
	path := vm.serve(t, Options{})
	for p, want := range map[string]os.FileMode{dir: 0o700, path: 0o600} {
		fi, err := os.Stat(p)
		if err != nil || fi.Mode().Perm() != want {
			t.Errorf("%s: mode %v (%v), want %04o", p, fi.Mode().Perm(), err, want)
		}
	}
}

func TestADirectoryNotOursIsRefused(t *testing.T) {
	cases := map[string]func(t *testing.T, dir string){
		"a symlink": func(t *testing.T, dir string) {
			if err := os.Symlink(t.TempDir(), dir); err != nil {
				t.Fatal(err)
			}
		},
		"another user's": func(t *testing.T, dir string) {
			if os.Geteuid() != 0 {
				t.Skip("giving a directory away takes root")
			}
			if err := os.Mkdir(dir, 0o700); err != nil {
				t.Fatal(err)
			}
			if err := os.Chown(dir, 65534, 65534); err != nil {
				t.Fatal(err)
			}
		},
	}
	for name, make := range cases {
		t.Run(name, func(t *testing.T) {
			dir := privateRuntime(t)
			make(t, dir)
			vm := startFakeVM(t, session.Config{})
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			Serve(ctx, vm.s, Options{}) // returns at once
			if !notice(vm.s, store.Warning, "the monitor is not shared") {
				t.Errorf("no warning: %v", vm.s.Notices.All())
			}
			if _, ok := Existing(vm.s.State().Addr); ok {
				t.Error("a socket was made")
			}
		})
	}
}

func TestAStaleSocketIsReplacedALiveOneIsLeftAlone(t *testing.T) {
	dir := privateRuntime(t)
	vm := startFakeVM(t, session.Config{})
	path := SocketPath(vm.s.State().Addr)
	if err := os.Mkdir(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	stale, err := net.ListenUnix("unix", &net.UnixAddr{Name: path, Net: "unix"})
	if err != nil {
		t.Fatal(err)
	}
	stale.SetUnlinkOnClose(false)
	stale.Close() // a dashboard that died: the file stays, nothing answers
	p := negotiatedPeer(t, vm.serve(t, Options{}))
	p.send(`{"execute": "query-status"}`)
	if r := p.next(); r.Get("return.status").String() != "running" {
		t.Fatalf("through the replaced socket: %s", r.Raw)
	}
	// A second dashboard on the same monitor leaves the first one's be.
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	Serve(ctx, vm.s, Options{})
	if !notice(vm.s, store.Warning, "another qmpdash already shares this monitor") {
		t.Errorf("no warning: %v", vm.s.Notices.All())
	}
	p.send(`{"execute": "query-status"}`)
	if r := p.next(); r.Get("return.status").String() != "running" {
		t.Fatalf("the first share after the second gave up: %s", r.Raw)
	}
}

func mustParse(t *testing.T, text string) *cmdline.Line {
	t.Helper()
	line, err := cmdline.Parse(text)
	if err != nil {
		t.Fatal(err)
	}
	return line
}
