package session

import (
	"github.com/qmpdash/qmpdash/app/send"
	"github.com/qmpdash/qmpdash/app/store"
	"github.com/qmpdash/qmpdash/app/transport"
)

// libvirt relays a domain's monitor as "passthrough": it marks the domain
// tainted (custom-monitor) on the first command, and a command that
// changes state behind its back can leave libvirt's idea of the domain
// wrong. The session says so once when it connects, and asks for a
// confirmation before the first command that is not a query.

// passthroughWarning is what the user is told about a libvirt domain.
const passthroughWarning = "libvirt marks this domain tainted (custom-monitor) for commands sent past it; " +
	"a command that changes state behind libvirt's back can leave libvirt's view of the domain wrong"

// PassthroughWarning says why out needs confirming on a libvirt domain:
// the warning for the first command that is not a query, "" otherwise.
func (s *Session) PassthroughWarning(out *send.Outgoing) string {
	if !transport.IsLibvirtDomain(s.cfg.Addr) || s.passthroughConfirmed.Load() || send.ReadsOnly(out.Name, out.Args) {
		return ""
	}
	return passthroughWarning
}

// notePassthrough tells, once per session, that the domain is reached
// through libvirt's passthrough.
func (s *Session) notePassthrough() {
	if transport.IsLibvirtDomain(s.cfg.Addr) && !s.passthroughNoted.Swap(true) {
		s.Notices.Add(store.Warning, s.cfg.Name+": "+passthroughWarning)
	}
}
