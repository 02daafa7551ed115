//go:build linux

package qmp_test

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"net"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/qmpdash/qmpdash/app/store"
	"github.com/qmpdash/qmpdash/qmp"
	"github.com/qmpdash/qmpdash/qmp/qmptest"
)

// Event ingest: how many events one connection can take in, measured from
// the socket to the ring. One op is one event, so ns/op, B/op and allocs/op
// are per event. Budget: 1,000,000 events/s on one core (run with -cpu 1;
// the fake server's writes share that core, so the figure is pessimistic)
// and at most 2 allocations per event once the ring is full.
//
// Besides the wall-clock rate, cpu-ns/event is the CPU time this process
// spent per event (getrusage): on a machine shared with others it is the
// steadier measure of what one core can do, 1e9/cpu-ns events/s.

// floodEvents is how many distinct events one flood write carries (~40 KB).
const floodEvents = 256

// ingestFilter hides one of the four event names, so both the visible and
// the hidden path of EventLog.Append are taken.
const ingestFilter = "!VSERPORT_CHANGE"

// floodChunk renders floodEvents events of 100–200 bytes as QEMU sends
// them, cycling through four common event shapes, and returns the bytes and
// where each event ends.
func floodChunk() (chunk []byte, ends []int) {
	for i := range floodEvents {
		var line string
		switch i % 4 {
		case 0:
			line = qmptest.EventLine("RTC_CHANGE", fmt.Sprintf(`{"offset": %d, "qom-path": "/machine/unattached/device[4]"}`, i))
		case 1:
			line = qmptest.EventLine("BLOCK_IO_ERROR", fmt.Sprintf(`{"device": "virtio%d", "node-name": "#block%03d", "operation": "write", "action": "report", "nospace": true}`, i%8, i))
		case 2:
			line = qmptest.EventLine("VSERPORT_CHANGE", fmt.Sprintf(`{"id": "channel%d", "open": %t}`, i, i%8 == 2))
		default:
			line = qmptest.EventLine("DEVICE_DELETED", fmt.Sprintf(`{"device": "net%d", "path": "/machine/peripheral/net%d"}`, i, i))
		}
		chunk = append(chunk, line...)
		ends = append(ends, len(chunk))
	}
	return chunk, ends
}

// floodServer is a fake QMP server on a UNIX socket that, once told to,
// writes exactly n events as fast as the socket takes them. It writes the
// socket directly rather than through qmptest.Peer, whose string-typed
// Write would copy every chunk and add allocations to the count.
type floodServer struct {
	path  string
	start chan int // the number of events to send
	errc  chan error
}

// newFloodServer listens in a temp dir and serves one connection; with
// negotiate it first greets and answers qmp_capabilities, as QEMU does.
func newFloodServer(b *testing.B, negotiate bool) *floodServer {
	b.Helper()
	path := filepath.Join(b.TempDir(), "qmp.sock")
	ln, err := net.ListenUnix("unix", &net.UnixAddr{Name: path, Net: "unix"})
	if err != nil {
		b.Fatal(err)
	}
	s := &floodServer{path: path, start: make(chan int, 1), errc: make(chan error, 1)}
	go func() { s.errc <- s.serve(ln, negotiate) }()
	// A benchmark that fails early leaves the server waiting in Accept or
	// for its start: release it.
	b.Cleanup(func() {
		ln.Close()
		close(s.start)
	})
	return s
}

func (s *floodServer) serve(ln *net.UnixListener, negotiate bool) error {
	conn, err := ln.AcceptUnix()
	ln.Close() // one connection per server
	if err != nil {
		return err
	}
	defer conn.Close()
	if negotiate {
		if _, err := conn.Write([]byte(qmptest.Greeting72 + "\r\n")); err != nil {
			return err
		}
		line, err := bufio.NewReader(conn).ReadBytes('\n')
		if err != nil {
			return err
		}
		var req qmptest.Request
		if err := json.Unmarshal(line, &req); err != nil {
			return err
		}
		if _, err := conn.Write([]byte(qmptest.ReplyLine(req, "{}"))); err != nil {
			return err
		}
	}
	n, ok := <-s.start
	if !ok {
		return nil
	}
	chunk, ends := floodChunk()
	for ; n >= floodEvents; n -= floodEvents {
		if _, err := conn.Write(chunk); err != nil {
			return err
		}
	}
	if n > 0 {
		if _, err := conn.Write(chunk[:ends[n-1]]); err != nil {
			return err
		}
	}
	// Stay open until the client has read everything and hangs up: an
	// early EOF would end the client's read loop before the last events.
	_, _ = conn.Read(make([]byte, 1))
	return nil
}

// flood starts sending n events.
func (s *floodServer) flood(n int) { s.start <- n }

// wait reports the server's failure, if any, once the client has gone.
func (s *floodServer) wait(b *testing.B) {
	if err := <-s.errc; err != nil {
		b.Fatalf("flood server: %v", err)
	}
}

// meanEventSize is the average wire size of a flood event, for MB/s.
func meanEventSize() int64 {
	chunk, _ := floodChunk()
	return int64(len(chunk) / floodEvents)
}

// BenchmarkIngest floods one client with events and stores them as a
// session does (session.Session.serve): the reader goroutine reads, parses and
// stamps each line and queues it on a subscription; the consumer drains
// the queue and appends to an EventLog with a filter set. The log is full
// before timing starts, so every append also evicts: the steady state of a
// long session. Events lost to a full subscription queue are counted in
// dropped/event; they were read and parsed but not stored.
func BenchmarkIngest(b *testing.B) {
	filter, err := store.ParseEventFilter(ingestFilter)
	if err != nil {
		b.Fatal(err)
	}
	srv := newFloodServer(b, true)
	ctx, cancel := context.WithTimeout(context.Background(), qmptest.Timeout)
	c, err := qmp.Dial(ctx, srv.path, qmp.Options{Mode: qmp.ModeQMP})
	cancel()
	if err != nil {
		b.Fatal(err)
	}
	defer c.Close()
	sub := c.Subscribe(qmp.SubscribeOptions{Queue: 65536}) // the session's queue
	log := store.NewEventLog(store.Limits{})
	log.SetFilter(filter)
	prefill(log)

	b.SetBytes(meanEventSize())
	b.ReportAllocs()
	b.ResetTimer()
	cpu0 := cpuTime()
	srv.flood(b.N)
	buf := make([]qmp.Event, 0, 1024)
	var got, dropped uint64
	for got < uint64(b.N) {
		select {
		case <-sub.Ready():
		case <-c.Done():
			b.Fatalf("connection closed after %d of %d events: %v", got, b.N, c.Err())
		}
		buf = sub.Drain(buf[:0])
		for i := range buf {
			if buf[i].IsGap() {
				got += buf[i].Dropped
				dropped += buf[i].Dropped
			} else {
				got++
			}
		}
		log.Append(buf...)
	}
	b.StopTimer()
	reportRates(b, cpuTime()-cpu0)
	b.ReportMetric(float64(dropped)/float64(b.N), "dropped/event")
	c.Close() // the server waits for the hang-up
	srv.wait(b)
	if log.VisibleLen() == 0 || log.VisibleLen() == log.Len() {
		b.Fatalf("filter %q: %d of %d entries visible, want some but not all", ingestFilter, log.VisibleLen(), log.Len())
	}
}

// prefill fills the log to capacity with the flood's events, so that the
// timed appends evict as in a long session.
func prefill(log *store.EventLog) {
	chunk, ends := floodChunk()
	shapes := make([]qmp.Event, len(ends))
	start := 0
	for i, end := range ends {
		raw := chunk[start : end-2] // without CRLF, as the client keeps it
		start = end
		var m struct{ Event string }
		if err := json.Unmarshal(raw, &m); err != nil {
			panic(err)
		}
		shapes[i] = qmp.Event{Name: m.Event, Raw: raw}
	}
	evs := make([]qmp.Event, store.DefaultEventLogSize)
	for i := range evs {
		evs[i] = shapes[i%len(shapes)]
	}
	log.Append(evs...)
}

// BenchmarkIngestRawLines reads the same flood over the same kind of socket
// with a bufio.Reader of the client's buffer size and discards each line:
// the ceiling the ingest path is measured against.
func BenchmarkIngestRawLines(b *testing.B) {
	srv := newFloodServer(b, false)
	conn, err := net.Dial("unix", srv.path)
	if err != nil {
		b.Fatal(err)
	}
	defer conn.Close()
	br := bufio.NewReaderSize(conn, 64<<10)

	b.SetBytes(meanEventSize())
	b.ReportAllocs()
	b.ResetTimer()
	cpu0 := cpuTime()
	srv.flood(b.N)
	for range b.N {
		if _, err := br.ReadSlice('\n'); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	reportRates(b, cpuTime()-cpu0)
	conn.Close()
	srv.wait(b)
}

// reportRates reports events/s by the wall clock and the CPU time spent
// per event.
func reportRates(b *testing.B, cpu time.Duration) {
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "events/s")
	b.ReportMetric(float64(cpu.Nanoseconds())/float64(b.N), "cpu-ns/event")
}

// cpuTime is the user and system time this process has used.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		panic(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
