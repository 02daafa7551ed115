package qmp

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
)

// DefaultMaxLineSize is QEMU's own limit on one JSON message (64 MiB).
const DefaultMaxLineSize = 64 << 20

// readBufferSize is the bufio buffer; lines longer than it are assembled.
const readBufferSize = 64 << 10

// lineReader splits a byte stream into messages at '\n', accepting CRLF and
// LF, and enforces a size limit without ever holding more than the limit.
type lineReader struct {
	br  *bufio.Reader
	max int
}

func newLineReader(r io.Reader, max int) *lineReader {
	if max <= 0 {
		max = DefaultMaxLineSize
	}
	return &lineReader{br: bufio.NewReaderSize(r, readBufferSize), max: max}
}

// next returns the next non-empty line without its terminator and without
// the 0xFF delimiter bytes qemu-ga puts before a sync reply. The returned
// slice is freshly allocated and owned by the caller. A line over the limit
// is skipped to its end and reported as *LineTooLongError; the reader stays
// usable. A stream that ends inside a line reports io.ErrUnexpectedEOF.
func (r *lineReader) next() ([]byte, error) {
	for {
		line, err := r.readLine()
		if err != nil {
			return nil, err
		}
		for len(line) > 0 && line[0] == 0xff {
			line = line[1:]
		}
		for len(line) > 0 && (line[len(line)-1] == '\n' || line[len(line)-1] == '\r') {
			line = line[:len(line)-1] // TrimRight, without building its byte set per line
		}
		if len(line) > 0 {
			return line, nil
		}
	}
}

// buffered is how many bytes were read from the stream but not returned:
// when it is 0, next waits for the stream.
func (r *lineReader) buffered() int { return r.br.Buffered() }

func (r *lineReader) readLine() ([]byte, error) {
	frag, err := r.br.ReadSlice('\n')
	if err == nil && len(frag) <= r.max+2 {
		return bytes.Clone(frag), nil
	}
	var acc []byte
	for {
		// +2 leaves room for a CRLF that does not count against the limit.
		if len(acc)+len(frag) > r.max+2 {
			return nil, r.skip(int64(len(acc)+len(frag)), err)
		}
		acc = append(acc, frag...)
		switch {
		case err == nil:
			return acc, nil
		case errors.Is(err, bufio.ErrBufferFull):
			frag, err = r.br.ReadSlice('\n')
		case errors.Is(err, io.EOF) && len(acc) > 0:
			return nil, fmt.Errorf("connection closed in the middle of a message (%d bytes received): %w", len(acc), io.ErrUnexpectedEOF)
		default:
			return nil, err
		}
	}
}

// skip discards the rest of an oversized line, counting it. seen bytes were
// read already; lastErr is the error of the read that produced them.
func (r *lineReader) skip(seen int64, lastErr error) error {
	for lastErr != nil {
		if !errors.Is(lastErr, bufio.ErrBufferFull) {
			return lastErr
		}
		var frag []byte
		frag, lastErr = r.br.ReadSlice('\n')
		seen += int64(len(frag))
	}
	return &LineTooLongError{Size: seen, Limit: r.max}
}
