package libvirt

import (
	"context"
	"fmt"
	"net"
	"slices"

	golibvirt "github.com/digitalocean/go-libvirt"
	"github.com/digitalocean/go-libvirt/socket/dialers"

	"github.com/qmpdash/qmpdash/app/transport/remote"
)

// daemon is one RPC connection to a libvirt daemon.
type daemon struct {
	raw net.Conn
	rpc *golibvirt.Libvirt
}

// connectDaemon opens a connection to a's daemon and the QEMU driver in
// it. QEMU monitor events go to deliver (see eventFilter); nil drops them.
// ctx bounds the connecting only.
func connectDaemon(ctx context.Context, a Address, pool *remote.Pool, deliver func(qemuEvent)) (*daemon, error) {
	raw, err := dialDaemon(ctx, a, pool)
	if err != nil {
		return nil, err
	}
	if deliver == nil {
		deliver = func(qemuEvent) {}
	}
	d := &daemon{raw: raw, rpc: golibvirt.NewWithDialer(dialers.NewAlreadyConnected(&eventFilter{Conn: raw, deliver: deliver}))}
	err = d.bounded(ctx, func() error { return d.rpc.ConnectToURI(golibvirt.QEMUSystem) })
	if err != nil {
		raw.Close()
		return nil, fmt.Errorf("libvirt %s: %w", a, err)
	}
	return d, nil
}

// bounded runs f, closing the connection if ctx ends first (go-libvirt's
// calls take no context).
func (d *daemon) bounded(ctx context.Context, f func() error) error {
	stop := context.AfterFunc(ctx, func() { d.raw.Close() })
	err := f()
	if !stop() {
		return ctx.Err()
	}
	return err
}

// close ends the connection; it does not wait for the daemon.
func (d *daemon) close() {
	d.raw.Close()
}

// running reports whether dom is running (paused counts: its monitor
// answers).
func (d *daemon) running(dom golibvirt.Domain) (bool, error) {
	state, _, err := d.rpc.DomainGetState(dom, 0)
	if err != nil {
		return false, err
	}
	switch golibvirt.DomainState(state) {
	case golibvirt.DomainShutoff, golibvirt.DomainCrashed, golibvirt.DomainNostate:
		return false, nil
	}
	return true, nil
}

// RunningDomains lists the names of the running domains of a's daemon,
// sorted, over one short connection.
func RunningDomains(ctx context.Context, a Address, pool *remote.Pool) ([]string, error) {
	d, err := connectDaemon(ctx, a, pool, nil)
	if err != nil {
		return nil, err
	}
	defer d.close()
	var doms []golibvirt.Domain
	err = d.bounded(ctx, func() error {
		var err error
		doms, _, err = d.rpc.ConnectListAllDomains(1, golibvirt.ConnectListDomainsActive)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("libvirt %s: listing domains: %w", a, err)
	}
	names := make([]string, 0, len(doms))
	for _, dom := range doms {
		names = append(names, dom.Name)
	}
	slices.Sort(names)
	return names, nil
}

// WaitRunning returns once a domain named as a's runs: at once if it
// does, else when libvirt says one started (a transient domain destroyed
// and created again counts). It fails if the daemon cannot be reached or
// goes away, and returns ctx's error when ctx ends first.
func WaitRunning(ctx context.Context, a Address, pool *remote.Pool) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	up := false
	err := WatchStarted(ctx, a.WithDomain(""), pool, func(name string) {
		if name == a.Domain {
			up = true
			cancel()
		}
	})
	if up {
		return nil
	}
	return err
}

// WatchStarted calls started with the name of every domain of a's daemon
// that runs: first those running now, then each one as it starts. It
// blocks until ctx ends (returning its error) or the daemon goes away.
// started runs on this goroutine and should not block for long.
func WatchStarted(ctx context.Context, a Address, pool *remote.Pool, started func(name string)) error {
	d, err := connectDaemon(ctx, a, pool, nil)
	if err != nil {
		return err
	}
	defer d.close()
	stop := context.AfterFunc(ctx, d.close)
	defer stop()
	events, err := d.rpc.LifecycleEvents(ctx)
	if err != nil {
		return fmt.Errorf("libvirt %s: %w", a, err)
	}
	doms, _, err := d.rpc.ConnectListAllDomains(1, golibvirt.ConnectListDomainsActive)
	if err != nil {
		return fmt.Errorf("libvirt %s: listing domains: %w", a, err)
	}
	for _, dom := range doms {
		started(dom.Name)
	}
	for ev := range events {
		if ev.Event == int32(golibvirt.DomainEventStarted) {
			started(ev.Dom.Name)
		}
	}
	if ctx.Err() != nil {
		return ctx.Err()
	}
	return fmt.Errorf("libvirt %s: connection to the daemon lost", a)
}
