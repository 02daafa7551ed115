package views

import (
	"context"
	"time"

	"github.com/qmpdash/qmpdash/app/bell"
)

// frameInterval caps redraws at about 30 frames a second, however fast
// events arrive: the redraw loop looks at most that often.
const frameInterval = 34 * time.Millisecond

// redrawLoop asks for a frame when what the screen shows changed. Between
// changes it sleeps: the stores ring the bell (app/bell) when they change,
// and what changes with time alone (a countdown, a fading notice, sliding
// sparklines, a live table settling) says when to look again. It looks at
// most once a frameInterval, so a burst of changes (64 VMs' replies, an
// event flood) costs one look and one frame. It never touches widgets
// itself.
func (d *Dashboard) redrawLoop(ctx context.Context) {
	timer := time.NewTimer(time.Hour)
	defer timer.Stop()
	var drawn uint64
	for {
		rung := bell.Rung() // before the look: no later change is missed
		v, again := d.fleetVersion(time.Now())
		if v != drawn {
			drawn = v
			d.app.QueueUpdateDraw(d.refresh)
		}
		if !sleepOn(ctx, timer, nil, frameInterval) || !sleepOn(ctx, timer, rung, wakeIn(again)) {
			return
		}
	}
}

// sleepOn waits d on timer, cut short by wake (nil: not at all); false
// when ctx ended first.
func sleepOn(ctx context.Context, timer *time.Timer, wake <-chan struct{}, d time.Duration) bool {
	timer.Reset(d)
	defer timer.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-wake:
	case <-timer.C:
	}
	return true
}

// idleWake bounds a sleep with nothing due: a look a minute at 64 VMs
// costs nothing, and catches a change no one rang for.
const idleWake = time.Minute

// wakeIn is how long to sleep until at; zero at means nothing is due.
func wakeIn(at time.Time) time.Duration {
	if at.IsZero() {
		return idleWake
	}
	return max(time.Until(at), 0)
}

// fleetVersion mixes the versions of everything on screen into one
// number that changes when any of them does, and returns when to look
// again for what changes with time alone (zero: nothing does). While a
// VM's event-rate sparklines slide, or the watches overlay shows its
// ages, the current second counts, so they move one frame a second with
// no new event; a quiet fleet costs no frame. It runs off the UI
// goroutine and reads only the fleet, never widgets.
func (d *Dashboard) fleetVersion(now time.Time) (v uint64, again time.Time) {
	var next soonest
	live, due := d.live.version(now)
	next.offer(due)
	v = mix(v, d.fleet.Version(), d.fleet.Merged.Version(), live, d.live.summaryVersion(), d.liveValues.version())
	if at, ok := d.fleet.Merged.Ready(); ok {
		next.offer(at)
	}
	ticking := d.watchesOpen.Load()
	for _, s := range d.fleet.Sessions() {
		v = mix(v, s.Version(), s.Events.Version(), s.Commands.Version(), s.Watches.Version())
		ticking = ticking || s.Events.RatesMoving()
		if at := s.RetryAt(); !at.IsZero() {
			secs := retrySeconds(at, now)
			v = mix(v, uint64(secs))
			if secs > 0 {
				next.offer(at.Add(-time.Duration(secs-1) * time.Second))
			}
		}
		if n, ok := s.Notices.Latest(); ok && now.Sub(n.Time) < noticeLifetime {
			v = mix(v, 1) // fading is a change
			next.offer(n.Time.Add(noticeLifetime))
		}
	}
	for _, p := range d.fleet.Processes() {
		v = mix(v, uint64(p.StderrLen()), uint64(len(p.ExitStatus())))
	}
	if ticking {
		v = mix(v, uint64(now.Unix()))
		next.offer(now.Truncate(time.Second).Add(time.Second))
	}
	if m := d.qomLive.Load(); m != nil {
		v = mix(v, m.Version())
	}
	return v, next.t
}

// mix folds numbers into v (FNV-1a over 64-bit words): a change of any
// of them, in either direction, changes the result.
func mix(v uint64, xs ...uint64) uint64 {
	for _, x := range xs {
		v = (v ^ x) * 1099511628211
	}
	return v
}

// soonest keeps the earliest of the times offered to it.
type soonest struct{ t time.Time }

func (s *soonest) offer(t time.Time) {
	if !t.IsZero() && (s.t.IsZero() || t.Before(s.t)) {
		s.t = t
	}
}

// retrySeconds is the countdown to a reconnection due at at, in whole
// seconds rounded up, as the status bar shows it.
func retrySeconds(at, now time.Time) int {
	return max(int(at.Sub(now).Seconds()+0.999), 0)
}
