package session

import (
	"errors"
	"fmt"
	"strings"

	"github.com/qmpdash/qmpdash/app/cmdline"
	"github.com/qmpdash/qmpdash/app/send"
	"github.com/qmpdash/qmpdash/app/store"
)

// maxBroadcasts is how many broadcasts a fleet remembers the members of.
const maxBroadcasts = 256

// Broadcast is one command line checked for several VMs, ready to send to
// all of them.
type Broadcast struct {
	// ID ties the VMs' command log entries together (store.CommandEntry.Broadcast).
	ID uint64
	// Outs are the checked requests, one per target, in fleet order.
	Outs    []*send.Outgoing
	targets []*Session
	fleet   *Fleet
}

// BroadcastResult is one VM's part of a broadcast.
type BroadcastResult struct {
	VM string
	// Entry is the VM's command log entry; Found is false once the entry
	// was evicted or its VM removed.
	Entry store.CommandEntry
	Found bool
}

// broadcastLog remembers which entry of which session each recent
// broadcast made.
type broadcastLog struct {
	last  uint64
	parts map[uint64][]broadcastPart
}

type broadcastPart struct {
	session *Session
	seq     uint64
}

// PrepareBroadcast checks a parsed line for every target against that VM's
// schema and policy. It sends nothing: if the line does not pass for any
// of them, the error names each VM and why, and the user keeps the line.
func (f *Fleet) PrepareBroadcast(targets []*Session, line *cmdline.Line, text string) (*Broadcast, error) {
	if len(targets) == 0 {
		return nil, errors.New("no VM to send to")
	}
	b := &Broadcast{targets: targets, fleet: f}
	var problems []string
	for _, s := range targets {
		out, err := s.Check(line, text)
		if err != nil {
			problems = append(problems, s.Name()+": "+err.Error())
			continue
		}
		b.Outs = append(b.Outs, out)
	}
	if len(problems) > 0 {
		return nil, fmt.Errorf("not sent to any VM: %s", strings.Join(problems, "; "))
	}
	return b, nil
}

// NeedsConfirm reports whether any target's policy wants the user to
// confirm; the dialog then names every target once.
func (b *Broadcast) NeedsConfirm() bool {
	for i, s := range b.targets {
		if s.NeedsConfirm(b.Outs[i]) {
			return true
		}
	}
	return false
}

// Targets returns the names of the VMs the broadcast goes to.
func (b *Broadcast) Targets() []string {
	names := make([]string, len(b.targets))
	for i, s := range b.targets {
		names[i] = s.Name()
	}
	return names
}

// Send sends the line to every target in the background and returns the
// broadcast's ID. A VM that went away since the check gets a failed
// result; the others are sent to all the same.
func (b *Broadcast) Send() uint64 {
	f := b.fleet
	f.mu.Lock()
	if f.broadcasts.parts == nil {
		f.broadcasts.parts = map[uint64][]broadcastPart{}
	}
	f.broadcasts.last++
	b.ID = f.broadcasts.last
	delete(f.broadcasts.parts, b.ID-maxBroadcasts)
	f.mu.Unlock()
	parts := make([]broadcastPart, len(b.targets))
	for i, s := range b.targets {
		out := *b.Outs[i]
		out.Broadcast = b.ID
		var seq uint64
		if sent, err := s.SendChecked(&out); err == nil {
			seq = sent.Seq
		} else {
			seq = s.Commands.Start(store.CommandEntry{Text: out.Text, Name: out.Name, VM: s.Name(), Broadcast: b.ID})
			s.Commands.Finish(seq, nil, err)
		}
		parts[i] = broadcastPart{s, seq}
	}
	f.mu.Lock()
	f.broadcasts.parts[b.ID] = parts
	f.mu.Unlock()
	f.version.Bump()
	return b.ID
}

// BroadcastResults returns each VM's entry for broadcast id, in the order
// the broadcast named them; nil for an unknown or forgotten id.
func (f *Fleet) BroadcastResults(id uint64) []BroadcastResult {
	f.mu.Lock()
	parts := f.broadcasts.parts[id]
	f.mu.Unlock()
	out := make([]BroadcastResult, len(parts))
	for i, p := range parts {
		e, ok := p.session.Commands.Get(p.seq)
		out[i] = BroadcastResult{VM: p.session.Name(), Entry: e, Found: ok}
	}
	return out
}
