package history

import "testing"

func TestCarriesSecret(t *testing.T) {
	for _, c := range []struct {
		line string
		hmp  bool
		want bool
	}{
		{"object-add qom-type=secret id=s0 data=x", false, true},
		{"blockdev-add driver=luks key-secret=s0", false, true},
		{"change-vnc-password password=abc", false, true},
		{"set_password protocol=vnc password=x", false, true},
		{"hmp object_add secret,id=s0,data=hunter2", false, true},
		{"hmp set_password vnc hunter2", false, true},
		{"hmp change vnc password hunter2", false, true},
		{`{"execute": "object-add", "arguments": {"qom-type": "\u0073ecret", "id": "s0", "data": "hunter2"}}`, false, true},
		{`{"execute": "set_password", "arguments": {"protocol": "vnc", "\u0070assword": "hunter2"}}`, false, true},
		{`{"execute": "human-monitor-command", "arguments": {"command-line": "set_p\u0061ssword vnc x"}}`, false, true},
		{"object_add secret,id=s0,data=hunter2", true, true},
		{"set_password vnc hunter2", true, true},
		{"change vnc password hunter2", true, true},
		{`x-unknown {"\u0070assword": 1`, false, true},
		{"guest-set-user-password username=root password=aGk= crypted=false", false, true},
		{"query-status", false, false},
		{"block_resize device=d0 size=1024", false, false},
		{"hmp info block", false, false},
		{"info status", true, false},
		{"send-key keys=[{\"type\":\"qcode\",\"data\":\"a\"}]", false, false},
	} {
		if got := CarriesSecret(c.line, c.hmp); got != c.want {
			t.Errorf("CarriesSecret(%q, hmp=%v) = %v, want %v", c.line, c.hmp, got, c.want)
		}
	}
}
