package qmp

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/tidwall/gjson"
)

// oldVerdict is how decode judged a message before scanMessage: TooDeep,
// then gjson.Valid, then a look at the first byte.
func oldVerdict(s string) scanVerdict {
	switch {
	case TooDeep([]byte(s)):
		return scanTooDeep
	case !gjson.Valid(s):
		return scanInvalid
	case strings.TrimLeft(s, " \t\r\n")[0] != '{':
		return scanNotObject
	}
	return scanObject
}

// scanSeeds are tricky inputs for FuzzScanMessage and TestScanMessage.
var scanSeeds = []string{
	`{"timestamp": {"seconds": 1, "microseconds": 2}, "event": "STOP", "data": {"a": [1, "x\"}"]}}`,
	` { "ev\u0065nt" : "A\\" , "n":-1.5e3,"i":-0,"j":123456789012345678,"k":1234567890123456789012,"t":true,"z":null,"e":{},"l":[] } `,
	`{"id": {"a": [1, "x"]}, "error": {}}`,
	`{"a": 01}`, `{"a": -}`, `{"a": -01}`, `{"a": 1.}`, `{"a": .5}`, `{"a": 1e}`, `{"a": 1e+}`, `{"a": 1E-7}`, `{"a": 1.5e+07}`, `{"a": +1}`,
	`{"a": 1,}`, `{"a": [1,]}`, `{,}`, `[,]`, `{"a" 1}`, `{"a":}`, `{"a":1 "b":2}`, `{"a":1}}`, `{"a":1}]`, `{"a":[1}`, `{"a":{"b":1]}`,
	"{\"a\": \"\x01\"}", "{\"a\": \"\x7f\xff\"}", "{\"a\t\": 1}", "{\"a\": \"\\x\"}", `{"a": "\u12"}`, `{"a": "\u12G4"}`, `{"\u00e9\n": "\ud800"}`, `{"a": "\/"}`,
	`{"a": tru}`, `{"a": truex}`, `{"a": nul}`, `{"a": falsey}`, `{"a": [true,false,null]}`,
	"", " ", "\t\r\n", `{`, `{"`, `{"a`, `{"a"`, `{"a":`, `{"a":"`, `{"a":"\`, `[`, `"`, `-`, `1`, `-0`, `01`, `1e5`, `true`, `null`, `"s"`, `[]`, `{}`, ` {} `, `{} x`, `{}{}`, `[] ]`,
	strings.Repeat("[", MaxNesting) + strings.Repeat("]", MaxNesting),
	strings.Repeat("[", MaxNesting+1) + strings.Repeat("]", MaxNesting+1),
	`{"a":` + strings.Repeat("[", MaxNesting-1) + strings.Repeat("]", MaxNesting-1) + `}`,
	`{"a":` + strings.Repeat("[", MaxNesting) + strings.Repeat("]", MaxNesting) + `}`,
	`{"a":` + strings.Repeat(`{"b":`, MaxNesting-1) + `1` + strings.Repeat("}", MaxNesting) + `,"c":2}`,
	`x` + strings.Repeat("[", MaxNesting+1),
	`{"seconds": 1700000000, "microseconds": 250}`, `{"seconds": -1, "microseconds": -1}`, `{"seconds": 1,"microseconds": 2}`,
	`{"seconds": 1, "microseconds": 2, "seconds": 3}`, `{"seconds": 1e3, "microseconds": 2.5}`, `{"seconds": 12345678901234567890, "microseconds": 0}`,
	`{"seconds": -0, "microseconds": 999999999999999999}`, `{"seconds": "1", "microseconds": 2}`, `{"microseconds": 2, "seconds": 1}`,
	`{"a": 1 x ` + strings.Repeat("{", MaxNesting+1),
}

// FuzzScanMessage checks scanMessage against what decode used before it:
// the same verdict as TooDeep, gjson.Valid and the first byte; on a valid
// object the same members as gjson's ForEach, keys unescaped and values'
// text alike; jsonInt reading numbers as gjson's Int does; and qemuTime
// reading a timestamp as its members read by gjson say.
func FuzzScanMessage(f *testing.F) {
	for _, s := range scanSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var got []string
		verdict := scanMessage([]byte(s), func(k string, v []byte) { got = append(got, k, string(v)) })
		if want := oldVerdict(s); verdict != want {
			t.Fatalf("scanMessage(%q) = %v, want %v", s, verdict, want)
		}
		if verdict == scanNotObject && qemuTime([]byte(s)) != time.Unix(0, 0) {
			t.Fatalf("qemuTime(%s) = %v, want the epoch", s, qemuTime([]byte(s)))
		}
		if verdict != scanObject {
			return
		}
		var want []string
		var sec, usec int64
		gjson.Parse(s).ForEach(func(k, v gjson.Result) bool {
			want = append(want, k.Str, v.Raw)
			switch k.Str {
			case "seconds":
				sec = v.Int()
			case "microseconds":
				usec = v.Int()
			}
			if v.Type == gjson.Number && jsonInt([]byte(v.Raw)) != v.Int() {
				t.Fatalf("jsonInt(%s) = %d, gjson %d", v.Raw, jsonInt([]byte(v.Raw)), v.Int())
			}
			return true
		})
		if !slices.Equal(got, want) {
			t.Fatalf("members = %q, ForEach = %q", got, want)
		}
		wantTime := time.Unix(sec, usec*1000)
		if sec < 0 || usec < 0 {
			wantTime = time.Time{}
		}
		if got := qemuTime([]byte(s)); got != wantTime {
			t.Fatalf("qemuTime(%s) = %v, want %v", s, got, wantTime)
		}
	})
}

func TestScanMessage(t *testing.T) {
	for _, s := range scanSeeds {
		if got, want := scanMessage([]byte(s), func(string, []byte) {}), oldVerdict(s); got != want {
			t.Errorf("scanMessage(%.60q) = %v, want %v", s, got, want)
		}
	}
}

func TestScanMessageDoesNotAllocate(t *testing.T) {
	msg := []byte(`{"timestamp": {"seconds": 1700000000, "microseconds": 250}, "event": "X", "data": {"a": [1, {"b": null}]}}`)
	n := 0
	if allocs := testing.AllocsPerRun(100, func() { scanMessage(msg, func(string, []byte) { n++ }) }); allocs != 0 {
		t.Fatalf("scanMessage allocates %v times", allocs)
	}
	var names nameTable
	if allocs := testing.AllocsPerRun(100, func() { decode(msg, now(), &names) }); allocs != 0 {
		t.Fatalf("decode allocates %v times", allocs)
	}
}
