package views

import (
	"errors"
	"fmt"

	"github.com/qmpdash/qmpdash/app/replay"
	"github.com/qmpdash/qmpdash/app/session"
	"github.com/qmpdash/qmpdash/app/store"
)

// Replay and save from the dashboard: :replay FILE sends a session log's
// or a script's commands into the focused VM (or the marked VMs) in the
// background: progress and failures come as notices, the commands show in
// the command pane, and it stops at the first unexpected result, as
// qmpdash replay does without flags. :replay stop ends every replay;
// :save FILE writes the focused VM's history as a session log.

// metaReplay is :replay FILE | :replay stop. It replays into the marked
// VMs, else the focused one; a log recording several VMs gives each VM
// its own commands.
func (d *Dashboard) metaReplay(arg string) error {
	switch arg {
	case "":
		return errors.New(":replay FILE replays a session log or a script; :replay stop ends the replays")
	case "stop":
		stopped := false
		for _, s := range d.fleet.Sessions() {
			stopped = s.StopReplay() || stopped
		}
		if !stopped {
			return errors.New("no replay is running")
		}
		return nil
	}
	if err := replay.CheckFile(arg); err != nil {
		return err
	}
	targets := d.fleet.Marked()
	if len(targets) == 0 {
		targets = []*session.Session{d.session}
	}
	go func() { // reading a big log must not hold up the UI goroutine
		for _, s := range targets {
			if err := startReplay(s, arg); err != nil {
				s.Notices.Add(store.Failure, fmt.Sprintf("replay %s: %v", arg, err))
			}
		}
	}()
	return nil
}

// startReplay replays path into s: from a log of several VMs, s's own
// commands. It reads the file, so it runs off the UI goroutine.
func startReplay(s *session.Session, path string) error {
	rf, err := replay.LoadFile(path, "")
	if errors.Is(err, replay.ErrSeveralVMs) {
		rf, err = replay.LoadFile(path, s.Name())
	}
	if err != nil {
		return err
	}
	for _, skipped := range rf.Skipped {
		s.Notices.Add(store.Warning, "replay: skipped "+skipped.Error())
	}
	_, err = s.StartReplay("replay "+path, rf.Steps, replay.Options{})
	return err
}

// metaSave is :save FILE.
func (d *Dashboard) metaSave(arg string) error {
	if arg == "" {
		return errors.New(":save FILE writes this VM's events and commands as a session log")
	}
	if err := session.CheckNewFile(arg); err != nil {
		return err
	}
	s := d.session
	go func() { // a long history takes a while to write: not on the UI goroutine
		events, commands, err := s.SaveHistory(arg)
		if err != nil {
			s.Notices.Add(store.Failure, fmt.Sprintf(":save %s: %v", arg, err))
			return
		}
		s.Notices.Add(store.Info, fmt.Sprintf("saved %d events and %d commands to %s", events, commands, arg))
	}()
	return nil
}
