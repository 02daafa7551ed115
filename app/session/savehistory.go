package session

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"sort"
	"time"

	"github.com/qmpdash/qmpdash/app/paths"
	"github.com/qmpdash/qmpdash/app/transport"
	"github.com/qmpdash/qmpdash/app/wirelog"
	"github.com/qmpdash/qmpdash/qmp"
)

// CheckNewFile reports whether SaveHistory may write path (a leading ~/
// is the home directory): it must not exist yet. It only looks, so a view
// can refuse a name at once and save in the background.
func CheckNewFile(path string) error {
	path = paths.ExpandHome(path)
	if _, err := os.Lstat(path); err == nil {
		return fmt.Errorf("%s exists; :save writes only new files", path)
	} else if !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	return nil
}

// SaveHistory writes the session's history as a session log at path (a
// leading ~/ is the home directory), for the offline viewer and replay:
// the greeting, then every stored event and command with its reply, in
// time order. It saves everything stored, not only what the event filter
// shows: the viewer can filter again, and a filtered history would lose
// the events a replay's @wait needs. Commands whose request bytes are not
// known (refused locally, or still waiting for their reply) are left out,
// as are gap markers. The file is
// created 0600 and must not exist yet. It returns how many events and
// commands it wrote.
func (s *Session) SaveHistory(path string) (events, commands int, err error) {
	if err := CheckNewFile(path); err != nil {
		return 0, 0, err
	}
	path = paths.ExpandHome(path)
	var msgs []qmp.WireMessage
	for _, e := range s.Events.Since(0, nil) {
		if !e.IsGap() {
			msgs = append(msgs, qmp.WireMessage{Dir: qmp.In, Time: e.Received, Data: e.Raw})
			events++
		}
	}
	for _, c := range s.Commands.Range(0, s.Commands.Len(), nil) {
		if c.Request == nil {
			continue
		}
		commands++
		msgs = append(msgs, qmp.WireMessage{Dir: qmp.Out, Time: c.Sent, Data: c.Request})
		if c.Reply != nil {
			msgs = append(msgs, qmp.WireMessage{Dir: qmp.In, Time: c.Received, Data: c.Reply})
		}
	}
	sort.SliceStable(msgs, func(i, j int) bool { return msgs[i].Time.Before(msgs[j].Time) })
	st := s.State()
	log, err := wirelog.Open(path, s.Name(), transport.AbsoluteAddress(st.Addr), 0)
	if err != nil {
		return 0, 0, err
	}
	if g := st.Greeting.Raw; g != nil {
		at := time.Now()
		if len(msgs) > 0 {
			at = msgs[0].Time
		}
		log.Tap(qmp.WireMessage{Dir: qmp.In, Time: at, Data: g})
	}
	for _, m := range msgs {
		log.Tap(m)
	}
	err = log.Err()
	if cerr := log.Close(); err == nil {
		err = cerr
	}
	return events, commands, err
}
