package replay

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/qmpdash/qmpdash/app/cmdline"
	"github.com/qmpdash/qmpdash/app/send"
	"github.com/qmpdash/qmpdash/app/store"
)

// Target is where a replay sends its commands: a connected client
// (qmpdash replay) or a dashboard session (:replay).
type Target interface {
	// Check prepares a command line against the live schema and the
	// policy, without sending it (see Session.Check).
	Check(line *cmdline.Line, text string) (*send.Outgoing, error)
	// Run sends a checked command and waits for its outcome.
	Run(ctx context.Context, out *send.Outgoing) (store.CommandEntry, error)
	// Events is the history @wait looks in; it must hold every event that
	// arrived since the replay started, whatever the filter shows.
	Events() *store.EventLog
}

// Pace says how long a replay waits between commands.
type Pace struct {
	// Original waits as long as the recording did (a log only); else
	// Every is the wait (0: none).
	Original bool
	Every    time.Duration
}

// Options configure Run.
type Options struct {
	Pace Pace
	// ContinueOnError goes on after an unexpected outcome.
	ContinueOnError bool
	// DryRun checks every command without sending any, and skips the
	// waits and sleeps.
	DryRun bool
	// Diff compares each reply with the recorded one.
	Diff bool
	// Report is told of each step's outcome, in order, on Run's
	// goroutine.
	Report func(Result)
}

// Result is the outcome of one step.
type Result struct {
	Step         Step
	Index, Total int // Index counts from 1
	// Entry is the command as sent and answered (commands that were sent).
	Entry store.CommandEntry
	// Event is the event a @wait found.
	Event *store.EventEntry
	// Err is an unexpected outcome: the command was refused before
	// sending, failed when it should not have (or the reverse), or the
	// wait timed out.
	Err error
	// Diff lists differences from the recorded reply (with Diff set).
	Diff []string
}

// Error says a replay met unexpected outcomes.
type Error struct {
	// Failed counts them; First is the first.
	Failed int
	First  error
	// Aborted is set when the replay stopped at the failure.
	Aborted bool
}

// Error says how many steps failed and the first failure.
func (e *Error) Error() string {
	if e.Aborted {
		return "replay stopped: " + e.First.Error()
	}
	return fmt.Sprintf("%d step(s) failed; the first: %v", e.Failed, e.First)
}

// Unwrap returns the first failure.
func (e *Error) Unwrap() error { return e.First }

// Run runs the steps against target in order. It stops at the first
// unexpected outcome unless opts.ContinueOnError; a lost connection or an
// ended ctx always stops it. It returns nil when every step went as
// expected, else a *Error, or ctx's error when ctx ended (the step
// it cut short is not reported).
//
// A @wait looks for the event among those that arrived after the previous
// command was sent (or after the event the previous @wait matched), so an
// event that comes before its command's reply is not missed.
func Run(ctx context.Context, target Target, steps []Step, opts Options) error {
	r := &replayRun{target: target, opts: opts, since: target.Events().LastSeq()}
	var rerr *Error
	for i, step := range steps {
		res := Result{Step: step, Index: i + 1, Total: len(steps)}
		fatal := r.step(ctx, &res)
		if err := ctx.Err(); err != nil {
			return err // the step was cut short, not failed
		}
		if opts.Report != nil {
			opts.Report(res)
		}
		if res.Err == nil {
			continue
		}
		if rerr == nil {
			rerr = &Error{First: fmt.Errorf("line %d: %s: %w", step.Line, step.Label(), res.Err)}
		}
		rerr.Failed++
		if fatal || !opts.ContinueOnError {
			rerr.Aborted = true
			return rerr
		}
	}
	if rerr == nil {
		return nil
	}
	return rerr
}

// Label names a step in messages: its command line on one line, or its
// directive.
func (s Step) Label() string {
	switch s.Kind {
	case StepWait:
		return "@wait " + s.Event
	case StepSleep:
		return "@sleep " + s.Timeout.String()
	}
	return strings.ReplaceAll(s.Text, "\n", " ")
}

// replayRun is one replay's progress.
type replayRun struct {
	target Target
	opts   Options
	// since is the Seq of the last event a @wait may not match.
	since uint64
	sent  int // commands sent so far
}

// step runs one step into res and reports whether its failure must stop
// the replay whatever the options say.
func (r *replayRun) step(ctx context.Context, res *Result) (fatal bool) {
	step := res.Step
	switch {
	case step.Kind == StepCommand:
		return r.command(ctx, res)
	case r.opts.DryRun:
		return false
	case step.Kind == StepSleep:
		sleep(ctx, step.Timeout) // only ctx's end cuts it short, which Run sees
		return false
	}
	res.Event, res.Err = r.wait(ctx, step)
	return false
}

// command checks, paces, sends and judges one command.
func (r *replayRun) command(ctx context.Context, res *Result) (fatal bool) {
	step := res.Step
	text := step.Text
	if strings.Contains(text, "\n") {
		text = "" // offsets in a multi-line command refer to no one line
	}
	out, err := r.target.Check(step.Cmd, text)
	if err != nil {
		res.Err = err
		return errors.Is(err, send.ErrNotConnected)
	}
	out.Text = step.Text // the command pane shows a transaction whole
	if r.opts.DryRun {
		return false
	}
	if r.sent > 0 {
		if sleep(ctx, r.opts.Pace.delay(step)) != nil {
			return true
		}
	}
	r.sent++
	r.since = r.target.Events().LastSeq()
	e, err := r.target.Run(ctx, out)
	res.Entry = e
	if err != nil {
		res.Err = err
		return true
	}
	if r.opts.Diff && step.Recorded != nil {
		res.Diff = DiffReplies(step.Recorded, e.Reply)
	}
	res.Err = judge(e, step.ExpectError)
	return e.Status == store.Interrupted
}

// delay is the pause before a command.
func (p Pace) delay(step Step) time.Duration {
	if p.Original {
		return step.Gap
	}
	return p.Every
}

// judge compares a command's outcome with what the step expects.
func judge(e store.CommandEntry, expect string) error {
	switch {
	case e.Status == store.OK && expect == "":
		return nil
	case e.Status == store.OK:
		return fmt.Errorf("expected the error %s, but it succeeded", expect)
	case e.Status == store.Failed && e.ErrClass != "" && e.ErrClass == expect:
		return nil
	case e.Status == store.Failed && e.ErrClass != "" && expect != "":
		return fmt.Errorf("expected the error %s, got %s: %s", expect, e.ErrClass, e.ErrDesc)
	case e.Status == store.Failed && e.ErrClass != "":
		return fmt.Errorf("%s: %s", e.ErrClass, e.ErrDesc)
	}
	return fmt.Errorf("%s: %s", e.Status, e.ErrDesc)
}

// wait looks for the step's event after r.since, polling the history.
func (r *replayRun) wait(ctx context.Context, step Step) (*store.EventEntry, error) {
	ctx, cancel := context.WithTimeout(ctx, step.Timeout)
	defer cancel()
	tick := time.NewTicker(5 * time.Millisecond)
	defer tick.Stop()
	var buf []store.EventEntry
	for {
		buf = r.target.Events().Since(r.since, buf[:0])
		for i := range buf {
			if buf[i].Name == step.Event {
				r.since = buf[i].Seq
				return &buf[i], nil
			}
		}
		select {
		case <-tick.C:
		case <-ctx.Done():
			return nil, fmt.Errorf("no %s event within %v", step.Event, step.Timeout)
		}
	}
}

// sleep pauses for d unless ctx ends first.
func sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return nil
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
