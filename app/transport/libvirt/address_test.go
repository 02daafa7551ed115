package libvirt

import "testing"

func TestParse(t *testing.T) {
	for _, tc := range []struct {
		addr string
		want Address
	}{
		{"libvirt:///system", Address{}},
		{"libvirt:///system/", Address{}},
		{"libvirt:///system/web1", Address{Domain: "web1"}},
		{"libvirt:///system/web1?socket=/run/libvirt/virtqemud-sock", Address{Domain: "web1", Socket: "/run/libvirt/virtqemud-sock"}},
		{"libvirt+ssh://host/system", Address{Remote: true, Host: "host"}},
		{"libvirt+ssh://ops@host:2222/system/db", Address{Remote: true, User: "ops", Host: "host", Port: "2222", Domain: "db"}},
	} {
		got, err := Parse(tc.addr)
		if err != nil || got != tc.want {
			t.Errorf("Parse(%q) = %+v, %v; want %+v", tc.addr, got, err, tc.want)
			continue
		}
		if again, err := Parse(got.String()); err != nil || again != got {
			t.Errorf("Parse(%q.String() = %q) = %+v, %v", tc.addr, got.String(), again, err)
		}
	}
}

func TestParseRefuses(t *testing.T) {
	for _, addr := range []string{
		"libvirt://host/system",
		"libvirt:///session",
		"libvirt:///systemx",
		"libvirt:///system/a/b",
		"libvirt+ssh:///system",
		"libvirt:///system?socket=relative",
		"libvirt:///system?mode=legacy",
		"qemu:///system",
	} {
		if a, err := Parse(addr); err == nil {
			t.Errorf("Parse(%q) = %+v, want an error", addr, a)
		}
	}
}

func TestSSHAddress(t *testing.T) {
	a, err := Parse("libvirt+ssh://ops@host:2222/system/db")
	if err != nil {
		t.Fatal(err)
	}
	if got, want := a.sshAddress("/run/libvirt/libvirt-sock"), "ssh://ops@host:2222/run/libvirt/libvirt-sock"; got != want {
		t.Errorf("sshAddress = %q, want %q", got, want)
	}
}
