// Package history keeps the command lines a user enters, across runs, for
// the dashboard's input line and the shell: File reads and appends the
// history file, Writer appends from its own goroutine so the UI never
// waits on the disk, and CarriesSecret decides which lines are not kept.
//
// Its invariants:
//   - The file is created 0600, its directories 0700 (see paths).
//   - Lines are appended in the order they were entered; a Writer drops a
//     line rather than block, but never reorders.
//   - A line that seems to carry a credential (CarriesSecret) is never
//     stored unless File.KeepSecrets is set (the history_secrets setting).
//   - A blank line, or one with terminal controls or format characters, is
//     never stored, and such a line found in the file is never loaded: a
//     line editor would write it back to the terminal as it is.
//
// It imports no tview, no keymap and nothing of app but its leaves
// (cmdline, paths, termtext).
package history
