// Package libvirt reaches the QEMU monitors of libvirt domains. libvirt
// holds each domain's QMP socket itself, so a monitor is reached through
// the libvirt daemon instead: commands as virDomainQemuMonitorCommand
// passthrough, events through libvirt's QEMU monitor event registration,
// and the domain's life (destroyed, started) through lifecycle events.
//
// Open presents one domain as an ordinary QMP byte stream, so the qmp
// client, sessions and everything above them need not know: a greeting
// made from query-version, qmp_capabilities answered here (no oob), request
// ids taken off before a command goes to libvirt (which refuses a command
// carrying its own) and put back on the reply, events with "data" an
// object, absent when libvirt gives none.
//
// Invariants:
//   - Every Open has a libvirt connection of its own: one QEMU-event
//     registration per domain per connection, and closing the stream ends
//     it. Over libvirt+ssh:// that connection is a channel of the shared
//     SSH connection (remote.Pool), so host keys and ~/.ssh/config are
//     honoured as for ssh://.
//   - A domain that is not running, or stops, ends the stream with a
//     *ShutOffError, which callers tell apart from a broken connection
//     (errors.As) to wait for the domain instead of retrying.
//   - QEMU monitor events are decoded here, not by go-libvirt: its decoder
//     drops every event libvirt sends without details (STOP, RESUME,
//     POWERDOWN); see eventfilter.go.
//   - libvirt marks a domain "custom-monitor" tainted on its first
//     passthrough command; Taint says so for callers that warn the user.
package libvirt
