package transport

import (
	"context"
	"errors"
	"fmt"

	"github.com/qmpdash/qmpdash/app/transport/libvirt"
)

// expandLibvirt lists the running domains of a libvirt address naming
// none; one naming a domain stays as it is.
func (d Dialer) expandLibvirt(ctx context.Context, addr string) ([]string, error) {
	a, err := libvirt.Parse(addr)
	if err != nil || a.Domain != "" {
		return []string{addr}, err
	}
	names, err := libvirt.RunningDomains(ctx, a, d.pool())
	if err != nil {
		return nil, err
	}
	if len(names) == 0 {
		return nil, fmt.Errorf("%s: no domain is running", addr)
	}
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = a.WithDomain(n).String()
	}
	return out, nil
}

// IsShutOff reports whether err says that the monitor's VM is a libvirt
// domain that is not running: rather than reconnecting, wait with
// WaitStarted.
func IsShutOff(err error) bool {
	var off *libvirt.ShutOffError
	return errors.As(err, &off)
}

// WaitStarted returns once the libvirt domain at addr runs, at once if it
// does. It fails for an address that is not a libvirt domain's, a domain
// that does not exist, or a daemon that cannot be reached or goes away.
func (d Dialer) WaitStarted(ctx context.Context, addr string) error {
	a, err := libvirt.Parse(addr)
	if err != nil {
		return err
	}
	return libvirt.WaitRunning(ctx, a, d.pool())
}
