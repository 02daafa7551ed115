package transport

import (
	"os"
	"path/filepath"
	"testing"
)

func TestAbsoluteAddress(t *testing.T) {
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct{ in, want string }{
		{"ro.sock", filepath.Join(wd, "ro.sock")},
		{"./run/../ro.sock", filepath.Join(wd, "ro.sock")},
		{"unix:ro.sock", "unix:" + filepath.Join(wd, "ro.sock")},
		{"/run/vm1.sock", "/run/vm1.sock"},
		{"tcp:localhost:4444", "tcp:localhost:4444"},
		{"localhost:4444", "localhost:4444"},
		{"[::1]:4444", "[::1]:4444"},
		{"ssh://host/run/vm1.sock", "ssh://host/run/vm1.sock"},
		{"tls://host:4444", "tls://host:4444"},
	}
	for _, tc := range tests {
		if got := AbsoluteAddress(tc.in); got != tc.want {
			t.Errorf("AbsoluteAddress(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
