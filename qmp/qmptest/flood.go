package qmptest

import (
	"bufio"
	"encoding/json"
	"fmt"
	"net"
	"path/filepath"
	"testing"
)

// FloodServer is a fake QMP server on a UNIX socket in a temp dir that
// serves one client after another: it greets, answers the first request
// (qmp_capabilities, which a raw client such as socat must send itself),
// writes Count numbered events as fast as the socket takes them, and hangs
// up. NewFloodServer's is closed at the end of the test; ListenFlood's by
// Close (for cmd/qmpbench, which is no test).
type FloodServer struct {
	// Path is the socket path to dial.
	Path string
	// Count is how many events each client gets.
	Count int
	ln    *net.UnixListener

	stream []byte // every event, rendered once
}

// FloodEvent is event i (from 0) of a flood, about 150 bytes with its
// CRLF, as QEMU would send it.
func FloodEvent(i int) string {
	return EventLine("JOB_STATUS_CHANGE", fmt.Sprintf(`{"status": "running", "id": "flood-job-%09d"}`, i))
}

// NewFloodServer listens in t.TempDir() and serves clients until the test
// ends.
func NewFloodServer(t testing.TB, count int) *FloodServer {
	t.Helper()
	s, err := ListenFlood(filepath.Join(t.TempDir(), "flood.sock"), count)
	if err != nil {
		t.Fatalf("qmptest: %v", err)
	}
	t.Cleanup(s.Close)
	return s
}

// ListenFlood listens at path and serves clients until Close.
func ListenFlood(path string, count int) (*FloodServer, error) {
	ln, err := net.ListenUnix("unix", &net.UnixAddr{Name: path, Net: "unix"})
	if err != nil {
		return nil, fmt.Errorf("listen: %w", err)
	}
	s := &FloodServer{Path: path, Count: count, ln: ln}
	for i := range count {
		s.stream = append(s.stream, FloodEvent(i)...)
	}
	go s.serve()
	return s, nil
}

// Close stops listening; a client being served is served to the end.
func (s *FloodServer) Close() { s.ln.Close() }

func (s *FloodServer) serve() {
	for {
		conn, err := s.ln.AcceptUnix()
		if err != nil {
			return // closed at the end of the test
		}
		s.flood(conn)
	}
}

// flood serves one client; a client that hangs up early ends it quietly.
func (s *FloodServer) flood(conn *net.UnixConn) {
	defer conn.Close()
	if _, err := conn.Write([]byte(Greeting72 + "\r\n")); err != nil {
		return
	}
	line, err := bufio.NewReader(conn).ReadBytes('\n')
	if err != nil {
		return
	}
	var req Request
	if json.Unmarshal(line, &req) != nil {
		return
	}
	if _, err := conn.Write([]byte(ReplyLine(req, "{}"))); err != nil {
		return
	}
	for rest := s.stream; len(rest) > 0; {
		n := min(len(rest), 256<<10)
		if _, err := conn.Write(rest[:n]); err != nil {
			return
		}
		rest = rest[n:]
	}
}
