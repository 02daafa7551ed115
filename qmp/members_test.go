package qmp

import (
	"testing"

	"github.com/tidwall/gjson"
)

// FuzzMembers checks members against gjson's ForEach, which decode used
// before: on every valid JSON object both must see the same keys and the
// same value text, and jsonInt must read numbers as gjson's Int does.
func FuzzMembers(f *testing.F) {
	f.Add(`{"timestamp": {"seconds": 1, "microseconds": 2}, "event": "STOP", "data": {"a": [1, "x\"}"]}}`)
	f.Add(` { "ev\u0065nt" : "A\\" , "n":-1.5e3,"i":-0,"j":123456789012345678,"k":1234567890123456789012,"t":true,"z":null,"e":{},"l":[] } `)
	f.Add(`{"id": {"a": [1, "x"]}, "error": {}}`)
	f.Fuzz(func(t *testing.T, s string) {
		if TooDeep([]byte(s)) || !gjson.Valid(s) || !isObject([]byte(s)) {
			return
		}
		var want []string
		gjson.Parse(s).ForEach(func(k, v gjson.Result) bool {
			want = append(want, k.Str, v.Raw)
			if v.Type == gjson.Number && jsonInt([]byte(v.Raw)) != v.Int() {
				t.Fatalf("jsonInt(%s) = %d, gjson %d", v.Raw, jsonInt([]byte(v.Raw)), v.Int())
			}
			return true
		})
		var got []string
		for k, v := range members([]byte(s)) {
			got = append(got, k, string(v))
		}
		if len(got) != len(want) {
			t.Fatalf("members = %q, ForEach = %q", got, want)
		}
		for i := range got {
			if got[i] != want[i] {
				t.Fatalf("members = %q, ForEach = %q", got, want)
			}
		}
	})
}
