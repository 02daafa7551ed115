// Package transport reaches a monitor from its address: a local UNIX
// socket or host:port directly, ssh:// over a shared SSH connection and
// tls:// with verified certificates (both in the remote sub-package), and
// libvirt:// and libvirt+ssh:// domains through the libvirt daemon (the
// libvirt sub-package), whose libvirt:///system stands for every running
// domain (ExpandAddresses, WatchStarted) and whose stopped domains end a
// connection with an error IsShutOff recognises (WaitStarted waits).
// Dialer says how, Connect dials in the dialect the user asked for
// (Protocol), CheckAddress and AddressHost read an address without
// dialing, ExpandAddresses turns socket globs into the sockets they match
// and AbsoluteAddress makes a local path survive a change of directory.
//
// Invariants:
//   - One connection attempt, connecting and the handshake together, is
//     bounded by Dialer.Timeout (DefaultConnectTimeout when zero); nothing
//     here retries or reconnects: sessions do that.
//   - Nothing is trusted silently: ssh:// needs the host key in
//     known_hosts, tls:// a certificate that verifies for the expected
//     name (see remote).
//   - An address that cannot be dialed is refused by CheckAddress with
//     the same error Connect would give, before anything is dialed.
//   - It imports qmp and its own remote and libvirt, nothing else of qmpdash: sessions
//     (app/session), config and cmd import it. Another way to reach a
//     monitor is a sub-package of its own beside remote.
package transport
