// Package session is qmpdash's live side of a VM: a Session is one
// monitor's connection (reconnecting with backoff, keepalive probes, the
// run state followed through the events, the schema and documentation
// loaded on connect) with its bounded histories; a Fleet is the sessions
// a dashboard watches, with their merged event stream, the marked VMs and
// the broadcasts sent to them. It also starts QEMU for a session
// (StartQEMU, launch-and-attach), replays files and macros into a session
// (StartReplay), saves a session's histories (SaveHistory) and reads
// session logs back into offline, read-only sessions (LoadRecording), and
// holds the session's watches (Watches, app/watch), which a Fleet stops
// when it removes the VM.
//
// Invariants:
//   - Run owns a session's goroutines; everything else (State, Send,
//     Check, the histories) is safe for concurrent use and never waits on
//     the network, so the UI goroutine never blocks on a VM. One hung or
//     flooding VM cannot slow the others: each has its own goroutines and
//     bounded stores.
//   - Every command a person or a replay sends goes through app/send
//     (Check, then the caller's confirmation, then SendChecked) and lands
//     in the session's command log; qmpdash's own requests (start-up
//     queries, keepalive probes, polls for the live views and for
//     completion's live values) carry wirelog.AutoID ids and never show
//     there.
//   - A request in flight when the connection drops ends
//     store.Interrupted and is never sent again; a reconnection leaves an
//     outage marker in the events. A launched QEMU that exited is not
//     reconnected to until RetryNow relaunches it.
//   - A session read from a log sends nothing (ErrRecorded), and only one
//     replay or macro runs in a session at a time (ErrReplayRunning).
//   - It imports qmp, docs and app's cmdline, paths, replay, send, store,
//     transport, watch and wirelog; replay never imports it back (a session
//     replays through an adapter to replay.Target kept here). Config,
//     views and cmd import it.
package session
