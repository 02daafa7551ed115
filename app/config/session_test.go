package config

import (
	"slices"
	"testing"
	"time"

	"github.com/qmpdash/qmpdash/app/send"
	"github.com/qmpdash/qmpdash/app/session"
	"github.com/qmpdash/qmpdash/app/store"
	"github.com/qmpdash/qmpdash/app/transport"
	"github.com/qmpdash/qmpdash/app/transport/remote"
	"github.com/qmpdash/qmpdash/qmp"
)

const sessionConfigText = `confirm = ["quit"]
[timeouts]
default = "45s"
migrate = "5m"
[limits]
events_bytes = "64MiB"
[events]
trouble = ["WATCHDOG"]
[[vm]]
name = "prod"
address = "/run/prod.sock"
mode = "qga"
read_only = true
tls_ca = "/etc/ca.pem"
[[vm]]
name = "lab"
address = "/run/lab.sock"
`

func TestSessionForTakesTheFileSettings(t *testing.T) {
	cfg, err := Parse("c.toml", []byte(sessionConfigText))
	if err != nil {
		t.Fatal(err)
	}
	prod, _ := cfg.VM("prod")
	s := cfg.SessionFor(prod, SessionOverrides{})
	switch {
	case s.Name != "prod" || s.Addr != "/run/prod.sock" || s.Protocol != transport.ProtocolGuestAgent:
		t.Fatalf("VM: %q %q %v", s.Name, s.Addr, s.Protocol)
	case !s.Policy.ReadOnly || !slices.Equal(s.Policy.Confirm, []string{"quit"}):
		t.Fatalf("policy = %+v", s.Policy)
	case s.CommandTimeout != 45*time.Second || s.Timeouts["migrate"] != 5*time.Minute:
		t.Fatalf("timeouts = %v %v", s.CommandTimeout, s.Timeouts)
	case s.EventLimits.Bytes != 64<<20 || s.EventLimits.Count != 0:
		t.Fatalf("event limits = %+v", s.EventLimits)
	case s.Dialer.TLS.CA != "/etc/ca.pem" || s.Dialer.Timeout != 0:
		t.Fatalf("dialer = %+v", s.Dialer)
	case s.Trouble == nil || !s.Trouble.Match(&qmp.Event{Name: "WATCHDOG"}) || s.Trouble.Match(&qmp.Event{Name: "BLOCK_IO_ERROR"}):
		t.Fatal("the [events] trouble rules are not the session's")
	case s.Cache == nil || s.Cache.Dir == "":
		t.Fatal("no schema cache")
	}
	lab, _ := cfg.VM("lab")
	if s := cfg.SessionFor(lab, SessionOverrides{}); s.Policy.ReadOnly || s.Protocol != transport.ProtocolAuto {
		t.Fatalf("lab: read-only %v, protocol %v", s.Policy.ReadOnly, s.Protocol)
	}
}

func TestSessionForOverrides(t *testing.T) {
	cfg, err := Parse("c.toml", []byte(sessionConfigText))
	if err != nil {
		t.Fatal(err)
	}
	prod, _ := cfg.VM("prod")
	lab, _ := cfg.VM("lab")
	o := SessionOverrides{Protocol: transport.ProtocolQMP, ReadOnly: true, TLS: remote.TLSFiles{Cert: "/me.pem"},
		ConnectTimeout: time.Second, EventCount: 7, Docs: session.DocSources{Kind: "qga"}}
	s := cfg.SessionFor(lab, o)
	switch {
	case s.Protocol != transport.ProtocolQMP || !s.Policy.ReadOnly:
		t.Fatalf("protocol %v, read-only %v", s.Protocol, s.Policy.ReadOnly)
	case s.Dialer.Timeout != time.Second || s.Dialer.TLS.Cert != "/me.pem":
		t.Fatalf("dialer = %+v", s.Dialer)
	case s.EventLimits != (store.Limits{Count: 7, Bytes: 64 << 20}) || s.Docs.Kind != "qga":
		t.Fatalf("limits %+v, docs %+v", s.EventLimits, s.Docs)
	}
	// The flags' TLS files win one by one; --read-only off keeps the VM's.
	if s := cfg.SessionFor(prod, SessionOverrides{TLS: remote.TLSFiles{Cert: "/me.pem"}}); s.Dialer.TLS.CA != "/etc/ca.pem" || s.Dialer.TLS.Cert != "/me.pem" || !s.Policy.ReadOnly {
		t.Fatalf("prod: dialer %+v, read-only %v", s.Dialer, s.Policy.ReadOnly)
	}
}

func TestSessionForWithoutAFile(t *testing.T) {
	s := (&Config{}).SessionFor(VM{}, SessionOverrides{})
	if !slices.Equal(s.Policy.Confirm, send.DefaultConfirm()) || s.CommandTimeout != 0 || len(s.Timeouts) != 0 || s.Trouble != nil || s.Policy.ReadOnly {
		t.Fatalf("defaults: %+v", s)
	}
}
