// Package qmp is a client for the QEMU Monitor Protocol and the QEMU guest
// agent protocol. It knows the wire format and nothing about user interfaces
// or application state.
//
// A Client owns one connection and one reader goroutine. Its invariants:
//
//   - Every request carries an id and replies are routed by id, so any number
//     of requests may be in flight from any number of goroutines. A reply whose
//     requester gave up is counted and dropped, never handed to someone else.
//   - The reader goroutine never blocks on a consumer: each event subscription
//     has a bounded queue that drops its oldest events when full and reports
//     the gap with a count. Only a client made with Options.Backpressure, for
//     a consumer with no user interface, waits for room instead and loses
//     nothing.
//   - One buffered reader sees every byte from the greeting on; a line longer
//     than Options.MaxLineSize fails with a *LineTooLongError, never silently.
//   - Close never hangs: it closes the socket, which unblocks the reader and
//     any writer, and waits only for the client's own goroutine.
package qmp
