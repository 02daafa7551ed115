package views

import (
	"errors"
	"fmt"

	"github.com/qmpdash/qmpdash/app"
)

// Replay and save from the dashboard: :replay FILE sends a session log's
// or a script's commands into the focused VM in the background (progress
// and failures come as notices, the commands show in the command pane; it
// stops at the first unexpected result, as qmpdash replay does without
// flags); a log recording several VMs replays the focused VM's commands;
// :replay stop ends it; :save FILE writes the focused VM's history as a
// session log.

// metaReplay is :replay FILE | :replay stop.
func (d *Dashboard) metaReplay(arg string) error {
	s := d.session
	switch arg {
	case "":
		return errors.New(":replay FILE replays a session log or a script; :replay stop ends a replay")
	case "stop":
		if !s.StopReplay() {
			return errors.New("no replay is running")
		}
		return nil
	}
	rf, err := app.LoadReplayFile(arg, "")
	if errors.Is(err, app.ErrSeveralVMs) {
		rf, err = app.LoadReplayFile(arg, s.Name())
	}
	if err != nil {
		return err
	}
	for _, skipped := range rf.Skipped {
		s.Notices.Add(app.Warning, "replay: skipped "+skipped.Error())
	}
	_, err = s.StartReplay(arg, rf.Steps, app.ReplayOptions{})
	return err
}

// metaSave is :save FILE.
func (d *Dashboard) metaSave(arg string) error {
	if arg == "" {
		return errors.New(":save FILE writes this VM's events and commands as a session log")
	}
	events, commands, err := d.session.SaveHistory(arg)
	if err != nil {
		return err
	}
	d.session.Notices.Add(app.Info, fmt.Sprintf("saved %d events and %d commands to %s", events, commands, arg))
	return nil
}
