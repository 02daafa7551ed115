package store

import (
	"cmp"
	"slices"
	"time"
)

// NameStat counts one event name in an EventLog.
type NameStat struct {
	Name string
	// Count is how many such events arrived since the log was created or
	// cleared, evicted ones included.
	Count uint64
	// Rate is in events per second over the last RateWindow, by the
	// events' Received times.
	Rate float64
}

// RateWindow is the span over which EventLog rates are averaged.
const RateWindow = rateWindowSeconds * time.Second

// rateWindowSeconds is RateWindow in seconds: the rates average the last
// seconds of the same series the sparklines draw.
const rateWindowSeconds = 10

// OtherEventsName stands, in Stats, for the events whose names arrived
// after maxTrackedNames distinct ones: a server inventing names must not
// grow the table without bound.
const OtherEventsName = "(other)"

// Stats returns the per-name counts and rates, busiest first, ties by name.
// Gap markers are not counted.
func (l *EventLog) Stats() []NameStat {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.clock()
	out := make([]NameStat, 0, len(l.names.byName)+1)
	for _, st := range l.names.byName {
		out = append(out, st.stat(now))
	}
	if l.names.other.count > 0 {
		out = append(out, l.names.other.stat(now))
	}
	slices.SortFunc(out, func(a, b NameStat) int {
		if c := cmp.Compare(b.Count, a.Count); c != 0 {
			return c
		}
		return cmp.Compare(a.Name, b.Name)
	})
	return out
}

// Rate returns the VM's total events per second over the last RateWindow,
// for the status bar. Unlike Stats it includes the events that gap markers
// report lost, since they too arrived from the VM.
func (l *EventLog) Rate() float64 {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.total.rate(l.clock())
}

// maxTrackedNames bounds the name table; QEMU has a few hundred event names.
const maxTrackedNames = 4096

// nameState is what the log knows about one event name. It is created once
// per name and shared by every entry of that name, so appending allocates
// nothing for names already seen.
type nameState struct {
	name    string
	visible bool // the current filter's decision
	trouble troubleVerdict
	count   uint64
	rate    rateSeries
}

func (s *nameState) stat(now time.Time) NameStat {
	return NameStat{Name: s.name, Count: s.count, Rate: s.rate.rate(now)}
}

// nameTable maps event names to their state. Names beyond maxTrackedNames
// share other, whose visible flag means nothing: the filter is applied to
// such events one by one.
type nameTable struct {
	byName map[string]*nameState
	other  nameState
}

func newNameTable() nameTable {
	return nameTable{byName: make(map[string]*nameState), other: nameState{name: OtherEventsName, trouble: troubleCheck}}
}

// lookup returns the state of name, creating it with f's decision and
// tr's verdict.
func (t *nameTable) lookup(name string, f EventFilter, tr *Trouble) *nameState {
	if st, ok := t.byName[name]; ok {
		return st
	}
	if len(t.byName) >= maxTrackedNames {
		return &t.other
	}
	st := &nameState{name: name, visible: f.Match(name), trouble: tr.byName(name)}
	t.byName[name] = st
	return st
}

// judge caches tr's verdict for every known name.
func (t *nameTable) judge(tr *Trouble) {
	for _, st := range t.byName {
		st.trouble = tr.byName(st.name)
	}
}

// decide caches f's decision for every known name.
func (t *nameTable) decide(f EventFilter) {
	for _, st := range t.byName {
		st.visible = f.Match(st.name)
	}
}
