// Package keymap holds qmpdash's key bindings as data: every action has a
// name, a context, its default keys, a description and a group. Dispatch,
// the help overlay, the keys overlay, configuration checking and the
// generated key documentation (docs/keys.md, written by `go generate
// ./keymap` and checked for staleness by this package's tests) all derive
// from the one table, so no list of keys is ever written twice. It imports
// no UI toolkit beyond tcell's key codes.
//
// The table starts from a preset (Defaults, vim-flavoured, or "emacs"),
// which the user's [keys] entries and [[macro]] key → command bindings
// change through Customize. Customize never fails: a problem with one
// entry leaves that entry (or that one key) out, keeps the preset's
// binding and is reported, so a typo never keeps the dashboard from
// starting. Check finds conflicts: two actions on one key in one context,
// and a key of an inner context hiding an outer action that then has no
// key there.
//
// Saving: the keys overlay writes changes back into the user's own
// config.toml, editing it in place line by line (config.SaveKeyBinding,
// config.SaveMacro) rather than keeping a second, managed file. A rebinding
// replaces only its action's entry in the [keys] table (or adds the entry,
// or the table); a recorded macro is a [[macro]] table appended at the
// end. Every other line, comments and layout included, stays byte for
// byte, and there is one file to read to know the keys. The edited text
// is decoded again before it is written, so an edit that would not mean
// what it should is refused rather than saved.
package keymap
