package config

import (
	"path/filepath"
	"time"

	"github.com/qmpdash/qmpdash/app/paths"
	"github.com/qmpdash/qmpdash/app/send"
	"github.com/qmpdash/qmpdash/app/session"
	"github.com/qmpdash/qmpdash/app/transport"
	"github.com/qmpdash/qmpdash/app/transport/remote"
	"github.com/qmpdash/qmpdash/docs"
)

// SessionOverrides are what the command line says about sessions, over
// the configuration file. Zero fields leave the file's settings as they
// are.
type SessionOverrides struct {
	// Protocol, unless transport.ProtocolAuto, wins over the VM's mode.
	Protocol transport.Protocol
	// ReadOnly sends only commands known not to change state, whatever
	// the VM's read_only says (it cannot lift a VM's read_only).
	ReadOnly bool
	// TLS files and server name win over the VM's tls_* settings, one by
	// one.
	TLS remote.TLSFiles
	// ConnectTimeout bounds connecting, handshake included (0:
	// DefaultConnectTimeout).
	ConnectTimeout time.Duration
	// EventCount is how many events each history keeps (0: the default).
	EventCount int
	// Docs says where the documentation prose comes from.
	Docs session.DocSources
}

// SessionFor is the session settings of vm: its own entry's settings
// (mode, read_only, TLS), the file's confirmations, [timeouts], [events]
// trouble rules and [limits], and the overrides over them. It is the one
// place session settings are built; the caller adds what belongs to the
// run (a session log, a tap).
func (c *Config) SessionFor(vm VM, o SessionOverrides) session.Config {
	s := session.Config{Name: vm.Name, Addr: vm.Address, Protocol: vm.Protocol(),
		Policy:  send.Policy{ReadOnly: o.ReadOnly || vm.ReadOnly, Confirm: c.ConfirmList()},
		Dialer:  transport.Dialer{TLS: o.TLS.Or(vm.TLS()), Timeout: o.ConnectTimeout},
		Cache:   &docs.Cache{Dir: filepath.Join(paths.CacheDir(), "schema")},
		Trouble: c.TroubleRules(), Docs: o.Docs}
	if o.Protocol != transport.ProtocolAuto {
		s.Protocol = o.Protocol
	}
	s.CommandTimeout, s.Timeouts = c.CommandTimeouts()
	s.EventLimits, s.CommandLimits = c.MemoryLimits()
	if o.EventCount != 0 {
		s.EventLimits.Count = o.EventCount
	}
	return s
}
