// Package views is what a person sees: the dashboard's screens (event and
// command panes, the detail view, the VM strip, layouts, overlays for
// docs, help, keys, filters and completion) built from the generic pieces
// in views/widget, and one controller per keymap context that turns the
// user's actions into calls on app's state.
//
// Invariants: views reads VMs through app (app/session's State,
// app/store's histories), never through qmp, and sends only through
// app/send: views/headless and views/shell, which work on a bare qmp
// client, are where qmp is imported. Everything runs on tview's UI
// goroutine; readers elsewhere hand it data with QueueUpdateDraw and
// never wait for it. Server text reaches the screen only through
// widget.DrawLine (see package widget).
package views
