// Package views is what a person sees: the dashboard's screens (event and
// command panes, the detail view, the VM strip, layouts, overlays for
// docs, help, keys, filters and completion) built from the generic pieces
// in views/widget, and one controller per keymap context that turns the
// user's actions into calls on app's state.
//
// Invariants: views reads app's state and sends only through app/send;
// it never talks to a QMP connection itself. Everything runs on tview's UI
// goroutine; readers elsewhere hand it data with QueueUpdateDraw and
// never wait for it. Server text reaches the screen only through
// widget.DrawLine (see package widget).
package views
