package wirelog

import "testing"

// The requests qmpdash sends by itself are told from the user's by their
// wire JSON alone, as a log reader sees them.
func TestIsAutomatic(t *testing.T) {
	auto := `{"execute":"query-status","id":` + string(AutoID("query-status", 7)) + `}`
	tests := map[string]bool{
		auto:                             true,
		`{"execute":"qmp_capabilities"}`: true,
		`{"execute":"guest-sync-delimited","arguments":{"id":1}}`: true,
		`{"execute":"query-status","id":"c3"}`:                    false,
		`{"execute":"query-status","id":"autox"}`:                 false,
		`{"execute":"query-status"}`:                              false,
		`{"exec-oob":"migrate-pause","id":"auto:x:1"}`:            true,
	}
	for req, want := range tests {
		if got := IsAutomatic([]byte(req)); got != want {
			t.Errorf("IsAutomatic(%s) = %v, want %v", req, got, want)
		}
	}
	if a, b := string(AutoID("stop", 1)), string(AutoID("stop", 2)); a == b {
		t.Errorf("two automatic requests share the id %s", a)
	}
}
