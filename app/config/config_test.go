package config

import (
	"errors"
	"path/filepath"
	"testing"

	"github.com/qmpdash/qmpdash/app/transport"
	"github.com/qmpdash/qmpdash/app/transport/remote"
)

const goodConfig = `# my VMs
[[vm]]
name = "web1"
address = "/run/qemu/web1.sock"

[[vm]]
name = "agent"
address = "unix:/run/qemu/web1-qga.sock"
mode = "qga"
log = "~/qga.jsonl"
`

func TestParse(t *testing.T) {
	cfg, err := Parse("config.toml", []byte(goodConfig))
	if err != nil {
		t.Fatal(err)
	}
	if len(cfg.VMs) != 2 || cfg.VMs[0].Protocol() != transport.ProtocolAuto || cfg.VMs[1].Protocol() != transport.ProtocolGuestAgent {
		t.Fatalf("config = %+v", cfg)
	}
	if vm, ok := cfg.VM("agent"); !ok || filepath.Base(vm.Log) != "qga.jsonl" || vm.Log[0] != '/' {
		t.Fatalf("agent = %+v", vm)
	}
}

func TestErrorsNameFileLineAndKey(t *testing.T) {
	tests := []struct {
		name, text, want string
	}{
		{"unknown key", "[[vm]]\nname = \"a\"\naddres = \"/x\"\n", "c.toml:3:1: vm.addres: unknown key"},
		{"syntax", "[[vm]]\nname = \"a\n", "c.toml:2:"},
		{"missing name", "[[vm]]\naddress = \"/x\"\n", "c.toml:1: vm[0].name: every [[vm]] needs a name"},
		{"duplicate", "[[vm]]\nname = \"a\"\naddress = \"/x\"\n[[vm]]\nname = \"a\"\naddress = \"/y\"\n", `c.toml:5: vm[1].name: "a" is already the name of vm[0]`},
		{"bad address", "[[vm]]\nname = \"a\"\naddress = \"tcp:host\"\n", "c.toml:3: vm[0].address: qmp: address"},
		{"bad mode", "[[vm]]\nname = \"a\"\naddress = \"/x\"\nmode = \"serial\"\n", `c.toml:4: vm[0].mode: "serial": use`},
		{"wrong type", "[[vm]]\nname = 5\n", "c.toml:2:"},
		{"ssh without path", "[[vm]]\nname = \"a\"\naddress = \"ssh://host\"\n", "c.toml:3: vm[0].address: address \"ssh://host\": want ssh://"},
		{"tls without port", "[[vm]]\nname = \"a\"\naddress = \"tls://host\"\n", "c.toml:3: vm[0].address: address \"tls://host\": no port"},
		{"unknown scheme", "[[vm]]\nname = \"a\"\naddress = \"http://host/x\"\n", "c.toml:3: vm[0].address: qmp: address \"http://host/x\": http://"},
	}
	for _, tt := range tests {
		_, err := Parse("c.toml", []byte(tt.text))
		var cerr *Error
		if !errors.As(err, &cerr) || len(err.Error()) < len(tt.want) || err.Error()[:len(tt.want)] != tt.want {
			t.Errorf("%s: err = %v, want prefix %q", tt.name, err, tt.want)
		}
	}
}

func TestMissingConfigIsEmpty(t *testing.T) {
	cfg, err := Load(filepath.Join(t.TempDir(), "none.toml"))
	if err != nil || len(cfg.VMs) != 0 {
		t.Fatalf("%+v %v", cfg, err)
	}
}

func FuzzParse(f *testing.F) {
	f.Add([]byte(goodConfig))
	f.Add([]byte("[[vm]]\nname = \"a\"\n[[vm]]\n[[x]]\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		cfg, err := Parse("f.toml", data)
		var cerr *Error
		if err != nil && !errors.As(err, &cerr) {
			t.Fatalf("error is not an *Error: %v", err)
		}
		if err == nil {
			for _, vm := range cfg.VMs {
				if vm.Name == "" || vm.Address == "" {
					t.Fatalf("accepted an incomplete entry: %+v", vm)
				}
			}
		}
	})
}

func TestConfigRemoteVMs(t *testing.T) {
	cfg, err := Parse("c.toml", []byte(`
[[vm]]
name = "far"
address = "ssh://admin@vmhost/run/qemu/far.sock"

[[vm]]
name = "secure"
address = "tls://vm.example:4444"
tls_ca = "~/pki/ca-cert.pem"
tls_cert = "/etc/pki/client-cert.pem"
tls_key = "/etc/pki/client-key.pem"
tls_server_name = "monitor.example"
`))
	if err != nil {
		t.Fatal(err)
	}
	secure, _ := cfg.VM("secure")
	files := secure.TLS()
	if files.CA[0] != '/' || filepath.Base(files.CA) != "ca-cert.pem" || files.Cert != "/etc/pki/client-cert.pem" ||
		files.Key != "/etc/pki/client-key.pem" || files.ServerName != "monitor.example" {
		t.Fatalf("TLS = %+v", files)
	}
	if far, _ := cfg.VM("far"); far.TLS() != (remote.TLSFiles{}) {
		t.Fatalf("far TLS = %+v", far.TLS())
	}
}
