package app

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/qmpdash/qmpdash/qmp"
)

// Protocol is the dialect the user asked for.
type Protocol int

const (
	// ProtocolAuto tries QMP and falls back to the guest agent when no
	// greeting comes: qemu-ga never sends one.
	ProtocolAuto Protocol = iota
	ProtocolQMP
	ProtocolGuestAgent
)

// greetingGrace is how long auto-detection waits for a QMP greeting; QEMU
// greets at once, so a silent socket is most likely a guest agent.
const greetingGrace = time.Second

// Connect dials addr in the requested dialect with the zero Dialer: ssh://
// addresses through remote.DefaultPool, tls:// ones verified against the
// system roots.
func Connect(ctx context.Context, addr string, p Protocol, opts qmp.Options) (*qmp.Client, error) {
	return Dialer{}.Connect(ctx, addr, p, opts)
}

// Connect dials addr in the requested dialect. With ProtocolAuto a missing
// greeting leads to a second attempt in guest-agent mode, and an error that
// names both possibilities if that fails too.
func (d Dialer) Connect(ctx context.Context, addr string, p Protocol, opts qmp.Options) (*qmp.Client, error) {
	name, dial, err := d.dialFunc(addr)
	if err != nil {
		return nil, err
	}
	switch p {
	case ProtocolQMP:
		opts.Mode = qmp.ModeQMP
		return qmp.DialWith(ctx, name, dial, opts)
	case ProtocolGuestAgent:
		opts.Mode = qmp.ModeGuestAgent
		return qmp.DialWith(ctx, name, dial, opts)
	}
	first := opts
	first.Mode = qmp.ModeQMP
	if first.HandshakeTimeout == 0 || first.HandshakeTimeout > greetingGrace {
		first.HandshakeTimeout = greetingGrace
	}
	c, err := qmp.DialWith(ctx, name, dial, first)
	var cerr *qmp.ConnError
	if err == nil || !errors.As(err, &cerr) || cerr.Op != "greeting" || ctx.Err() != nil {
		return c, err
	}
	opts.Mode = qmp.ModeGuestAgent
	c, gaErr := qmp.DialWith(ctx, name, dial, opts)
	if gaErr != nil {
		return nil, fmt.Errorf("%s: no QMP greeting within %v and no guest-agent sync reply: "+
			"another client may hold this monitor, or it is not a QMP or qemu-ga socket (%w)", addr, greetingGrace, gaErr)
	}
	return c, nil
}
