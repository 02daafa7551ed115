package views

import (
	"context"
	"testing"
	"time"

	"github.com/qmpdash/qmpdash/docs"
	"github.com/qmpdash/qmpdash/docs/docstest"
	"github.com/qmpdash/qmpdash/qmp"
	"github.com/qmpdash/qmpdash/qmp/qmptest"
	"github.com/qmpdash/qmpdash/views/widget"
)

// Big replies from the socket to the screen. One op sends one request to a
// fake server over a UNIX socket and waits for its reply (receive), parses
// it into the schema model where that applies (parse) and renders the first
// screen of the expanded view (render); each phase is reported in ms. The
// fake server runs on the same two cores and copies the reply once per
// request (qmptest.Peer writes strings), so receive is pessimistic.

// BenchmarkBigReply236KB is the QEMU 10.0 query-qmp-schema reply. Budget:
// 50 ms for all three phases.
func BenchmarkBigReply236KB(b *testing.B) {
	schema := docstest.Load(b, docstest.QEMU10).Schema
	benchBigReply(b, string(schema), true)
}

// BenchmarkBigReply64MiB is a reply line of exactly 64 MiB, QEMU's limit
// and the client's default cap. Only receive runs off the UI goroutine;
// render is what the UI goroutine spends on it, so it is the freeze a user
// would see. Budget: it completes.
func BenchmarkBigReply64MiB(b *testing.B) {
	benchBigReply(b, string(cappedReply(b)), false)
}

// bigReplyID is the id of every request, so that every reply line has the
// same length and the fake server can render it once.
const bigReplyID = "7"

func benchBigReply(b *testing.B, ret string, parse bool) {
	// Every request carries bigReplyID, so the reply is rendered once.
	line := qmptest.ReplyLine(qmptest.Request{ID: []byte(bigReplyID)}, ret)
	c := benchClient(b, func(qmptest.Request) string { return line })

	b.SetBytes(int64(len(ret)))
	var receive, parsing, render time.Duration
	for b.Loop() {
		t0 := time.Now()
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		resp, err := c.Do(ctx, qmp.Request{Command: "query-qmp-schema", ID: []byte(bigReplyID)})
		cancel()
		if err != nil {
			b.Fatal(err)
		}
		reply := resp.Return
		t1 := time.Now()
		if parse {
			if _, err := docs.ParseSchema(reply); err != nil {
				b.Fatal(err)
			}
		}
		t2 := time.Now()
		if lines := widget.NewJSONDoc(reply, widget.Expanded, widget.DefaultTheme()).Lines(0, 50); len(lines) != 50 {
			b.Fatalf("first screen has %d lines, want 50", len(lines))
		}
		receive, parsing, render = receive+t1.Sub(t0), parsing+t2.Sub(t1), render+time.Since(t2)
	}
	ms := func(d time.Duration) float64 { return d.Seconds() * 1000 / float64(b.N) }
	b.ReportMetric(ms(receive), "receive-ms")
	if parse {
		b.ReportMetric(ms(parsing), "parse-ms")
	}
	b.ReportMetric(ms(render), "render-ms")
	b.ReportMetric(ms(receive+parsing+render), "total-ms")
}

// cappedReply is the fixture's schema repeated into one JSON array, padded
// with zeros so that the whole reply line, {"return": ..., "id": ...}, is
// exactly the client's default cap.
func cappedReply(tb testing.TB) []byte {
	schema := docstest.Load(tb, docstest.QEMU10).Schema
	wrapper := len(qmptest.ReplyLine(qmptest.Request{ID: []byte(bigReplyID)}, "")) - len("\r\n")
	size := qmp.DefaultMaxLineSize - wrapper
	b := make([]byte, 0, size)
	b = append(b, '[')
	for len(b)+len(schema)+len(",0]") <= size {
		b = append(append(b, schema...), ',')
	}
	for len(b)+len("0,0]") <= size {
		b = append(b, "0,"...)
	}
	return append(b, "0]"...)
}

// benchClient connects a client to a fake server over a UNIX socket that
// answers every request with reply's line; it is closed when b ends.
func benchClient(b *testing.B, reply func(qmptest.Request) string) *qmp.Client {
	srv := qmptest.NewServer(b)
	go func() {
		p := srv.Accept()
		if p == nil {
			return
		}
		p.Negotiate()
		p.Serve(reply)
	}()
	ctx, cancel := context.WithTimeout(context.Background(), qmptest.Timeout)
	c, err := qmp.Dial(ctx, srv.Path, qmp.Options{})
	cancel()
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { c.Close() })
	return c
}
