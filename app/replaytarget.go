package app

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/qmpdash/qmpdash/app/cmdline"
	"github.com/qmpdash/qmpdash/docs"
	"github.com/qmpdash/qmpdash/qmp"
)

// ClientTarget replays into a connected client, as qmpdash replay does. It
// subscribes to the client's events when made, so that no event a @wait
// may need is missed. Use NewClientTarget; Close stops it (not the client).
type ClientTarget struct {
	client   *qmp.Client
	schema   *docs.Schema
	policy   Policy
	timeout  time.Duration
	events   *EventLog
	commands *CommandLog
	sub      *qmp.Subscription
	done     chan struct{}
}

// NewClientTarget replays into c, checking commands against schema (nil:
// no checks) and policy, and waiting up to timeout for each reply.
func NewClientTarget(c *qmp.Client, schema *docs.Schema, policy Policy, timeout time.Duration) *ClientTarget {
	t := &ClientTarget{client: c, schema: schema, policy: policy, timeout: timeout,
		events: NewEventLog(Limits{}), commands: NewCommandLog(Limits{}),
		sub: c.Subscribe(qmp.SubscribeOptions{Queue: 65536}), done: make(chan struct{})}
	go t.collect()
	return t
}

// collect moves the subscription's events into the history until Close.
func (t *ClientTarget) collect() {
	var buf []qmp.Event
	for {
		select {
		case <-t.sub.Ready():
		case <-t.done:
			return
		}
		buf = t.sub.Drain(buf[:0])
		t.events.Append(buf...)
	}
}

// Close stops collecting events.
func (t *ClientTarget) Close() {
	close(t.done)
	t.sub.Close()
}

// Events is every event since the target was made.
func (t *ClientTarget) Events() *EventLog { return t.events }

// Check prepares a line against the schema and the policy.
func (t *ClientTarget) Check(line *cmdline.Line, text string) (*Outgoing, error) {
	if st := t.client.Status(); st.State != qmp.StateReady {
		return nil, fmt.Errorf("%w (%v)", ErrNotConnected, st.Err)
	}
	if err := refuseFiles(line, t.client); err != nil {
		return nil, err
	}
	return checkLine(line, text, t.schema, t.policy)
}

// Run sends a checked command and waits for its reply or the timeout.
func (t *ClientTarget) Run(ctx context.Context, out *Outgoing) (CommandEntry, error) {
	seq := t.commands.Start(CommandEntry{Text: out.Text, Name: out.Name, HMP: out.Prepared.HMP})
	rctx, cancel := context.WithTimeout(ctx, Timeouts{Default: t.timeout}.For(out.Name))
	defer cancel()
	resp, err := out.Prepared.Do(rctx, t.client)
	t.commands.Finish(seq, resp, err)
	e, _ := t.commands.Get(seq)
	var qerr *qmp.Error
	if err != nil && !errors.As(err, &qerr) && !errors.Is(err, context.DeadlineExceeded) {
		return e, fmt.Errorf("%w: %v", ErrNotConnected, err)
	}
	return e, ctx.Err()
}

// checkLine prepares a parsed line against a schema and a policy.
func checkLine(line *cmdline.Line, text string, schema *docs.Schema, policy Policy) (*Outgoing, error) {
	prep, err := Prepare(line, text, schema)
	if err != nil {
		return nil, err
	}
	out := &Outgoing{Prepared: prep, Text: text}
	out.Name, out.Args = prep.Target()
	if err := policy.Allows(out.Name, out.Args); err != nil {
		return nil, err
	}
	return out, nil
}

// sessionTarget replays into a dashboard session: the commands show in its
// command pane like typed ones.
type sessionTarget struct{ s *Session }

func (t sessionTarget) Events() *EventLog { return t.s.Events }

func (t sessionTarget) Check(line *cmdline.Line, text string) (*Outgoing, error) {
	return t.s.Check(line, text)
}

// Run sends through the session and polls its command log for the outcome.
func (t sessionTarget) Run(ctx context.Context, out *Outgoing) (CommandEntry, error) {
	seq, err := t.s.SendChecked(out)
	if err != nil {
		return CommandEntry{}, err
	}
	tick := time.NewTicker(5 * time.Millisecond)
	defer tick.Stop()
	for {
		if e, ok := t.s.Commands.Get(seq); !ok || e.Status != Pending {
			if !ok {
				return e, errors.New("the command left the history before its reply came")
			}
			return e, nil
		}
		select {
		case <-tick.C:
		case <-ctx.Done():
			e, _ := t.s.Commands.Get(seq)
			return e, ctx.Err()
		}
	}
}
