// Package docs holds what qmpdash knows about the commands of the connected
// QEMU: the schema model built from the monitor's own introspection, and
// the documentation index (Index, Ref) built at run time from the QEMU
// documentation installed on the user's machine: the qemu-qmp-ref(7) family
// of man pages in either roff dialect, the HTML manual
// (interop/qemu-qmp-ref.html), or a QAPI schema directory. No QEMU
// text is shipped; Index.Describe joins the live schema's exact names and
// types with whatever prose the user's docs give.
//
// The schema comes from query-qmp-schema when the monitor offers it. Older
// or smaller endpoints get a degraded model instead: query-commands gives
// command names only, and the guest agent's guest-info gives names plus
// whether each command is enabled. Code that uses a Schema must therefore
// treat a nil Command.Args as "arguments unknown", never as "no arguments".
//
// Type names in introspection are masked numbers that differ between builds,
// so nothing here keys on them except to link the graph; types are described
// to users by their structure.
//
// Invariants: a Schema or Index is never modified after it is built, so it
// may be read from any number of goroutines. The type graph may contain cycles; every
// walk over it is bounded either by the JSON value it checks or by an
// explicit depth limit.
//
// The package is a leaf: it imports no UI code and nothing outside the
// standard library.
package docs
