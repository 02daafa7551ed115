package qmp

import (
	"strings"
	"testing"
	"time"
)

func now() time.Time { return time.Unix(1700000000, 0) }

func TestDecode(t *testing.T) {
	tests := []struct {
		name, in string
		kind     msgKind
		check    func(t *testing.T, m inbound)
	}{
		{"greeting", `{"QMP": {"version": {"qemu": {"micro": 22, "minor": 2, "major": 7}, "package": "Debian 1:7.2"}, "capabilities": ["oob"]}}`, kindGreeting,
			func(t *testing.T, m inbound) {
				g := m.greeting
				if g.Version.String() != "7.2.22" || g.Package != "Debian 1:7.2" || !g.Has("oob") || g.Has("x") {
					t.Errorf("greeting = %+v", g)
				}
			}},
		{"event", `{"timestamp": {"seconds": 1795371795, "microseconds": 458671}, "event": "RESUME", "data": {"a": [1]}}`, kindEvent,
			func(t *testing.T, m inbound) {
				e := m.event
				if e.Name != "RESUME" || string(e.Data) != `{"a": [1]}` || e.Timestamp != time.Unix(1795371795, 458671000) || !e.Received.Equal(now()) {
					t.Errorf("event = %+v", e)
				}
			}},
		{"event with failed clock", `{"timestamp": {"seconds": -1, "microseconds": -1}, "event": "X"}`, kindEvent,
			func(t *testing.T, m inbound) {
				if !m.event.Timestamp.IsZero() {
					t.Errorf("timestamp = %v, want zero", m.event.Timestamp)
				}
			}},
		{"return with id last", `{"return": {"status": "running"}, "id": "s1"}`, kindReturn,
			func(t *testing.T, m inbound) {
				if string(m.ret) != `{"status": "running"}` || string(m.id) != `"s1"` {
					t.Errorf("ret %s id %s", m.ret, m.id)
				}
			}},
		{"error with id first", `{"id": 9, "error": {"class": "CommandNotFound", "desc": "nope"}}`, kindError,
			func(t *testing.T, m inbound) {
				if m.errClass != "CommandNotFound" || m.errDesc != "nope" || string(m.id) != "9" {
					t.Errorf("error = %+v", m)
				}
			}},
		{"error without id", `{"error": {"class": "GenericError", "desc": "JSON parse error"}}`, kindError,
			func(t *testing.T, m inbound) {
				if m.id != nil {
					t.Errorf("id = %s, want none", m.id)
				}
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var names nameTable
			m, err := decode([]byte(tt.in), now(), &names)
			if err != nil {
				t.Fatal(err)
			}
			if m.kind != tt.kind {
				t.Fatalf("kind = %v, want %v", m.kind, tt.kind)
			}
			tt.check(t, m)
		})
	}
}

func TestDecodeRejects(t *testing.T) {
	for _, in := range []string{`[1,2]`, `"str"`, `{"return": `, `{"foo": 1}`, "\x00", "{\"event\": \"\xff\"}x"} {
		var names nameTable
		if _, err := decode([]byte(in), now(), &names); err == nil {
			t.Errorf("decode(%q) succeeded", in)
		}
	}
}

func TestNameTableInterns(t *testing.T) {
	var names nameTable
	a := names.intern(string([]byte("STOP")))
	b := names.intern(string([]byte("STOP")))
	if a != b {
		t.Fatal("intern mismatch")
	}
	if allocs := testing.AllocsPerRun(100, func() { names.intern("STOP") }); allocs != 0 {
		t.Fatalf("interning a known name allocates %v times", allocs)
	}
}

func TestDecodeRefusesDeepNestingWithoutRecursing(t *testing.T) {
	// 10 million levels: gjson would overflow the stack on this.
	deep := `{"return": ` + strings.Repeat("[", 10_000_000) + strings.Repeat("]", 10_000_000) + `}`
	var names nameTable
	_, err := decode([]byte(deep), now(), &names)
	if err == nil || !strings.Contains(err.Error(), "nested deeper") {
		t.Fatalf("err = %v", err)
	}
	ok := `{"return": ` + strings.Repeat("[", MaxNesting-1) + strings.Repeat("]", MaxNesting-1) + `}`
	if _, err := decode([]byte(ok), now(), &names); err != nil {
		t.Fatalf("nesting at the limit refused: %v", err)
	}
}

func TestTooDeepIgnoresBracketsInStrings(t *testing.T) {
	if TooDeep([]byte(`{"s": "` + strings.Repeat("[", 5000) + `\"["}`)) {
		t.Fatal("brackets inside a string counted as nesting")
	}
}
