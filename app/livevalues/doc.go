// Package livevalues keeps the values that completion offers from a VM's
// current state — block node names, block devices, job ids, dirty
// bitmaps, chardev ids, QOM children — in a cache that the completer
// reads on the UI goroutine without waiting.
//
// Invariants: Values never waits on the network. A value older than the
// cache's freshness (or never fetched) is fetched again in the
// background, as an automatic request (Querier.Poll), with at most one
// request in flight per query (one qom-list at a time, whatever its
// path) and none while the VM is disconnected; the old values are offered
// meanwhile. Version grows when fetched values arrive, so that a popup
// can be redrawn with them. It imports app/complete (for its Source) and
// app/session (whose sessions it polls), nothing of the UI.
package livevalues
