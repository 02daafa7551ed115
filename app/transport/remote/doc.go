// Package remote reaches QEMU monitors on other hosts: over SSH, as a
// direct-streamlocal channel to the remote UNIX socket (no helper needed on
// the remote side), and over TLS to QEMU's own tls-creds-x509 chardevs.
//
// Nothing is trusted silently: SSH host keys must already be in
// known_hosts, and TLS servers must present a certificate that verifies
// against the given CA (or the system roots) for the expected name. Errors
// say which check failed and how to fix it.
//
// A Pool keeps one SSH connection per user@host:port, shared by every
// monitor and listing on that host. When the connection dies the next dial
// makes a new one, so callers that redial (session.Session) recover on their own.
package remote
