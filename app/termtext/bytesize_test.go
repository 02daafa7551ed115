package termtext

import "testing"

func TestCondenseShowsBytesHumanly(t *testing.T) {
	tests := []struct{ in, want string }{
		{`{"device": "virtio0", "size": 268435456}`, `device=virtio0 size=268435456 (256 MiB)`},
		{`{"return": {"actual": 1073741824}}`, `return.actual=1073741824 (1 GiB)`},
		{`{"data": {"device": "j0", "len": 1610612736, "offset": 512, "speed": 1048576}}`,
			`data.device=j0 data.len=1610612736 (1.5 GiB) data.offset=512 data.speed=1048576 (1 MiB/s)`},
		{`{"ram": {"total": 4294967296, "transferred": 2048, "remaining": 0, "duplicate": 4096}}`,
			`ram.total=4294967296 (4 GiB) ram.transferred=2048 (2 KiB) ram.remaining=0 ram.duplicate=4096`},
		{`{"total": 4294967296, "cluster-size": 65536, "dirty_bytes": 3072}`, `total=4294967296 cluster-size=65536 (64 KiB) dirty_bytes=3072 (3 KiB)`},
		{`{"jobs": [{"len": 2097152, "id": 7}]}`, `jobs=[{len: 2097152 (2 MiB), id: 7}]`},
		{`{"size": -1, "len": 1.5e9, "count": 1073741824}`, `size=-1 len=1.5e9 count=1073741824`},
	}
	for _, tt := range tests {
		if got := Condense([]byte(tt.in), 0); got != tt.want {
			t.Errorf("Condense(%s)\n got %s\nwant %s", tt.in, got, tt.want)
		}
	}
}

func TestHumanBytes(t *testing.T) {
	for in, want := range map[string]string{
		"1023": "", "1024": "1 KiB", "268435456": "256 MiB", "1610612736": "1.5 GiB",
		"18446744073709551615": "16 EiB", "-5": "", "abc": "",
	} {
		if got := HumanBytes(in); got != want {
			t.Errorf("HumanBytes(%s) = %q, want %q", in, got, want)
		}
	}
}

func TestFormatBytes(t *testing.T) {
	for n, want := range map[uint64]string{
		0: "0 B", 1023: "1023 B", 1024: "1.0 KiB", 3277: "3.2 KiB", 256 << 20: "256.0 MiB",
		1 << 50: "1.0 PiB", 1 << 60: "1024.0 PiB",
	} {
		if got := FormatBytes(n); got != want {
			t.Errorf("FormatBytes(%d) = %q, want %q", n, got, want)
		}
	}
}
