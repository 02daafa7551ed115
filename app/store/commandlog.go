package store

import (
	"context"
	"errors"
	"sync"
	"time"

	"github.com/qmpdash/qmpdash/app/bell"
	"github.com/qmpdash/qmpdash/app/termtext"
	"github.com/qmpdash/qmpdash/qmp"
	"github.com/tidwall/gjson"
)

// DefaultCommandLogSize is how many commands a CommandLog keeps when its
// Limits give no count.
const DefaultCommandLogSize = 10_000

// CommandStatus is where a command stands.
type CommandStatus int

// Command statuses.
const (
	// Pending is a command sent with no outcome yet.
	Pending CommandStatus = iota
	// OK is a command the server answered with success.
	OK
	// Failed is a command the server answered with an error, or one that
	// failed locally (ErrClass is then empty).
	Failed
	// Interrupted is a command whose connection was lost after it was
	// sent, so whether it ran is unknown.
	Interrupted
	// TimedOut is a command with no reply by its deadline. A reply may
	// still come; see CommandEntry.Late.
	TimedOut
)

// String names the status in lower case, for display.
func (s CommandStatus) String() string {
	switch s {
	case Pending:
		return "pending"
	case OK:
		return "ok"
	case Failed:
		return "failed"
	case Interrupted:
		return "interrupted — outcome unknown"
	case TimedOut:
		return "timed out"
	}
	return "unknown"
}

// maxSummaryRunes bounds CommandEntry.Summary, about a table column.
const maxSummaryRunes = 120

// Summarize condenses a command's arguments, a JSON object, into the one
// line CommandEntry.Summary holds (see termtext.Condense).
func Summarize(args []byte) string { return termtext.Condense(args, maxSummaryRunes) }

// CommandEntry is one request the user sent and what became of it.
type CommandEntry struct {
	// Seq numbers entries 1, 2, 3... in the order they were started.
	Seq uint64
	// Text is the command line as the user typed it.
	Text string
	// Name is the command's name; Start takes it from Request if unset.
	Name string
	// Summary is the arguments on one line (see Summarize), at most about
	// 120 runes; Start or Finish takes it from Request if unset.
	Summary string
	// Request and Reply are the exact wire bytes; Reply is nil until a
	// reply arrives. The log keeps them without copying, except that one
	// longer than the limits' MessageBytes is kept cut, in a copy.
	Request, Reply []byte
	Status         CommandStatus
	// ErrClass and ErrDesc explain a failure: QMP's error class and
	// description, or an empty class and the local error's text.
	ErrClass, ErrDesc string
	// Sent is when the request went out (Start's time if unset); Received
	// when the reply came, zero without one.
	Sent, Received time.Time
	// HMP marks a human-monitor-command, whose reply is text.
	HMP bool
	// VM names the VM the command went to.
	VM string
	// From names the client that sent the command when it was not the
	// dashboard itself: a client of the shared monitor, "shared #3 pid
	// 4242" (see app/share). Empty for the dashboard's own commands.
	From string
	// Broadcast numbers the broadcast the command was part of, 0 if it
	// went to this VM alone; the same number in several VMs' logs ties
	// their results together.
	Broadcast uint64
	// Late marks a reply that arrived after the request was given up on
	// (timed out or cancelled); Status then tells the reply's outcome.
	Late bool
	// RequestFullSize and ReplyFullSize are the sizes of Request and
	// Reply as sent or received when only their first bytes are kept; 0
	// when they are whole.
	RequestFullSize, ReplyFullSize int
}

// Latency returns the time from sending to the reply, 0 while pending or
// when no reply came.
func (e CommandEntry) Latency() time.Duration {
	if e.Sent.IsZero() || e.Received.IsZero() {
		return 0
	}
	return e.Received.Sub(e.Sent)
}

// CommandLog is the list of commands sent to one VM, bounded by count and
// by the bytes of their requests and replies (see Limits), oldest evicted
// first. Use NewCommandLog; all methods are safe for concurrent use.
type CommandLog struct {
	mu      sync.Mutex
	ring    ring[CommandEntry]
	limits  Limits
	bytes   int64 // request and reply bytes stored
	lastSeq uint64
	evicted uint64
	// evictedBytes counts the request and reply bytes of the evicted
	// entries.
	evictedBytes uint64
	truncated    uint64
	version      bell.Version
	pending      int
	// failures counts outcomes other than OK, ever: the unread-errors
	// badge compares it with what the user has seen.
	failures uint64
	clock    func() time.Time // stamps Sent; replaced in tests
}

// NewCommandLog returns an empty log within lim (zero fields: up to
// DefaultCommandLogSize commands and DefaultReplyBytes bytes).
func NewCommandLog(lim Limits) *CommandLog {
	lim = lim.ForCommandLog()
	return &CommandLog{ring: newRing[CommandEntry](lim.Count), limits: lim, clock: time.Now}
}

// Start records a command as pending and returns its Seq. Fields that Start
// and Finish own (Seq, Status, Reply, errors, Received, Late) are reset.
func (l *CommandLog) Start(e CommandEntry) uint64 {
	if e.Name == "" {
		e.Name = commandName(e.Request)
	}
	if e.Summary == "" {
		e.Summary = summarize(e.Request)
	}
	e.Status, e.Reply, e.ErrClass, e.ErrDesc, e.Received, e.Late = Pending, nil, "", "", time.Time{}, false
	e.ReplyFullSize = 0
	l.mu.Lock()
	defer l.mu.Unlock()
	if e.Sent.IsZero() {
		e.Sent = l.clock()
	}
	l.lastSeq++
	e.Seq = l.lastSeq
	l.cutRequest(&e, e.Request)
	l.makeRoom(int64(len(e.Request)), nil)
	if old, evicted := l.ring.push(e); evicted {
		l.evict(old)
	}
	l.bytes += int64(len(e.Request))
	l.pending++
	l.version.Bump()
	return e.Seq
}

// Finish records the outcome of command seq from what qmp.Client.Do
// returned: no error is OK; a *qmp.Error is Failed with its class and
// description; qmp.ErrInterrupted is Interrupted; context.DeadlineExceeded
// is TimedOut; anything else is Failed with an empty class and the error's
// text. A reply in resp fills Request, Reply, Sent and Received.
//
// Calling Finish again with a reply for an entry that ended without one
// (qmp.Options.OnLateReply) attaches the reply, sets Late and the reply's
// outcome. Unknown or evicted Seqs, and repeated outcomes, are ignored.
func (l *CommandLog) Finish(seq uint64, resp *qmp.Response, err error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	e := l.find(seq)
	if e == nil {
		return
	}
	switch {
	case e.Status == Pending:
		l.pending--
	case e.Reply == nil && resp != nil:
		e.Late = true
	default:
		return
	}
	if resp != nil {
		before := int64(len(e.Request))
		if len(resp.Request) > 0 {
			l.cutRequest(e, resp.Request)
		}
		if !resp.Sent.IsZero() {
			e.Sent = resp.Sent
		}
		e.Received = resp.Received
		if e.Reply, e.ReplyFullSize = truncate(resp.Raw, l.limits.MessageBytes); e.ReplyFullSize > 0 {
			l.truncated++
		}
		if e.Summary == "" {
			e.Summary = summarize(e.Request)
		}
		grown := int64(len(e.Request)+len(e.Reply)) - before
		l.bytes += grown
		l.makeRoom(0, e)
	}
	e.Status, e.ErrClass, e.ErrDesc = outcome(err)
	if e.Status != OK {
		l.failures++
	}
	l.version.Bump()
}

// Failures counts the commands that ended other than OK since the log was
// created (a late reply to a timed-out command counts again if it failed).
func (l *CommandLog) Failures() uint64 {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.failures
}

// Len returns how many commands are stored.
func (l *CommandLog) Len() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.ring.len()
}

// Evicted returns how many commands were dropped to make room.
func (l *CommandLog) Evicted() uint64 {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.evicted
}

// Usage returns what the log holds and has let go, for the status bar.
func (l *CommandLog) Usage() Usage {
	l.mu.Lock()
	defer l.mu.Unlock()
	return Usage{Entries: l.ring.len(), Bytes: l.bytes, Limits: l.limits,
		Evicted: l.evicted, EvictedBytes: l.evictedBytes, Truncated: l.truncated}
}

// Version grows with every change, for views deciding whether to redraw.
func (l *CommandLog) Version() uint64 { return l.version.Load() }

// Range appends to dst the entries at positions [from, from+n), where 0 is
// the oldest still stored, and returns the extended slice.
func (l *CommandLog) Range(from, n int, dst []CommandEntry) []CommandEntry {
	l.mu.Lock()
	defer l.mu.Unlock()
	lo, hi := window(from, n, l.ring.len())
	for i := lo; i < hi; i++ {
		dst = append(dst, *l.ring.at(i))
	}
	return dst
}

// Get returns the entry numbered seq, unless it was evicted or never was.
func (l *CommandLog) Get(seq uint64) (CommandEntry, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if e := l.find(seq); e != nil {
		return *e, true
	}
	return CommandEntry{}, false
}

// Pending returns how many stored commands await their reply.
func (l *CommandLog) Pending() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.pending
}

// cutRequest sets e's request to req, cut to the limits' MessageBytes;
// the caller holds mu.
func (l *CommandLog) cutRequest(e *CommandEntry, req []byte) {
	if e.Request, e.RequestFullSize = truncate(req, l.limits.MessageBytes); e.RequestFullSize > 0 {
		l.truncated++
	}
}

// makeRoom evicts the oldest entries until adding more bytes keeps the log
// within its byte bound, sparing keep (the entry that grew); the caller
// holds mu.
func (l *CommandLog) makeRoom(more int64, keep *CommandEntry) {
	for l.ring.len() > 0 && l.bytes+more > l.limits.Bytes && l.ring.at(0) != keep {
		l.evict(l.ring.pop())
	}
}

// evict accounts for an entry taken out of the ring; the caller holds mu.
func (l *CommandLog) evict(old CommandEntry) {
	size := int64(len(old.Request) + len(old.Reply))
	l.evicted++
	l.evictedBytes += uint64(size)
	l.bytes -= size
	if old.Status == Pending {
		l.pending--
	}
}

// find locates entry seq in O(1): stored Seqs are consecutive. The caller
// holds mu.
func (l *CommandLog) find(seq uint64) *CommandEntry {
	n := l.ring.len()
	if n == 0 {
		return nil
	}
	first := l.ring.at(0).Seq
	if seq < first || seq-first >= uint64(n) {
		return nil
	}
	return l.ring.at(int(seq - first))
}

// outcome maps what qmp.Client.Do returned to a status. The QMP error is
// tested first because it is the server's own answer.
func outcome(err error) (s CommandStatus, class, desc string) {
	var qe *qmp.Error
	switch {
	case err == nil:
		return OK, "", ""
	case errors.As(err, &qe):
		return Failed, qe.Class, qe.Desc
	case errors.Is(err, qmp.ErrInterrupted):
		return Interrupted, "", err.Error()
	case errors.Is(err, context.DeadlineExceeded):
		return TimedOut, "", err.Error()
	}
	return Failed, "", err.Error()
}

// commandName reads the command out of a QMP request.
func commandName(req []byte) string {
	if len(req) == 0 {
		return ""
	}
	r := gjson.GetManyBytes(req, "execute", "exec-oob")
	if r[0].Exists() {
		return r[0].String()
	}
	return r[1].String()
}

// summarize condenses a request's arguments into a one-line summary.
func summarize(req []byte) string {
	if len(req) == 0 {
		return ""
	}
	args := gjson.GetBytes(req, "arguments")
	if !args.Exists() {
		return ""
	}
	return Summarize([]byte(args.Raw))
}
