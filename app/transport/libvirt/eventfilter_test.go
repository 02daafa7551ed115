package libvirt

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"io"
	"net"
	"testing"
)

// xdrWriter builds the XDR body of a test packet.
type xdrWriter struct{ bytes.Buffer }

func (w *xdrWriter) uint32(v uint32) { _ = binary.Write(&w.Buffer, binary.BigEndian, v) }

func (w *xdrWriter) string(s string) {
	w.uint32(uint32(len(s)))
	w.WriteString(s)
	w.Write(make([]byte, (4-len(s)%4)%4))
}

// eventPacket is a QEMU monitor event packet as libvirt sends it; details
// nil means none (a NULL optional string).
func eventPacket(name string, details *string) []byte {
	var body xdrWriter
	body.uint32(7)      // callback id
	body.string("web1") // domain name
	body.Write(make([]byte, 16))
	body.uint32(3) // domain id
	body.string(name)
	body.uint32(0)
	body.uint32(1700000000) // seconds, as a hyper
	body.uint32(250)        // microseconds
	if details == nil {
		body.uint32(0)
	} else {
		body.uint32(1)
		body.string(*details)
	}
	var pkt xdrWriter
	pkt.uint32(uint32(headerSize + body.Len()))
	for _, word := range []uint32{qemuProgram, 1, qemuProcMonitorEvent, 1, 0, 0} {
		pkt.uint32(word)
	}
	pkt.Write(body.Bytes())
	return pkt.Bytes()
}

func TestDecodeQEMUEvent(t *testing.T) {
	data := `{"guest":false,"reason":"host-qmp-system-reset"}`
	for _, tc := range []struct {
		name    string
		details *string
		want    string
	}{
		{"STOP", nil, `{"event":"STOP","timestamp":{"seconds":1700000000,"microseconds":250}}`},
		{"RESET", &data, `{"event":"RESET","data":` + data + `,"timestamp":{"seconds":1700000000,"microseconds":250}}`},
	} {
		ev, ok, err := decodeQEMUEvent(eventPacket(tc.name, tc.details))
		if !ok || err != nil {
			t.Fatalf("%s: ok %v, err %v", tc.name, ok, err)
		}
		if ev.callbackID != 7 || ev.domain != "web1" {
			t.Errorf("%s: callback %d domain %q", tc.name, ev.callbackID, ev.domain)
		}
		if got := string(eventMessage(ev)); got != tc.want {
			t.Errorf("%s: %s\nwant %s", tc.name, got, tc.want)
		}
		if !json.Valid(eventMessage(ev)) {
			t.Errorf("%s: not JSON", tc.name)
		}
	}
}

func TestDecodeQEMUEventRefusesShortBody(t *testing.T) {
	pkt := eventPacket("STOP", nil)
	pkt = pkt[:len(pkt)-4]
	if _, ok, err := decodeQEMUEvent(pkt); !ok || err == nil {
		t.Errorf("truncated event: ok %v, err %v; want a decoding error", ok, err)
	}
}

func TestEventFilterPassesOtherPackets(t *testing.T) {
	reply := eventPacket("STOP", nil)
	binary.BigEndian.PutUint32(reply[4:], 0x20008086) // the remote program
	var stream bytes.Buffer
	stream.Write(eventPacket("STOP", nil))
	stream.Write(reply)
	var got []string
	f := &eventFilter{Conn: fakeConn{r: &stream}, deliver: func(ev qemuEvent) { got = append(got, ev.name) }}
	buf := make([]byte, 8)
	var out bytes.Buffer
	for out.Len() < len(reply) {
		n, err := f.Read(buf)
		if err != nil {
			t.Fatal(err)
		}
		out.Write(buf[:n])
	}
	if !bytes.Equal(out.Bytes(), reply) || len(got) != 1 || got[0] != "STOP" {
		t.Errorf("filter passed %d bytes (want the %d of the other packet) and delivered %v", out.Len(), len(reply), got)
	}
}

// fakeConn is a net.Conn whose reads come from r; nothing else is used.
type fakeConn struct {
	net.Conn
	r io.Reader
}

func (c fakeConn) Read(p []byte) (int, error) { return c.r.Read(p) }
