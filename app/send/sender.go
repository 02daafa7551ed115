package send

import (
	"context"
	"errors"
	"time"

	"github.com/qmpdash/qmpdash/app/cmdline"
	"github.com/qmpdash/qmpdash/app/store"
	"github.com/qmpdash/qmpdash/docs"
	"github.com/qmpdash/qmpdash/qmp"
)

// Sender checks lines and sends them on one connection, as the package
// comment describes: Check, then the caller's NeedsConfirm decision, then
// Send, which returns at once; the outcome lands in Commands, and the
// returned Sent waits for it.
//
// Make a Sender per connection; a session makes one per call, since its
// connection and schema change. Its methods are safe for concurrent use as
// long as its fields are not changed.
type Sender struct {
	// Client is the connection; nil means not connected.
	Client *qmp.Client
	// Schema checks lines before sending (nil: no checks, the server is
	// the judge).
	Schema *docs.Schema
	// Policy says what may be sent and what needs confirming.
	Policy Policy
	// Timeouts gives each command its reply deadline.
	Timeouts Timeouts
	// Commands records each command sent and its outcome (nil: a log of
	// the send's own, holding that command only).
	Commands *store.CommandLog
	// VM names the VM in the command log entries.
	VM string
	// TagRequests gives each request the id of its command log entry, so
	// that a reply after the deadline still finds its entry (see
	// qmp.Options.OnLateReply); a raw JSON message keeps an id of its own.
	TagRequests bool
	// Finished, if set, is called with each command's error (nil for
	// success) once its outcome is in Commands, on the goroutine that sent
	// the request, before the Sent reports it.
	Finished func(out *Outgoing, sent *Sent, err error)
}

// Check prepares a parsed line against the schema and the policy without
// sending it: ErrNotConnected, qmp.ErrFilesNeedLocalSocket, a
// *ValidationError, an ErrReadOnly refusal, or the request to send. text
// is the line as typed ("" for a multi-line one: offsets refer to no line).
func (p *Sender) Check(line *cmdline.Line, text string) (*Outgoing, error) {
	if p.Client == nil {
		return nil, ErrNotConnected
	}
	if err := refuseFiles(line, p.Client); err != nil {
		return nil, err
	}
	prep, err := Prepare(line, text, p.Schema)
	if err != nil {
		return nil, err
	}
	out := &Outgoing{Prepared: prep, Text: text}
	out.Name, out.Args = prep.Target()
	if err := p.Policy.Allows(out.Name, out.Args); err != nil {
		return nil, err
	}
	return out, nil
}

// NeedsConfirm reports whether the policy wants a person to confirm out
// before it is sent.
func (p *Sender) NeedsConfirm(out *Outgoing) bool {
	return p.Policy.NeedsConfirm(out.Name, out.Args)
}

// Send records out in the command log as pending and sends it in the
// background, bounded by its deadline (Timeouts.For) and by ctx. It
// returns at once, with ErrNotConnected (nothing recorded) when there is
// no connection.
func (p *Sender) Send(ctx context.Context, out *Outgoing) (*Sent, error) {
	if p.Client == nil {
		return nil, ErrNotConnected
	}
	log := p.Commands
	if log == nil {
		log = store.NewCommandLog(store.Limits{Count: 1})
	}
	req := out.Prepared.Request
	sent := &Sent{log: log, done: make(chan struct{}), Timeout: p.Timeouts.For(out.Name)}
	sent.Seq = log.Start(store.CommandEntry{Text: out.Text, Name: out.Name, Summary: store.Summarize(out.Args),
		HMP: out.Prepared.HMP, VM: p.VM, Broadcast: out.Broadcast, From: out.From})
	if p.TagRequests {
		req = tagRequest(req, sent.Seq)
	}
	prep := *out.Prepared
	prep.Request = req
	go func() {
		rctx, cancel := sent.bound(ctx)
		defer cancel()
		sent.resp, sent.err = prep.Do(rctx, p.Client)
		log.Finish(sent.Seq, sent.resp, sent.err)
		if p.Finished != nil {
			p.Finished(out, sent, sent.err)
		}
		close(sent.done)
	}()
	return sent, nil
}

// ErrNotConnected is returned by Check and Send while there is no
// connection to the monitor; the caller keeps the user's text.
var ErrNotConnected = errors.New("not connected: the command was not sent")

// errLeftHistory says a command's entry was evicted before its outcome was
// read.
var errLeftHistory = errors.New("the command left the history before its reply came")

// Sent is a command on its way: its command log entry and, once it is
// done, what the client returned.
type Sent struct {
	// Seq is the command's entry in the log it was recorded in.
	Seq uint64
	// Timeout is the deadline the request was given (0: none, it waits as
	// long as the context given to Send).
	Timeout time.Duration
	log     *store.CommandLog
	done    chan struct{}
	resp    *qmp.Response
	err     error
}

// bound is ctx with the command's deadline, if it has one.
func (s *Sent) bound(ctx context.Context) (context.Context, context.CancelFunc) {
	if s.Timeout <= 0 {
		return context.WithCancel(ctx)
	}
	return context.WithTimeout(ctx, s.Timeout)
}

// Done is closed once the outcome is in the command log.
func (s *Sent) Done() <-chan struct{} { return s.done }

// Response waits for the outcome and returns what qmp.Client.Do returned
// (see Prepared.Do): the reply, and the error (a *qmp.Error for the
// server's error reply, context.DeadlineExceeded past the deadline).
func (s *Sent) Response() (*qmp.Response, error) {
	<-s.done
	return s.resp, s.err
}

// Wait waits for the outcome, or for ctx to end, and returns the command's
// log entry: on ctx's end as it stands then, with ctx's error. It fails
// when the entry left the log (evicted) before Wait read it.
func (s *Sent) Wait(ctx context.Context) (store.CommandEntry, error) {
	select {
	case <-s.done:
	case <-ctx.Done():
		e, _ := s.log.Get(s.Seq)
		return e, ctx.Err()
	}
	e, ok := s.log.Get(s.Seq)
	if !ok {
		return e, errLeftHistory
	}
	return e, nil
}
