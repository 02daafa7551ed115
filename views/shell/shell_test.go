package shell

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"sync"
	"testing"

	"github.com/qmpdash/qmpdash/qmp"
	"github.com/qmpdash/qmpdash/qmp/qmptest"
	"github.com/qmpdash/qmpdash/views/headless"
)

// lockedBuffer is one buffer for both output streams, so that the test
// sees how they interleave.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// Piped lines run to the end past a failing one, which makes Run's error
// exit status 1, already printed; events come out in wire order around
// the replies, on the same streams.
func TestRunPipedPrintsInWireOrder(t *testing.T) {
	t.Setenv("XDG_CACHE_HOME", t.TempDir())
	srv := qmptest.NewServer(t)
	srv.AcceptAll(func(peer *qmptest.Peer) {
		peer.Negotiate()
		peer.Serve(func(r qmptest.Request) string {
			switch r.Name() {
			case "query-qmp-schema":
				return `{"id": ` + string(r.ID) + `, "error": {"class": "CommandNotFound", "desc": "no schema"}}` + "\r\n"
			case "stop":
				return qmptest.EventLine("STOP", "") + qmptest.ReplyLine(r, `{}`) + qmptest.EventLine("AFTER_STOP", "")
			case "fail":
				return `{"id": ` + string(r.ID) + `, "error": {"class": "GenericError", "desc": "it failed"}}` + "\r\n"
			}
			return qmptest.ReplyLine(r, `{"status": "paused"}`)
		})
	})
	var out lockedBuffer
	err := Run(context.Background(), Options{
		Connect: func(ctx context.Context, opts qmp.Options) (*qmp.Client, error) { return qmp.Dial(ctx, srv.Path, opts) },
		Stdin:   strings.NewReader("stop\nfail\nquery-status\n"),
		Stdout:  &out,
		Stderr:  &out,
	})
	var exit *headless.ExitError
	if !errors.As(err, &exit) || exit.Code != headless.ExitQMPError || !exit.Quiet {
		t.Errorf("Run: %v, want a quiet exit status %d", err, headless.ExitQMPError)
	}
	text := out.String()
	last := -1
	for _, want := range []string{`"event":"STOP"`, "{}\n", `"event":"AFTER_STOP"`, "error: ", "it failed", `{"status":"paused"}`} {
		i := strings.Index(text, want)
		if i <= last {
			t.Fatalf("%q missing or out of order in\n%s", want, text)
		}
		last = i
	}
}
