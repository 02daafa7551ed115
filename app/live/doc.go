// Package live is the resource view model: views that refresh themselves,
// k9s-style, with no widgets. A View is data — the queries it runs, how
// their replies become keyed rows, its columns (a value path, a unit, a
// formatter), when it refreshes (an interval while it is shown, and at
// once on named events) and the actions a row offers, as command
// templates filled from the row. The views built in are JobsView,
// MigrationView, BlockView (the block graph, a tree) and DeviceViews (PCI
// as a bus tree, vCPUs, chardevs, memory devices, hotpluggable CPUs).
//
// A Poller runs a View against a set of Targets (a session, or a bare
// client for the headless commands) and keeps its Table: rows with rates
// computed from successive samples and ETAs, read by the views and the
// headless printer.
//
// Invariants:
//   - One request in flight per view and VM: each target has one loop,
//     which sends a view's queries one after the other.
//   - Nothing is sent while a target is not connected, nor while no one
//     shows the view (Poller.Show), except for the summary of a
//     Summarised view (jobs, migration): a VM one of whose RefreshOn
//     events said a job or migration moved is polled every
//     SummaryInterval until a refresh finds nothing under way
//     (Poller.Active, Table.Summary). A slow VM is polled less often
//     (Backoff), never more often than the view's interval.
//   - Every poll is an automatic request (wirelog.AutoID): a session log
//     marks it auto:, replay skips it, and the command log does not list
//     it. A session polled by a view sends no keepalive probes of its own.
//   - Row actions only build a command line (Action.Line); the caller sends
//     it through the one send path (app/send, session.Session.Check), so
//     read-only mode, confirmations and the session log apply.
//   - It imports app's session, store, termtext and cmdline and
//     qmp; no widgets, no key bindings.
package live
