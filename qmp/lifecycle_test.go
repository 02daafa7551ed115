package qmp_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/qmpdash/qmpdash/qmp"
	"github.com/qmpdash/qmpdash/qmp/qmptest"
	"go.uber.org/goleak"
)

func TestCloseWithWedgedPeerNeverHangs(t *testing.T) {
	defer goleak.VerifyNone(t)
	c, peer := connect(t, qmp.Options{})
	_ = peer // the peer never reads again: writes fill the socket buffer
	big := `{"pad": "` + strings.Repeat("p", 1<<20) + `"}`
	var wg sync.WaitGroup
	for i := 0; i < 4; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c.Do(context.Background(), qmp.Request{Command: "stuck", Arguments: []byte(big)})
		}()
	}
	time.Sleep(50 * time.Millisecond) // let the writers block; Close must not care
	closed := make(chan struct{})
	go func() { c.Close(); close(closed) }()
	select {
	case <-closed:
	case <-time.After(3 * time.Second):
		t.Fatal("Close hung on a wedged peer")
	}
	wg.Wait()
	if st := c.Status(); st.State != qmp.StateClosed || !errors.Is(st.Err, qmp.ErrClosed) {
		t.Fatalf("status = %+v", st)
	}
}

func TestConcurrentRequestsRouteByID(t *testing.T) {
	defer goleak.VerifyNone(t)
	conn, peer := qmptest.Socketpair(t)
	go func() {
		peer.Negotiate()
		for i := 0; i < 200; i++ {
			r := peer.ReadRequest()
			// Echo the argument back so each caller can check it got its own reply.
			peer.Write(fmt.Sprintf(`{"return": %s, "id": %s}`+"\r\n", r.Arguments, r.ID))
		}
	}()
	c, err := qmp.NewClient(ctxT(t), conn, qmp.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for g := 0; g < 20; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 10; i++ {
				want := fmt.Sprintf(`{"g":%d,"i":%d}`, g, i)
				got, err := c.Execute(ctxT(t), "echo", map[string]int{"g": g, "i": i})
				if err != nil || string(got) != want {
					t.Errorf("got %s %v, want %s", got, err, want)
				}
			}
		}()
	}
	wg.Wait()
	c.Close()
}

func TestConnectionResetInterruptsPending(t *testing.T) {
	c, peer := connect(t, qmp.Options{})
	first := goDo(c, ctxT(t), qmp.Request{Command: "x"})
	peer.Expect("x")
	second := goDo(c, ctxT(t), qmp.Request{Command: "y"})
	// Wait until "y" sits unread in the peer's queue: closing a UNIX socket
	// with unread data makes the other end's read fail with ECONNRESET.
	qmptest.Eventually(t, `"y" sent`, func() bool { return c.Stats().Sent >= 3 })
	peer.Close()
	for _, ch := range []<-chan doResult{first, second} {
		if res := <-ch; !errors.Is(res.err, qmp.ErrInterrupted) {
			t.Fatalf("err = %v, want ErrInterrupted", res.err)
		}
	}
	var cerr *qmp.ConnError
	if err := c.Status().Err; !errors.As(err, &cerr) || cerr.Op != "read" || !errors.Is(err, syscall.ECONNRESET) {
		t.Fatalf("status err = %v, want a read error wrapping ECONNRESET", err)
	}
}

func TestGuestAgentSyncDropsStaleOutput(t *testing.T) {
	conn, peer := qmptest.Socketpair(t)
	go func() {
		// Leftovers of a previous client arrive before the sync reply.
		peer.Write(`{"return": {}, "id": 1}` + "\n")
		r := peer.ReadRequest()
		if !strings.HasPrefix(r.Line, "\xff") {
			t.Errorf("sync request %q lacks the 0xFF delimiter", r.Line)
		}
		token := strings.TrimSuffix(strings.SplitN(r.Line, `"id":`, 2)[1], "}}")
		peer.Write(`{"error": {"class": "GenericError", "desc": "JSON parse error, stray '\ufffd'"}}`+"\n", "\xff{\"return\": "+token+"}\n")
		p := peer.Expect("guest-ping")
		peer.Write(fmt.Sprintf(`{"return": {}, "id": %s}`+"\n", p.ID))
	}()
	c, err := qmp.NewClient(ctxT(t), conn, qmp.Options{Mode: qmp.ModeGuestAgent})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if _, err := c.Execute(ctxT(t), "guest-ping", nil); err != nil {
		t.Fatal(err)
	}
	if s := c.Stats(); s.UnknownReplies != 0 || s.ProtocolErrors != 0 {
		t.Errorf("stale output leaked: %+v", s)
	}
}

func TestGuestAgentSyncTimeout(t *testing.T) {
	conn, _ := qmptest.Socketpair(t)
	_, err := qmp.NewClient(ctxT(t), conn, qmp.Options{Mode: qmp.ModeGuestAgent, HandshakeTimeout: 100 * time.Millisecond})
	if err == nil || !strings.Contains(err.Error(), "guest-sync-delimited") {
		t.Fatalf("err = %v", err)
	}
}

func TestFilesPassedWithRequest(t *testing.T) {
	c, peer := connect(t, qmp.Options{})
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	defer w.Close()
	done := goDo(c, ctxT(t), qmp.Request{Command: "getfd", Arguments: []byte(`{"fdname":"x"}`), Files: []*os.File{w}})
	req := peer.Expect("getfd")
	peer.Reply(req, "{}")
	if res := <-done; res.err != nil {
		t.Fatal(res.err)
	}
	if len(peer.Files) != 1 {
		t.Fatalf("server received %d descriptors", len(peer.Files))
	}
	// The received descriptor is the pipe's write end: prove it.
	if _, err := peer.Files[0].Write([]byte("hi")); err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, 2)
	if _, err := r.Read(buf); err != nil || string(buf) != "hi" {
		t.Fatalf("read %q %v", buf, err)
	}
}

func TestServerListenerDialAndRedial(t *testing.T) {
	srv := qmptest.NewServer(t)
	go func() {
		if p := srv.Accept(); p != nil {
			p.Negotiate()
		}
	}()
	c, err := qmp.Dial(ctxT(t), "unix:"+srv.Path, qmp.Options{})
	if err != nil {
		t.Fatal(err)
	}
	c.Close()

	var retries []int
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	_, err = qmp.Redial(ctx, srv.Path+".missing", qmp.Options{}, qmp.Backoff{Initial: 10 * time.Millisecond},
		func(n int, err error, _ time.Duration) { retries = append(retries, n) })
	if !errors.Is(err, syscall.ENOENT) || len(retries) < 2 || retries[1] != 2 {
		t.Fatalf("err = %v, retries %v", err, retries)
	}
	if _, err := qmp.Redial(ctxT(t), "", qmp.Options{}, qmp.Backoff{}, nil); err == nil {
		t.Fatal("a malformed address must not be retried forever")
	}
}

func TestBackoffDelays(t *testing.T) {
	b := qmp.Backoff{Initial: 100 * time.Millisecond, Max: time.Second}
	var got []time.Duration
	for n := 1; n <= 6; n++ {
		got = append(got, b.Delay(n))
	}
	want := "[100ms 200ms 400ms 800ms 1s 1s]"
	if fmt.Sprint(got) != want {
		t.Fatalf("delays %v, want %s", got, want)
	}
	if d := (qmp.Backoff{}).Delay(100); d != 10*time.Second {
		t.Fatalf("zero Backoff caps at %v", d)
	}
}
