// Package watch pins a read-only query as a live view: a Watch sends it
// again every interval and keeps the latest reply, what changed since the
// one before (Diff) and how many refreshes changed something. The
// dashboard's :watch and the headless "qmpdash watch" are both built on it.
//
// Invariants:
//   - Every poll goes through the one send path (send.Sender: check,
//     policy, timeout, send), marked as an automatic request (its id is
//     wirelog.AutoID), so session logs and replays tell it from what the
//     user typed, and it is not entered in the session's command log.
//   - Only a command the read-only policy allows can be watched (Parse
//     refuses the rest with ErrNotReadOnly), whatever the VM's own mode.
//   - One request of a watch is in flight at a time; none is sent while
//     the monitor is disconnected or while nothing shows the watch
//     (SetVisible(false)); a slow reply stretches the wait before the next
//     (NextDelay).
//   - A Set bounds the watches of one VM (MaxWatches); closing a watch
//     stops its polling before Close returns.
//
// It imports app's cmdline, jsondiff, send and wirelog, nothing else of qmpdash: no
// session state, no widgets. app/session gives every session a Set; the
// views and cmd/qmpdash's watch command are built on it.
package watch
