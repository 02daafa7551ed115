// Package jsondiff compares two JSON values path by path: what :watch
// highlights between two refreshes and what a replay reports between a
// recorded reply and the one it got. Paths are written as jq writes them
// (".return.status", ".[0].id").
//
// Invariants: a diff is bounded (MaxChanges kept, all counted), and two
// equal values, whatever the order of their members, give no change.
//
// It imports nothing of qmpdash.
package jsondiff
