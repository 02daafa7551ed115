// Package send is the one path a command line takes to a monitor, whoever
// sends it: the dashboard's input line and its broadcasts, replays and
// macros, the headless exec and shell. A parsed line goes through Check
// (the connection, the schema by Prepare, the Policy), then the caller's
// confirmation decision (NeedsConfirm), then Send, which bounds it by its
// Timeouts deadline and records it in a store.CommandLog.
//
// Invariants:
//   - Nothing reaches the server before every refusal has had its say:
//     Check refuses a line with no connection (ErrNotConnected), a file
//     the connection cannot carry (qmp.ErrFilesNeedLocalSocket), a line
//     the schema rejects (*ValidationError) and a command the policy
//     forbids (ErrReadOnly), and Prepared.Do opens a file to pass only
//     once the request is about to go (ErrPassFile when it cannot).
//   - The pipeline decides, people are asked elsewhere: NeedsConfirm only
//     answers whether the Policy wants a person to confirm, and Send never
//     asks. Only callers with a person present ask (the dashboard's
//     dialog, the interactive shell's prompt); a macro refuses such a
//     command (session.Session.CheckMacro); replays, exec and a piped shell
//     send it.
//   - An HMP command line is confirmed exactly when its QMP twin is; one
//     with no known twin asks whenever anything at all is confirmed, and
//     read-only mode lets only "info" through.
//   - One timeout table: Timeouts.For alone gives a command its reply
//     deadline (an override, then the built-in slow commands, then the
//     default, DefaultCommandTimeout when none is set), and 0, no
//     deadline, only for an Unbounded table without a default.
//   - Every command sent has a command log entry from the moment it goes,
//     and its outcome lands there; Sent waits for it without polling.
//   - It imports qmp, docs and app's cmdline, store and termtext, nothing
//     else of qmpdash: no session state, no widgets, no key bindings.
//     app/session, app/replay and the views import it.
package send
