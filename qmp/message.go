package qmp

import (
	"bytes"
	"encoding/json"
	"strconv"
	"time"

	"github.com/tidwall/gjson"
)

// Version is a QEMU version from the greeting.
type Version struct {
	Major, Minor, Micro int
}

// String renders "major.minor.micro".
func (v Version) String() string {
	return strconv.Itoa(v.Major) + "." + strconv.Itoa(v.Minor) + "." + strconv.Itoa(v.Micro)
}

// Greeting is the server's first message. Guest-agent connections have none
// and leave it zero.
type Greeting struct {
	Version Version
	// Package is the build's package string, e.g. "Debian 1:7.2+dfsg-7".
	Package string
	// Capabilities lists what the server offers, e.g. ["oob"].
	Capabilities []string
	// Raw is the greeting as received.
	Raw []byte
}

// Has reports whether the server offers the capability.
func (g Greeting) Has(capability string) bool {
	for _, c := range g.Capabilities {
		if c == capability {
			return true
		}
	}
	return false
}

// Event is an asynchronous event pushed by the server. A gap marker is an
// Event with Dropped > 0 and nothing else set: it stands where the
// subscription's queue lost that many events.
type Event struct {
	Name string
	// Data is the event's "data" member, nil when it has none.
	Data json.RawMessage
	// Timestamp is QEMU's time for the event; zero if it sent none.
	Timestamp time.Time
	// Received is the local time the message was read.
	Received time.Time
	// Raw is the whole message as received. Data is a slice of it.
	Raw []byte
	// Dropped counts events lost just before this point (gap markers only).
	Dropped uint64
	// Seq numbers the message in the order it was read (see Response.Seq);
	// 0 for gap markers.
	Seq uint64
}

// IsGap reports whether the event is a gap marker.
func (e Event) IsGap() bool { return e.Dropped > 0 }

type msgKind int

const (
	kindGreeting msgKind = iota
	kindReturn
	kindError
	kindEvent
)

// inbound is one decoded message. All byte slices alias raw.
type inbound struct {
	kind     msgKind
	raw      []byte
	id       []byte
	ret      []byte
	errClass string
	errDesc  string
	event    Event
	greeting Greeting
	seq      uint64 // set by the reader, not by decode
}

// decode classifies one message. raw must be owned by the caller and never
// modified afterwards: the result aliases it, and gjson reads it in place.
func decode(raw []byte, received time.Time, names *nameTable) (inbound, *ProtocolError) {
	f := fields{kind: -1}
	switch scanMessage(raw, f.note) {
	case scanTooDeep:
		return inbound{}, &ProtocolError{Msg: "message nested deeper than QEMU's limit", Raw: clip(raw)}
	case scanInvalid:
		return inbound{}, &ProtocolError{Msg: "invalid JSON", Raw: clip(raw)}
	case scanNotObject:
		return inbound{}, &ProtocolError{Msg: "message is not a JSON object", Raw: clip(raw)}
	}
	if f.kind < 0 {
		return inbound{}, &ProtocolError{Msg: "message has none of QMP, return, error or event", Raw: clip(raw)}
	}
	m := inbound{kind: f.kind, raw: raw, id: f.id, ret: f.ret}
	if f.greeting != nil {
		m.greeting = parseGreeting(gjson.Parse(view(f.greeting)), raw)
	}
	if f.err != nil {
		e := gjson.Parse(view(f.err))
		m.errClass = e.Get("class").String()
		m.errDesc = e.Get("desc").String()
	}
	if f.event != nil {
		m.event.Name = names.intern(text(f.event))
	}
	m.event.Data = f.data
	if f.timestamp != nil {
		m.event.Timestamp = qemuTime(f.timestamp)
	}
	if m.kind == kindEvent {
		m.event.Received = received
		m.event.Raw = raw
	}
	return m, nil
}

// fields holds the values of the members decode reads, slices of the
// message; of a member repeated, the last wins, and the kind is that of
// the last member that names one.
type fields struct {
	kind                      msgKind // -1 until a member names it
	greeting, ret, err, event []byte
	data, timestamp, id       []byte
}

// note records one member; it is scanMessage's callback.
func (f *fields) note(key string, v []byte) {
	switch key {
	case "QMP":
		f.kind, f.greeting = kindGreeting, v
	case "return":
		f.kind, f.ret = kindReturn, v
	case "error":
		f.kind, f.err = kindError, v
	case "event":
		f.kind, f.event = kindEvent, v
	case "data":
		f.data = v
	case "timestamp":
		f.timestamp = v
	case "id":
		f.id = v
	}
}

func parseGreeting(v gjson.Result, raw []byte) Greeting {
	q := v.Get("version.qemu")
	g := Greeting{
		Version: Version{int(q.Get("major").Int()), int(q.Get("minor").Int()), int(q.Get("micro").Int())},
		Package: v.Get("version.package").String(),
		Raw:     raw,
	}
	for _, c := range v.Get("capabilities").Array() {
		g.Capabilities = append(g.Capabilities, c.String())
	}
	return g
}

// qemuTime converts {"seconds": s, "microseconds": us}; QEMU sends -1 for
// both when its clock failed. v must be valid JSON.
func qemuTime(v []byte) time.Time {
	sec, usec, ok := qemuTimeAsSent(v)
	if !ok {
		sec, usec = 0, 0
		scanMessage(v, func(key string, x []byte) {
			switch key {
			case "seconds":
				sec = jsonInt(x)
			case "microseconds":
				usec = jsonInt(x)
			}
		})
	}
	if sec < 0 || usec < 0 {
		return time.Time{}
	}
	return time.Unix(sec, usec*1000)
}

// qemuTimeAsSent reads v if it is spelt exactly as QEMU spells every
// timestamp, which spares a scan of it.
func qemuTimeAsSent(v []byte) (sec, usec int64, ok bool) {
	rest, ok := bytes.CutPrefix(v, []byte(`{"seconds": `))
	if !ok {
		return 0, 0, false
	}
	comma := bytes.IndexByte(rest, ',')
	if comma < 0 {
		return 0, 0, false
	}
	if sec, ok = plainInt(rest[:comma]); !ok {
		return 0, 0, false
	}
	if rest, ok = bytes.CutPrefix(rest[comma:], []byte(`, "microseconds": `)); !ok {
		return 0, 0, false
	}
	if rest, ok = bytes.CutSuffix(rest, []byte(`}`)); !ok {
		return 0, 0, false
	}
	usec, ok = plainInt(rest)
	return sec, usec, ok
}

// jsonInt is the JSON number n as gjson's Result.Int has it.
func jsonInt(n []byte) int64 {
	if i, ok := plainInt(n); ok {
		return i
	}
	return gjson.Parse(view(n)).Int()
}

// plainInt reads n if it is an integer of up to 18 digits, all QEMU sends,
// with an optional '-'; it skips gjson's float parsing.
func plainInt(n []byte) (int64, bool) {
	digits := n
	if len(n) > 0 && n[0] == '-' {
		digits = n[1:]
	}
	if len(digits) == 0 || len(digits) > 18 {
		return 0, false
	}
	var i int64
	for _, c := range digits {
		if c < '0' || c > '9' {
			return 0, false
		}
		i = i*10 + int64(c-'0')
	}
	if len(digits) < len(n) {
		return -i, true
	}
	return i, true
}

// clip bounds what a protocol error keeps of a hostile message.
func clip(b []byte) []byte {
	const max = 512
	if len(b) > max {
		b = b[:max]
	}
	return b
}

// nameTable interns event names so steady-state events allocate no name.
// It is used by the reader goroutine only.
type nameTable struct {
	m map[string]string
}

const maxInternedNames = 4096

func (t *nameTable) intern(s string) string {
	if n, ok := t.m[s]; ok {
		return n
	}
	n := string([]byte(s)) // detach from the message buffer
	if t.m == nil {
		t.m = make(map[string]string)
	}
	if len(t.m) < maxInternedNames {
		t.m[n] = n
	}
	return n
}
