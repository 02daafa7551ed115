// Package share serves the monitor of a VM the dashboard holds to other
// clients — qmp-shell, scripts, `qmpdash exec` — on a QMP socket of its
// own, since a QEMU monitor takes one client at a time.
//
// Each VM's socket is SocketPath(its address) in paths.RuntimeDir(): the
// name is a hash of the monitor's canonical address (transport.MonitorKey),
// so any process can find the socket of the monitor it means to reach. The
// directory is this user's alone (0700, owner checked), the socket 0600.
//
// A client gets a greeting with the VM's version and no capabilities (no
// out-of-band execution), qmp_capabilities is answered here, and every
// other command goes through the session's one send path (app/send via
// session.Session.Check and SendTracked): the VM's read-only policy
// refuses with a QMP error reply, the command shows in the dashboard's
// command log marked with the client (store.CommandEntry.From), and its
// reply deadline is the dashboard's. A command the dashboard would ask a
// person to confirm is sent, as `qmpdash exec` sends it — the client chose
// to send it — and a warning in the dashboard says so.
//
// Invariants:
//   - Requests get the session's own ids on the wire and the reply goes
//     back with the client's id restored verbatim (any JSON type), so two
//     clients never see each other's replies. Each client's commands run
//     one at a time, in order, as QEMU runs a monitor's.
//   - Every event the session reads goes to every client that has
//     negotiated. The session's reader never waits on a client: each has
//     a bounded queue, and a client that lets it fill is disconnected with
//     a warning in the dashboard's messages.
//   - Clients are connected to one connection of the session: when it
//     ends they are disconnected, as QEMU's own clients would be, and
//     while the session is not connected a client gets no greeting.
//   - The socket is removed when the session ends (Serve returns).
//
// It imports qmp and app's cmdline, paths, send, session, store and
// transport; cmd wires it to the fleet (session.FleetConfig.Alongside).
package share
