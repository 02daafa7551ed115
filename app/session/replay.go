package session

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync/atomic"

	"github.com/qmpdash/qmpdash/app/cmdline"
	"github.com/qmpdash/qmpdash/app/replay"
	"github.com/qmpdash/qmpdash/app/send"
	"github.com/qmpdash/qmpdash/app/store"
)

// Replayer is a replay running into a dashboard session in the background
// (:replay, and a macro key). Its progress and outcome are the session's notices: a
// progress notice every fiftieth of the way, one per failure and per reply
// that differs from the recording, one at the end.
type Replayer struct {
	name   string
	total  int
	done   atomic.Int64
	cancel context.CancelFunc
	ended  chan struct{}
}

// ErrReplayRunning refuses a second replay into a session.
var ErrReplayRunning = errors.New("a replay or macro is already running: :replay stop ends it")

// StartReplay starts replaying steps into the session; label names it in
// the notices ("replay vm.qmp", "macro f5"). Only one replay runs in a
// session at a time.
func (s *Session) StartReplay(label string, steps []replay.Step, opts replay.Options) (*Replayer, error) {
	if s.recorded {
		return nil, ErrRecorded
	}
	ctx, cancel := context.WithCancel(context.Background())
	r := &Replayer{name: label, total: len(steps), cancel: cancel, ended: make(chan struct{})}
	if !s.replay.CompareAndSwap(nil, r) {
		cancel()
		return nil, ErrReplayRunning
	}
	every := max(1, len(steps)/50)
	opts.Report = func(res replay.Result) {
		r.done.Store(int64(res.Index))
		s.reportReplayStep(label, res, every)
	}
	s.Notices.Add(store.Info, fmt.Sprintf("%s: %d steps", label, len(steps)))
	go func() {
		defer close(r.ended)
		defer s.replay.Store(nil)
		err := replay.Run(ctx, sessionTarget{s}, steps, opts)
		switch {
		case errors.Is(err, context.Canceled):
			s.Notices.Add(store.Warning, fmt.Sprintf("%s stopped after %d of %d steps", label, r.done.Load(), len(steps)))
		case err != nil:
			s.Notices.Add(store.Failure, fmt.Sprintf("%s: %v", label, err))
		default:
			s.Notices.Add(store.Info, fmt.Sprintf("%s: done, %d steps as expected", label, len(steps)))
		}
	}()
	return r, nil
}

// reportReplayStep turns one step's outcome into notices.
func (s *Session) reportReplayStep(label string, res replay.Result, every int) {
	step := res.Step.Label()
	switch {
	case res.Err != nil:
		s.Notices.Add(store.Failure, fmt.Sprintf("%s line %d: %s: %v", label, res.Step.Line, step, res.Err))
	case len(res.Diff) > 0:
		s.Notices.Add(store.Warning, fmt.Sprintf("%s line %d: %s: reply differs: %s", label, res.Step.Line, step, strings.Join(res.Diff, "; ")))
	case res.Index%every == 0 || res.Index == res.Total:
		s.Notices.Add(store.Info, fmt.Sprintf("%s: %d/%d %s", label, res.Index, res.Total, step))
	}
}

// StopReplay cancels the running replay, if any, and reports whether one
// was running. The replay ends shortly after; a command already sent
// still gets its reply in the command log.
func (s *Session) StopReplay() bool {
	r := s.replay.Load()
	if r == nil {
		return false
	}
	r.cancel()
	return true
}

// Replaying returns the replay running into the session, nil if none.
func (s *Session) Replaying() *Replayer { return s.replay.Load() }

// Progress returns how many steps are done and how many there are.
func (r *Replayer) Progress() (done, total int) { return int(r.done.Load()), r.total }

// Ended is closed when the replay has ended.
func (r *Replayer) Ended() <-chan struct{} { return r.ended }

// sessionTarget replays into a dashboard session: the commands show in its
// command pane like typed ones.
type sessionTarget struct{ s *Session }

func (t sessionTarget) Events() *store.EventLog { return t.s.Events }

func (t sessionTarget) Check(line *cmdline.Line, text string) (*send.Outgoing, error) {
	return t.s.Check(line, text)
}

// Run sends through the session and waits for the outcome in its command
// log, or for ctx to end (the command still gets its outcome then).
func (t sessionTarget) Run(ctx context.Context, out *send.Outgoing) (store.CommandEntry, error) {
	sent, err := t.s.SendTracked(out)
	if err != nil {
		return store.CommandEntry{}, err
	}
	return sent.Wait(ctx)
}
