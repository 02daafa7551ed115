// Package replay sends recorded or scripted commands to a monitor again
// and judges what comes back. A File is read from a session log (the
// user's commands with their recorded replies) or from a script (command
// lines and the directives @wait, @sleep and @expect-error); MacroSteps
// reads a macro's lines the same way. Run plays Steps into a Target: a
// ClientTarget over a bare client (qmpdash replay), or a dashboard
// session (app/session implements Target for its sessions).
//
// Invariants:
//   - Every command goes through the Target's Check, the one send path
//     (app/send), before anything is sent: a replay never gets past the
//     schema, the read-only policy or a missing connection, and DryRun
//     checks every command and sends none.
//   - A command that goes out waits for its outcome (its reply, its
//     deadline, or the connection's end) before the next step; the first
//     unexpected outcome stops the run unless ContinueOnError, and a lost
//     connection or an ended context stops it always.
//   - A @wait matches only events that arrived after the command before
//     it was sent, so an event that comes before its command's reply is
//     not missed, and one event never satisfies two @waits.
//   - From a log only what the user sent is replayed: qmpdash's own
//     requests (wirelog.IsAutomatic) and unreadable lines are skipped, the
//     latter listed in File.Skipped.
//   - It imports qmp, docs and app's cmdline, jsondiff, paths, send,
//     store, termtext and wirelog; never app/session, which imports it.
package replay
