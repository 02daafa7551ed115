package remote_test

import (
	"testing"

	"github.com/qmpdash/qmpdash/app/transport/remote"
)

func TestParseSSH(t *testing.T) {
	tests := []struct {
		in   string
		want remote.SSHAddress
		err  bool
	}{
		{in: "ssh://vmhost/run/qemu/a.sock", want: remote.SSHAddress{Host: "vmhost", Path: "/run/qemu/a.sock"}},
		{in: "ssh://admin@vmhost:2222/run/a.sock", want: remote.SSHAddress{User: "admin", Host: "vmhost", Port: "2222", Path: "/run/a.sock"}},
		{in: "ssh://[::1]:22/run/*.sock", want: remote.SSHAddress{Host: "::1", Port: "22", Path: "/run/*.sock"}},
		{in: "ssh://vmhost", err: true},
		{in: "ssh://vmhost/", err: true},
		{in: "ssh:///run/a.sock", err: true},
		{in: "ssh://u:secret@vmhost/run/a.sock", err: true},
		{in: "ssh://vmhost:0/run/a.sock", err: true},
		{in: "tls://vmhost:4444", err: true},
	}
	for _, tt := range tests {
		got, err := remote.ParseSSH(tt.in)
		if (err != nil) != tt.err || got != tt.want {
			t.Errorf("ParseSSH(%q) = %+v, %v", tt.in, got, err)
			continue
		}
		if err == nil && got.String() != tt.in {
			t.Errorf("%+v.String() = %q, want %q", got, got.String(), tt.in)
		}
	}
}

func TestParseTLS(t *testing.T) {
	tests := map[string]string{
		"tls://vm.example:4444":   "vm.example:4444",
		"tls://[2001:db8::1]:443": "[2001:db8::1]:443",
		"tls://vm.example":        "",
		"tls://vm.example:4444/x": "",
		"tls://:4444":             "",
		"tls://u@vm.example:4444": "",
		"ssh://vm.example/x":      "",
	}
	for in, want := range tests {
		got, err := remote.ParseTLS(in)
		if got != want || (err != nil) != (want == "") {
			t.Errorf("ParseTLS(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
}

func TestScheme(t *testing.T) {
	tests := map[string]string{"ssh://h/x": "ssh", "tls://h:1": "tls", "/run/a://b": "", "unix:/x": "", "h:1": ""}
	for in, want := range tests {
		if got := remote.Scheme(in); got != want {
			t.Errorf("Scheme(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestTLSFilesOr(t *testing.T) {
	flags := remote.TLSFiles{ServerName: "from-flag", CA: "flag-ca.pem"}
	vm := remote.TLSFiles{CA: "vm-ca.pem", Cert: "vm-cert.pem", Key: "vm-key.pem", ServerName: "from-vm"}
	want := remote.TLSFiles{CA: "flag-ca.pem", Cert: "vm-cert.pem", Key: "vm-key.pem", ServerName: "from-flag"}
	if got := flags.Or(vm); got != want {
		t.Fatalf("Or = %+v, want %+v", got, want)
	}
}
