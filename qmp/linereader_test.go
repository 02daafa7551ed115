package qmp

import (
	"errors"
	"io"
	"strings"
	"testing"
	"testing/iotest"
)

func readAll(t *testing.T, r io.Reader, max int) ([]string, error) {
	t.Helper()
	lr := newLineReader(r, max)
	var lines []string
	for {
		line, err := lr.next()
		if err != nil {
			return lines, err
		}
		lines = append(lines, string(line))
	}
}

func TestLineReaderEndings(t *testing.T) {
	in := "{\"a\":1}\r\n{\"b\":2}\n\r\n\n\xff\xff{\"return\": 5}\n"
	// One byte per read exercises every split point.
	lines, err := readAll(t, iotest.OneByteReader(strings.NewReader(in)), 0)
	if !errors.Is(err, io.EOF) {
		t.Fatalf("err = %v, want EOF", err)
	}
	want := []string{`{"a":1}`, `{"b":2}`, `{"return": 5}`}
	if strings.Join(lines, "|") != strings.Join(want, "|") {
		t.Fatalf("lines = %q, want %q", lines, want)
	}
}

func TestLineReaderLongLineAssembled(t *testing.T) {
	long := `{"return": "` + strings.Repeat("x", 300_000) + `"}`
	lines, _ := readAll(t, strings.NewReader(long+"\r\n"+`{"id":1}`+"\n"), 0)
	if len(lines) != 2 || lines[0] != long {
		t.Fatalf("got %d lines, first %d bytes", len(lines), len(lines[0]))
	}
}

func TestLineReaderOverLimitSkipsAndResyncs(t *testing.T) {
	for _, size := range []int{100, 1000, 200_000} { // below and above the bufio size
		big := strings.Repeat("y", size)
		lr := newLineReader(strings.NewReader(big+"\r\n"+`{"ok":1}`+"\n"), 64)
		_, err := lr.next()
		var tooLong *LineTooLongError
		if !errors.As(err, &tooLong) {
			t.Fatalf("size %d: err = %v, want LineTooLongError", size, err)
		}
		if tooLong.Size < int64(size) || tooLong.Limit != 64 {
			t.Errorf("size %d: error %v", size, tooLong)
		}
		if !strings.Contains(err.Error(), "64 bytes") {
			t.Errorf("message does not name the limit: %v", err)
		}
		line, err := lr.next()
		if err != nil || string(line) != `{"ok":1}` {
			t.Fatalf("size %d: after skip got %q, %v", size, line, err)
		}
	}
}

func TestLineReaderLimitIsExclusiveOfTerminator(t *testing.T) {
	line := strings.Repeat("z", 64)
	lines, err := readAll(t, strings.NewReader(line+"\r\n"), 64)
	if len(lines) != 1 || !errors.Is(err, io.EOF) {
		t.Fatalf("a line of exactly the limit must pass: %q, %v", lines, err)
	}
}

func TestLineReaderPartialLineAtEOF(t *testing.T) {
	_, err := readAll(t, strings.NewReader(`{"return": {}, "id": 1}`+"\n"+`{"ret`), 0)
	if !errors.Is(err, io.ErrUnexpectedEOF) || !strings.Contains(err.Error(), "5 bytes") {
		t.Fatalf("err = %v, want unexpected EOF naming 5 bytes", err)
	}
}

// FuzzReader feeds arbitrary streams through the line reader and decoder:
// nothing may panic, every line respects the limit, and decoded messages
// keep their invariants.
func FuzzReader(f *testing.F) {
	f.Add([]byte("{\"QMP\": {\"version\": {\"qemu\": {\"micro\": 22, \"minor\": 2, \"major\": 7}, \"package\": \"\"}, \"capabilities\": [\"oob\"]}}\r\n"), 1)
	f.Add([]byte("{\"timestamp\": {\"seconds\": 1, \"microseconds\": 2}, \"event\": \"STOP\"}\r\n{\"return\": {}, \"id\": 1}\n"), 3)
	f.Add([]byte("\xff{\"return\": 1234}\n{\"error\": {\"class\": \"GenericError\", \"desc\": \"x\"}}\n[1,2]\n\x00\x9b\n"), 2)
	f.Add([]byte("{\"id\": {\"a\": [1, \"x\"]}, \"error\": {}}\n{\"return\""), 1)
	f.Fuzz(func(t *testing.T, stream []byte, chunk int) {
		const max = 256
		if chunk <= 0 {
			chunk = 1
		}
		lr := newLineReader(&chunkReader{b: stream, n: chunk % 64}, max)
		var names nameTable
		for {
			line, err := lr.next()
			var tooLong *LineTooLongError
			if errors.As(err, &tooLong) {
				continue
			}
			if err != nil {
				return
			}
			if len(line) > max+2 || len(line) == 0 {
				t.Fatalf("line of %d bytes passed the limit %d", len(line), max)
			}
			m, perr := decode(line, now(), &names)
			if perr != nil {
				continue
			}
			if m.kind == kindEvent && string(m.event.Raw) != string(line) {
				t.Fatal("event Raw differs from the line")
			}
			if m.id != nil && !strings.Contains(string(line), string(m.id)) {
				t.Fatal("id is not a slice of the line")
			}
		}
	})
}

type chunkReader struct {
	b []byte
	n int
}

func (r *chunkReader) Read(p []byte) (int, error) {
	if len(r.b) == 0 {
		return 0, io.EOF
	}
	n := min(len(p), max(r.n, 1), len(r.b))
	copy(p, r.b[:n])
	r.b = r.b[n:]
	return n, nil
}
