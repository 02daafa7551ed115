// Package termtext makes text from outside qmpdash fit to reach a terminal:
// safe (EscapeControls, EscapeText, EscapeJSON) and readable (Condense for
// one-line summaries of JSON, HumanBytes and FormatBytes for byte counts).
// Dashboard widgets and headless commands print through it alike.
//
// Invariants:
//   - What the escapers and Condense return holds no character a terminal
//     obeys or hides: no C0 or C1 control, no DEL, no byte that is not
//     UTF-8, no Unicode format character. Each is shown as a visible
//     escape instead; EscapeText keeps newlines and tabs, EscapeJSON
//     newlines between tokens.
//   - Clean input costs a scan and no copy.
//   - Every function is pure: no state, no I/O, safe for concurrent use.
//   - tview's style tags are not its business: a widget still escapes
//     them (tview.Escape) where it draws with tags on.
//   - It imports nothing of app or views, so both, and cmd, can use it;
//     of qmpdash it imports only qmp (its nesting-depth check).
package termtext
