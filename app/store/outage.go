package store

import "time"

// Outage is a time the monitor was unreachable: events QEMU emitted then
// were never seen.
type Outage struct {
	Down, Up time.Time
}

// String says when the connection went and came back, in local time with
// milliseconds, and for how long.
func (o Outage) String() string {
	const layout = "15:04:05.000"
	return "disconnected " + o.Down.Local().Format(layout) + " … reconnected " + o.Up.Local().Format(layout) +
		" (" + o.Up.Sub(o.Down).Round(time.Millisecond).String() + ")"
}
