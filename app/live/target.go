package live

import (
	"context"
	"encoding/json"
	"sync/atomic"

	"github.com/qmpdash/qmpdash/app/send"
	"github.com/qmpdash/qmpdash/app/session"
	"github.com/qmpdash/qmpdash/app/store"
	"github.com/qmpdash/qmpdash/app/wirelog"
	"github.com/qmpdash/qmpdash/qmp"
)

// Target is a VM a Poller polls.
type Target interface {
	// Name labels the VM's rows.
	Name() string
	// Ready reports whether the VM is connected: nothing is sent before.
	Ready() bool
	// Query sends command as an automatic request and returns its return
	// value.
	Query(ctx context.Context, command string) (json.RawMessage, error)
	// Events is the VM's event history, whose View.RefreshOn events
	// refresh the view at once; nil when there is none.
	Events() *store.EventLog
}

// SessionTarget polls a dashboard session (session.Session.Poll).
type SessionTarget struct{ S *session.Session }

// Name is the session's VM name.
func (t SessionTarget) Name() string { return t.S.Name() }

// Ready reports whether the session is connected.
func (t SessionTarget) Ready() bool { return t.S.State().Ready() }

// Query polls the session.
func (t SessionTarget) Query(ctx context.Context, command string) (json.RawMessage, error) {
	return t.S.Poll(ctx, command, nil)
}

// Events is the session's event history.
func (t SessionTarget) Events() *store.EventLog { return t.S.Events }

// ClientTarget polls a bare client, as the headless commands have; it
// has no event history.
type ClientTarget struct {
	// VM names the rows; C is the connection.
	VM string
	C  *qmp.Client
}

// clientRequests numbers a ClientTarget's automatic requests.
var clientRequests atomic.Uint64

// Name is the VM's name.
func (t ClientTarget) Name() string { return t.VM }

// Ready reports whether the connection is still up.
func (t ClientTarget) Ready() bool { return t.C.Err() == nil }

// Query sends command with an automatic request id (wirelog.AutoID).
func (t ClientTarget) Query(ctx context.Context, command string) (json.RawMessage, error) {
	if t.C.Err() != nil {
		return nil, send.ErrNotConnected
	}
	resp, err := t.C.Do(ctx, qmp.Request{Command: command, ID: wirelog.AutoID(command, clientRequests.Add(1))})
	if err != nil {
		return nil, err
	}
	return resp.Return, nil
}

// Events is nil: a bare client keeps no history.
func (ClientTarget) Events() *store.EventLog { return nil }
