// Package complete is the completion engine of the input line: given the
// text and the cursor, it returns ranked candidates for what the cursor is
// in — a command name, an argument name, a nested member after a dot, a
// value, or a transaction's action type — each with its kind, type and a
// one-line summary. It draws nothing; views show the candidates.
//
// The engine reads the line with [cmdline.Locate], so it agrees with the
// parser on where every word starts and ends, and resolves types with
// [docs.Schema.ArgType] from the arguments typed so far, so flat unions
// offer the members of the variant their tag selects.
//
// Arguments that name something the VM holds (a block node, a job, a QOM
// path...) are completed from its current state through a [Live] hook
// (Engine.WithLive); which argument takes which [Source] is a table, since
// the schema types them all as plain strings (see livesource.go).
//
// Invariants: an [Engine] is immutable after [New] and safe for concurrent
// use (provided its Summaries are). Complete never panics and every span it
// returns lies within the text. Work that does not depend on the line —
// folded names, sorted members, generated summaries, quoted enum values —
// is done once in New, so a keystroke costs a match over a few hundred
// names at most. Of qmpdash it imports only cmdline and docs: the
// dashboard's ":" commands are handed in by the caller (MetaCommands),
// so key bindings stay out of app.
package complete
