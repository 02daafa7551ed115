package session

import (
	"context"
	"time"

	"github.com/qmpdash/qmpdash/app/store"
	"github.com/qmpdash/qmpdash/app/transport"
)

// joinRetry is how long JoinStarted waits before asking a libvirt daemon
// that could not be reached again.
const joinRetry = 5 * time.Second

// JoinStarted adds to the fleet, in the background until ctx ends, every
// domain that runs at the libvirt daemon of fleetAddr (libvirt:///system,
// libvirt+ssh://host/system) and has no session yet: the ones started
// after the dashboard listed the running domains join it. configure makes
// the new session's configuration from the domain's address; when its
// name is taken by another VM the address names it instead. Trouble is
// told in the first session's notices.
func (f *Fleet) JoinStarted(ctx context.Context, fleetAddr string, dialer transport.Dialer, configure func(addr string) (Config, error)) {
	join := func(addr string) {
		if f.hasAddr(addr) {
			return
		}
		cfg, err := configure(addr)
		if err == nil {
			if f.Session(cfg.Name) != nil {
				cfg.Name = addr
			}
			err = f.Add(New(cfg))
		}
		if err != nil {
			f.notify(store.Failure, "adding the domain "+addr+": "+err.Error())
		}
	}
	go func() {
		for ctx.Err() == nil {
			err := dialer.WatchStarted(ctx, fleetAddr, join)
			if ctx.Err() != nil {
				return
			}
			f.notify(store.Warning, "watching "+fleetAddr+" for domains that start: "+err.Error())
			t := time.NewTimer(joinRetry)
			select {
			case <-t.C:
			case <-ctx.Done():
			}
			t.Stop()
		}
	}()
}

// hasAddr reports whether a session of the fleet watches addr.
func (f *Fleet) hasAddr(addr string) bool {
	for _, s := range f.Sessions() {
		if s.cfg.Addr == addr {
			return true
		}
	}
	return false
}

// notify adds a notice to the first session, where the dashboard's own
// warnings go.
func (f *Fleet) notify(level store.Level, msg string) {
	if all := f.Sessions(); len(all) > 0 {
		all[0].Notices.Add(level, msg)
	}
}
