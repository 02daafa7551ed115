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
// does (a domain of that name created again counts). It fails for an
// address that is not a libvirt one, or a daemon that cannot be reached or
// goes away.
func (d Dialer) WaitStarted(ctx context.Context, addr string) error {
	a, err := libvirt.Parse(addr)
	if err != nil {
		return err
	}
	return libvirt.WaitRunning(ctx, a, d.pool())
}

// WatchStarted calls started with the address of each domain running at
// the daemon of a libvirt address naming none (libvirt:///system): those
// running now, then each as it starts. It blocks until ctx ends or the
// daemon goes away; started should not block for long.
func (d Dialer) WatchStarted(ctx context.Context, addr string, started func(domainAddr string)) error {
	a, err := libvirt.Parse(addr)
	if err != nil {
		return err
	}
	if a.Domain != "" {
		return fmt.Errorf("%s names one domain; watching needs %s", addr, a.WithDomain(""))
	}
	return libvirt.WatchStarted(ctx, a, d.pool(), func(name string) { started(a.WithDomain(name).String()) })
}

// IsLibvirtFleet reports whether addr stands for every running domain of
// a libvirt daemon (libvirt:///system, libvirt+ssh://host/system).
func IsLibvirtFleet(addr string) bool {
	a, err := libvirt.Parse(addr)
	return err == nil && a.Domain == ""
}

// IsLibvirtDomain reports whether addr reaches one libvirt domain's
// monitor (libvirt:///system/NAME), which libvirt relays as passthrough.
func IsLibvirtDomain(addr string) bool {
	a, err := libvirt.Parse(addr)
	return err == nil && a.Domain != ""
}
