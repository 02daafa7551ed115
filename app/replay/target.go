package replay

import (
	"context"
	"errors"
	"fmt"

	"github.com/qmpdash/qmpdash/app/cmdline"
	"github.com/qmpdash/qmpdash/app/send"
	"github.com/qmpdash/qmpdash/app/store"
	"github.com/qmpdash/qmpdash/docs"
	"github.com/qmpdash/qmpdash/qmp"
)

// ClientTarget replays into a connected client, as qmpdash replay does. It
// subscribes to the client's events when made, so that no event a @wait
// may need is missed. Use NewClientTarget; Close stops it (not the client).
type ClientTarget struct {
	client *qmp.Client
	sender *send.Sender
	events *store.EventLog
	sub    *qmp.Subscription
	done   chan struct{}
}

// NewClientTarget replays into c, checking commands against schema (nil:
// no checks) and policy, and giving each reply the deadline timeouts set.
func NewClientTarget(c *qmp.Client, schema *docs.Schema, policy send.Policy, timeouts send.Timeouts) *ClientTarget {
	t := &ClientTarget{client: c, events: store.NewEventLog(store.Limits{}),
		sender: &send.Sender{Client: c, Schema: schema, Policy: policy, Timeouts: timeouts, Commands: store.NewCommandLog(store.Limits{})},
		sub:    c.Subscribe(qmp.SubscribeOptions{Queue: 65536}), done: make(chan struct{})}
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
func (t *ClientTarget) Events() *store.EventLog { return t.events }

// Check prepares a line against the schema and the policy.
func (t *ClientTarget) Check(line *cmdline.Line, text string) (*send.Outgoing, error) {
	if st := t.client.Status(); st.State != qmp.StateReady {
		return nil, fmt.Errorf("%w (%v)", send.ErrNotConnected, st.Err)
	}
	return t.sender.Check(line, text)
}

// Run sends a checked command and waits for its reply or its deadline.
func (t *ClientTarget) Run(ctx context.Context, out *send.Outgoing) (store.CommandEntry, error) {
	sent, err := t.sender.Send(ctx, out)
	if err != nil {
		return store.CommandEntry{}, err
	}
	_, err = sent.Response()
	e, _ := sent.Wait(ctx)
	var qerr *qmp.Error
	if err != nil && !errors.As(err, &qerr) && !errors.Is(err, context.DeadlineExceeded) {
		return e, fmt.Errorf("%w: %v", send.ErrNotConnected, err)
	}
	return e, ctx.Err()
}
