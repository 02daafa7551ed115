package qmp

import "testing"

func TestParseAddress(t *testing.T) {
	tests := []struct {
		in      string
		want    Endpoint
		wantErr bool
	}{
		{"/run/qemu/qmp.sock", Endpoint{"unix", "/run/qemu/qmp.sock"}, false},
		{"./qmp.sock", Endpoint{"unix", "./qmp.sock"}, false},
		{"qmp.sock", Endpoint{"unix", "qmp.sock"}, false},
		{"unix:/tmp/q.sock", Endpoint{"unix", "/tmp/q.sock"}, false},
		{"tcp:localhost:4444", Endpoint{"tcp", "localhost:4444"}, false},
		{"127.0.0.1:4444", Endpoint{"tcp", "127.0.0.1:4444"}, false},
		{"[::1]:4444", Endpoint{"tcp", "[::1]:4444"}, false},
		{"tcp:[::1]:4444", Endpoint{"tcp", "[::1]:4444"}, false},
		{"tcp::4444", Endpoint{"tcp", "localhost:4444"}, false},
		{"", Endpoint{}, true},
		{"unix:", Endpoint{}, true},
		{"tcp:localhost", Endpoint{}, true},
		{"host:http", Endpoint{}, true},
		{"host:0", Endpoint{}, true},
		{"host:70000", Endpoint{}, true},
		{"ssh://host/run/qmp.sock", Endpoint{}, true},
		{"tls://host:4444", Endpoint{}, true},
	}
	for _, tt := range tests {
		got, err := ParseAddress(tt.in)
		if (err != nil) != tt.wantErr || got != tt.want {
			t.Errorf("ParseAddress(%q) = %v, %v; want %v, error %v", tt.in, got, err, tt.want, tt.wantErr)
		}
	}
}

func TestDefaultAddressFromEnvironment(t *testing.T) {
	t.Setenv(EnvSocket, "/tmp/from-env.sock")
	if got := DefaultAddress(); got != "/tmp/from-env.sock" {
		t.Fatalf("DefaultAddress() = %q", got)
	}
}
