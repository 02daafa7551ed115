// Package keymap holds qmpdash's key bindings as data: every action has a
// name, a context, its default keys and a description. Dispatch, the help
// overlay and the generated key documentation all derive from the one
// table, so no list of keys is ever written twice. It imports no UI toolkit
// beyond tcell's key codes.
package keymap
