package libvirt

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"net"
	"sync"
)

// go-libvirt decodes a QEMU monitor event as a struct whose last field is
// a byte slice, where libvirt sends an optional string (a presence flag,
// then the string if present). An event without details (STOP, RESUME,
// POWERDOWN) ends after the flag, the decoding fails, and go-libvirt drops
// the event without a word. eventFilter sits between the socket and
// go-libvirt, takes every QEMU monitor event packet out of the stream and
// decodes it here; go-libvirt sees only replies and the other events.

// The libvirt RPC framing: a 4-byte length (counting itself), then a
// header of six 4-byte words, then the XDR body.
const (
	qemuProgram          = 0x20008087 // QEMU_PROGRAM
	qemuProcMonitorEvent = 6          // QEMU_PROC_DOMAIN_MONITOR_EVENT
	headerSize           = 4 + 6*4
	maxPacket            = 32 << 20 // libvirt's own limit is lower
)

// qemuEvent is one QEMU monitor event as libvirt relays it.
type qemuEvent struct {
	callbackID int32
	domain     string
	name       string
	seconds    uint64
	micros     uint32
	// details is the event's data as JSON text; hasDetails is false when
	// libvirt sent none.
	details    string
	hasDetails bool
}

// eventFilter is a net.Conn whose reads skip QEMU monitor event packets,
// handing each one, decoded, to deliver (called on the reading goroutine;
// it must not block).
type eventFilter struct {
	net.Conn
	deliver func(qemuEvent)

	mu      sync.Mutex // guards pending: go-libvirt has one reader
	pending []byte
}

// Read returns the stream's bytes without the QEMU event packets.
func (f *eventFilter) Read(p []byte) (int, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for len(f.pending) == 0 {
		pkt, err := readPacket(f.Conn)
		if err != nil {
			return 0, err
		}
		if ev, ok, err := decodeQEMUEvent(pkt); ok {
			if err == nil {
				f.deliver(ev)
			}
			continue
		}
		f.pending = pkt
	}
	n := copy(p, f.pending)
	f.pending = f.pending[n:]
	return n, nil
}

// readPacket reads one whole RPC packet, length word included.
func readPacket(r io.Reader) ([]byte, error) {
	var lenBuf [4]byte
	if _, err := io.ReadFull(r, lenBuf[:]); err != nil {
		return nil, err
	}
	n := binary.BigEndian.Uint32(lenBuf[:])
	if n < headerSize || n > maxPacket {
		return nil, fmt.Errorf("libvirt: bad packet length %d", n)
	}
	pkt := make([]byte, n)
	copy(pkt, lenBuf[:])
	if _, err := io.ReadFull(r, pkt[4:]); err != nil {
		return nil, err
	}
	return pkt, nil
}

// decodeQEMUEvent decodes pkt if it is a QEMU monitor event (ok), with an
// error if its body is malformed.
func decodeQEMUEvent(pkt []byte) (ev qemuEvent, ok bool, err error) {
	program := binary.BigEndian.Uint32(pkt[4:])
	procedure := binary.BigEndian.Uint32(pkt[12:])
	if program != qemuProgram || procedure != qemuProcMonitorEvent {
		return qemuEvent{}, false, nil
	}
	d := xdrReader{buf: pkt[headerSize:]}
	ev.callbackID = int32(d.uint32())
	ev.domain = d.string() // remote_nonnull_domain: name, uuid[16], id
	d.skip(16 + 4)
	ev.name = d.string()
	ev.seconds = uint64(d.uint32())<<32 | uint64(d.uint32())
	ev.micros = d.uint32()
	if ev.hasDetails = d.uint32() != 0; ev.hasDetails {
		ev.details = d.string()
	}
	return ev, true, d.err
}

// xdrReader reads XDR items, remembering the first error.
type xdrReader struct {
	buf []byte
	err error
}

var errShort = errors.New("libvirt: QEMU event message too short")

func (d *xdrReader) skip(n int) []byte {
	if d.err != nil {
		return nil
	}
	if n < 0 || n > len(d.buf) {
		d.err = errShort
		return nil
	}
	b := d.buf[:n]
	d.buf = d.buf[n:]
	return b
}

func (d *xdrReader) uint32() uint32 {
	b := d.skip(4)
	if b == nil {
		return 0
	}
	return binary.BigEndian.Uint32(b)
}

func (d *xdrReader) string() string {
	n := int(d.uint32())
	s := string(d.skip(n))
	d.skip((4 - n%4) % 4)
	return s
}
