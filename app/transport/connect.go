package transport

import (
	"cmp"
	"context"
	"fmt"
	"time"

	"github.com/qmpdash/qmpdash/qmp"
)

// Protocol is the dialect the user asked for.
type Protocol int

const (
	// ProtocolAuto tells QMP from the guest agent on the connection (see
	// qmp.ModeAuto): a greeting's first bytes within a second make it QMP,
	// silence makes it the guest agent.
	ProtocolAuto Protocol = iota
	ProtocolQMP
	ProtocolGuestAgent
)

// DefaultConnectTimeout bounds one connection attempt, connecting and the
// handshake together, when Dialer.Timeout is zero.
const DefaultConnectTimeout = 5 * time.Second

// Connect dials addr in the requested dialect with the zero Dialer: ssh://
// addresses through remote.DefaultPool, tls:// ones verified against the
// system roots.
func Connect(ctx context.Context, addr string, p Protocol, opts qmp.Options) (*qmp.Client, error) {
	return Dialer{}.Connect(ctx, addr, p, opts)
}

// Connect dials addr in the requested dialect, within the Dialer's timeout.
func (d Dialer) Connect(ctx context.Context, addr string, p Protocol, opts qmp.Options) (*qmp.Client, error) {
	name, dial, err := d.dialFunc(addr)
	if err != nil {
		return nil, err
	}
	switch p {
	case ProtocolQMP:
		opts.Mode = qmp.ModeQMP
	case ProtocolGuestAgent:
		opts.Mode = qmp.ModeGuestAgent
	default:
		opts.Mode = qmp.ModeAuto
	}
	ctx, cancel := context.WithTimeout(ctx, cmp.Or(d.Timeout, DefaultConnectTimeout))
	defer cancel()
	c, err := qmp.DialWith(ctx, name, dial, opts)
	if hint := libvirtHint(addr); err != nil && hint != "" {
		return nil, fmt.Errorf("%w; %s", err, hint)
	}
	return c, err
}
