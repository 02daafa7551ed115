package session

import (
	"time"

	"github.com/qmpdash/qmpdash/qmp"
)

// State is a snapshot of what the status bar shows.
type State struct {
	Name, Addr string
	Conn       qmp.State
	// ConnErr is why the connection is down, if it is.
	ConnErr error
	// RetryAt is when the next connection attempt starts (zero if none).
	RetryAt time.Time
	// GaveUp is set while the user has stopped the reconnection attempts.
	GaveUp   bool
	Greeting qmp.Greeting
	Mode     qmp.Mode
	// RunState is QEMU's run state ("running", "paused", ...), "" if unknown.
	RunState     string
	SchemaSource SchemaSource
	// NotResponding is set while a request to a connected server has gone
	// unanswered past its deadline and nothing has come from it since.
	NotResponding bool
	// Booting is set while the guest is known to be still starting up
	// (see SetBooting); QEMU itself says "running" all along.
	Booting bool
	// Exited says how the QEMU qmpdash launched for this VM ended ("signal:
	// killed", "exit status 1"), "" while it runs; ExitLine is the last
	// line it wrote to stderr. No reconnection is tried then: RetryNow
	// relaunches it.
	Exited, ExitLine string
	// ShutOff is set while the VM is a libvirt domain that is not running:
	// no reconnection is tried until libvirt says it started.
	ShutOff bool
}

// Ready reports whether the monitor is connected and past its handshake:
// commands can be sent.
func (st State) Ready() bool { return st.Conn == qmp.StateReady }

// GuestAgent reports whether the endpoint is a guest agent (qemu-ga)
// rather than a QMP monitor.
func (st State) GuestAgent() bool { return st.Mode == qmp.ModeGuestAgent }

// QEMUVersion is the version the server's greeting gave ("7.2.22"), ""
// when there was none (a guest agent, or no connection yet).
func (st State) QEMUVersion() string {
	if v := st.Greeting.Version; v != (qmp.Version{}) {
		return v.String()
	}
	return ""
}
